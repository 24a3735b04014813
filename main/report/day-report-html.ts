import { t } from '../../contract/i18n';
import { formatYuan } from '../../contract/money';
import { esc, htmlDocument, localStamp } from '../paper/html';
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
<p class="foot">${esc(t('REPORT_NOTE'))}</p>
<p style="margin-top:3em">${esc(t('REPORT_SIGN'))}</p>`;
  return htmlDocument({ title: `${t('REPORT_TITLE')} ${r.date}`, format: 'A4', training: r.training, body });
}
