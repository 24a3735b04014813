import { esc, htmlDocument, kvRow, localStamp, type PaperFormat } from '../paper/html';
import { t } from '../../contract/i18n';

/**
 * 打印测试页: what 系统设置's test print puts on the chosen printer and paper, so the supervisor sees
 * the paper width, Chinese characters, digits and the cut before the first customer's receipt.
 */
export function renderTestPage(o: { printer: string; format: PaperFormat; branch: string; terminalId: string; operatorId: string; at: Date }): string {
  const rows = [
    kvRow('PRINT_TEST_BRANCH', esc(o.branch)),
    kvRow('PRINT_TEST_TERMINAL', `<span class="mono">${esc(o.terminalId)}</span>`),
    kvRow('PRINT_TEST_PRINTER', esc(o.printer)),
    kvRow('PRINT_TEST_PAPER', esc(o.format)),
    kvRow('PRINT_TEST_OPERATOR', esc(o.operatorId)),
    kvRow('PRINT_TEST_TIME', esc(localStamp(o.at))),
    kvRow('PRINT_TEST_DIGITS', '<span class="mono">6201 2307 1500 0041 8823 · 0123456789</span>'),
  ].join('\n');
  const body = `<h1>${esc(t('PRINT_TEST_TITLE'))}</h1>
<hr class="rule solid">
<table class="kv">${rows}</table>
<hr class="rule">
<p class="foot">${esc(t('PRINT_TEST_FOOT'))}</p>`;
  return htmlDocument({ title: t('PRINT_TEST_TITLE'), format: o.format, training: false, body });
}
