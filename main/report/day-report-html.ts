import { t } from '../../contract/i18n';
import { formatYuan } from '../../contract/money';
import { esc, htmlDocument, localStamp } from '../paper/html';
import { maskedBankCard } from '../paper/pos-slip';
import type { DayReport } from './day-report';
import { summaryLines } from './summary';

/** The day report as a complete A4 HTML document, for the screen, paper and the PDF archive. */
export function renderDayReport(r: DayReport, opts: { timeZone?: string } = {}): string {
  const head = `<tr><th>${esc(t('REPORT_ITEM'))}</th><th class="num">${esc(t('REPORT_COUNT'))}</th>` +
    `<th class="num">${esc(t('REPORT_SUM'))}</th></tr>`;
  const lines = summaryLines(r);
  const table = (section: 'channel' | 'result') => `<table class="grid">${head}${lines.filter((l) => l.section === section)
    .map((l) => `<tr${l.label === 'REPORT_TOTAL_PAID' ? ' style="font-weight:bold"' : ''}><td>${l.sub ? '　　' : ''}${esc(t(l.label))}</td>` +
      `<td class="num">${esc(l.tally.count)}</td><td class="num">${esc(formatYuan(l.tally.sumFen))}</td></tr>`).join('')}</table>`;
  const body = `
<h1>${esc(t('REPORT_TITLE'))}</h1>
<hr class="rule solid">
<table class="kv">
<tr><th>${esc(t('PRINT_BRANCH'))}</th><td>${esc(r.branch)}</td></tr>
<tr><th>${esc(t('PRINT_TERMINAL'))}</th><td class="mono">${esc(r.terminalId)}</td></tr>
<tr><th>${esc(t('REPORT_DATE'))}</th><td>${esc(r.date)}</td></tr>
<tr><th>${esc(t('REPORT_GENERATED'))}</th><td>${esc(localStamp(r.generatedAt, opts.timeZone))}</td></tr>
<tr><th>${esc(t('REPORT_TOTAL_RECHARGES'))}</th><td>${esc(r.totals.recharges)}</td></tr>
</table>
<h2>${esc(t('REPORT_BY_CHANNEL'))}</h2>${table('channel')}
<h2>${esc(t('REPORT_BY_RESULT'))}</h2>${table('result')}
${posSlipTable(r, opts.timeZone)}
<p class="foot">${esc(t('REPORT_NOTE'))}</p>
<p style="margin-top:3em">${esc(t('REPORT_SIGN'))}</p>`;
  return htmlDocument({ title: `${t('REPORT_TITLE')} ${r.date}`, format: 'A4', training: r.training, body });
}

/** The day's POS slips, with the ones to void on the POS today marked (docs/pos.md); nothing when there were none. */
function posSlipTable(r: DayReport, timeZone?: string): string {
  if (r.posSlips.length === 0) return '';
  const th = ['REPORT_POS_TIME', 'PRINT_POS_REFERENCE', 'PRINT_POS_VOUCHER', 'PRINT_POS_TERMINAL', 'PRINT_POS_CARD', 'PRINT_PLATE', 'REPORT_SUM', 'REPORT_POS_STATE']
    .map((k) => `<th${k === 'REPORT_SUM' ? ' class="num"' : ''}>${esc(t(k))}</th>`).join('');
  const rows = r.posSlips.map((p) => `<tr><td>${esc(localStamp(p.voucher.at, timeZone))}</td><td class="mono">${esc(p.voucher.referenceNo)}</td>` +
    `<td class="mono">${esc(p.voucher.voucherNo)}</td><td class="mono">${esc(p.voucher.posTerminalNo)}</td>` +
    `<td class="mono">${esc(maskedBankCard(p.voucher.cardNoMasked) ?? '—')}</td><td>${esc(p.plate)}</td>` +
    `<td class="num">${esc(formatYuan(p.amountFen))}</td><td>${esc(t(`UI_STATE_${p.state}`))}${p.voidOnPos ? `<b>　${esc(t('REPORT_POS_VOID'))}</b>` : ''}</td></tr>`).join('');
  return `<h2>${esc(t('REPORT_POS_SLIPS'))}</h2><table class="grid"><tr>${th}</tr>${rows}</table><p class="foot">${esc(t('REPORT_POS_NOTE'))}</p>`;
}
