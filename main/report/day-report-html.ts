import type { DayClosureView, Reconciliation, ReconcileRow } from '../../contract/ipc';
import { t } from '../../contract/i18n';
import { formatYuan } from '../../contract/money';
import { PAY_CHANNEL_NAMES } from '../../contract/recharge';
import { witnessText } from '../../contract/witness';
import { groupHex } from '../journal/chain';
import { esc, htmlDocument, localStamp } from '../paper/html';
import { maskedBankCard } from '../paper/pos-slip';
import type { DayReport } from './day-report';
import { summaryLines } from './summary';

export interface DayReportPaper {
  timeZone?: string;
  /** 对账 with the host (main/report/reconcile.ts), or null with why it could not be done. */
  reconciliation?: Reconciliation | null;
  reconcileError?: string | null;
  closed?: DayClosureView | null;
}

const RED = 'style="color:#b00000"';

/**
 * Page breaks a person can live with: a heading stays with its table, a table row is never cut, and the
 * closing lines (the chain head, the note, the signatures) go over to the next page together — never the
 * signature line alone on a page of its own.
 */
const KEEP_TOGETHER = `<style>
h2 { break-after: avoid-page; }
table.grid tr { break-inside: avoid; }
.closing { break-inside: avoid; page-break-inside: avoid; }
.closing .sign { margin-top: 2.5em; }
</style>`;

function refundsTable(r: DayReport, tz?: string): string {
  if (r.refunds.length === 0) return `<p>${esc(t('UI_DAY_REFUNDS_EMPTY'))}</p>`;
  const head = ['REPORT_REFUND_COL_STATUS', 'COL_TIME', 'COL_PLATE', 'COL_AMOUNT_YUAN', 'COL_CHANNEL', 'COL_TRADE_NO', 'REPORT_REFUND_COL_DATE', 'REPORT_REFUND_COL_NO'];
  return `<table class="grid"><tr>${head.map((k) => `<th>${esc(t(k))}</th>`).join('')}</tr>${r.refunds.map((l) => `<tr>` +
    `<td>${esc(t(`REPORT_REFUND_STATUS_${l.status}`))}</td><td>${esc(localStamp(l.createdAt, tz))}</td><td>${esc(l.plate)}</td>` +
    `<td class="num">${esc(formatYuan(l.amountFen))}</td><td>${esc(PAY_CHANNEL_NAMES[l.channel].zh)}</td><td class="mono">${esc(l.tradeNo ?? '')}</td>` +
    `<td>${esc(l.refundedAt ? localStamp(l.refundedAt, tz).slice(0, 10) : l.expectedDate ?? '')}</td><td class="mono">${esc(l.refundNo ?? '')}</td></tr>`).join('')}</table>`;
}

/** The rows staff must act on, in red with what to do: mismatched, host-only, journal-only. */
function reconcileSection(rec: Reconciliation | null | undefined, error: string | null | undefined, tz?: string): string {
  if (!rec) return `<p ${RED}>${esc(t('RECONCILE_UNAVAILABLE', { message: error ?? '' }))}</p>`;
  const counts = t('RECONCILE_COUNTS', {
    matched: rec.matched.length, hostOnly: rec.hostOnly.length, journalOnly: rec.journalOnly.length, mismatched: rec.mismatched.length,
  });
  const when = rec.reconciledAt ? t('RECONCILE_HOST_RECONCILED', { at: localStamp(rec.reconciledAt, tz) }) : t('RECONCILE_HOST_NOT_RECONCILED');
  const rows: [string, ReconcileRow][] = [
    ...rec.mismatched.map((x) => ['RECONCILE_MISMATCHED', x] as [string, ReconcileRow]),
    ...rec.hostOnly.map((x) => ['RECONCILE_HOST_ONLY', x] as [string, ReconcileRow]),
    ...rec.journalOnly.map((x) => ['RECONCILE_JOURNAL_ONLY', x] as [string, ReconcileRow]),
  ];
  const head = ['RECONCILE_COL_CATEGORY', 'COL_TIME', 'COL_PLATE', 'COL_AMOUNT_YUAN', 'COL_STATE', 'RECONCILE_COL_HOST_STATUS', 'RECONCILE_COL_TODO'];
  const table = rows.length === 0 ? `<p><strong>${esc(t('RECONCILE_ALL_MATCH'))}</strong></p>`
    : `<table class="grid"><tr>${head.map((k) => `<th>${esc(t(k))}</th>`).join('')}</tr>${rows.map(([cat, x]) => `<tr ${RED}>` +
      `<td>${esc(t(cat))}${x.problem ? `<br><small>${esc(t(`RECONCILE_PROBLEM_${x.problem}`))}</small>` : ''}</td>` +
      `<td>${esc(localStamp(x.createdAt, tz))}</td><td>${esc(x.plate)}</td>` +
      `<td class="num">${esc(formatYuan(x.amountFen))}${x.hostAmountFen !== null && x.hostAmountFen !== x.amountFen ? ` / ${esc(formatYuan(x.hostAmountFen))}` : ''}</td>` +
      `<td>${esc(x.state ? t(`UI_STATE_${x.state}`) : '—')}</td><td>${esc(x.hostStatus ? t(`HOST_STATUS_${x.hostStatus}`) : '—')}</td><td>${esc(x.todo ? t(x.todo) : '')}</td></tr>`).join('')}</table>`;
  // The journal against the host's witness (docs/architecture.md §3c): red unless it agrees.
  const witness = rec.witness ? `<p data-witness ${rec.witness.status === 'ok' || rec.witness.status === 'none' ? 'class="foot"' : RED}>` +
    `${esc(t('RECONCILE_WITNESS'))}：${witnessText(rec.witness, (iso) => localStamp(iso, tz)).map(esc).join('<br>')}</p>` : '';
  return `<p>${esc(counts)}</p><p class="foot">${esc(t('RECONCILE_HOST_DAYS', { days: rec.hostDays.join('、') }))}　${esc(when)}</p>${witness}${table}`;
}

/** What the 日结单 and the export say of the day's chain heads: positions and the digest in groups of four. */
export function chainParams(c: NonNullable<DayReport['chain']>): { events: number; audit: number; digest: string } {
  return { events: c.events, audit: c.audit, digest: groupHex(c.digest) };
}

/** The day report as a complete A4 HTML document, for the screen, paper and the PDF archive. */
export function renderDayReport(r: DayReport, opts: DayReportPaper = {}): string {
  const head = `<tr><th>${esc(t('REPORT_ITEM'))}</th><th class="num">${esc(t('REPORT_COUNT'))}</th>` +
    `<th class="num">${esc(t('REPORT_SUM'))}</th></tr>`;
  const lines = summaryLines(r);
  const table = (section: 'channel' | 'result') => `<table class="grid">${head}${lines.filter((l) => l.section === section)
    .map((l) => `<tr${l.label === 'REPORT_TOTAL_PAID' ? ' style="font-weight:bold"' : ''}><td>${l.sub ? '　　' : ''}${esc(t(l.label))}</td>` +
      `<td class="num">${esc(l.tally.count)}</td><td class="num">${esc(formatYuan(l.tally.sumFen))}</td></tr>`).join('')}</table>`;
  const carried = opts.closed && opts.closed.carriedOver.length > 0
    ? `<p ${RED}>${esc(t('REPORT_CARRIED_OVER', { count: opts.closed.carriedOver.length, note: opts.closed.note ?? '' }))}</p>` : '';
  const withReconcile = opts.reconciliation !== undefined || opts.reconcileError !== undefined;
  const body = `${KEEP_TOGETHER}
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
<h2>${esc(t('REPORT_REFUNDS'))}</h2>${refundsTable(r, opts.timeZone)}
${withReconcile ? `<h2>${esc(t('RECONCILE_TITLE'))}</h2>${reconcileSection(opts.reconciliation, opts.reconcileError, opts.timeZone)}` : ''}
<div class="closing">
${carried}
${r.chain ? `<p class="foot" data-chain>${esc(t('REPORT_CHAIN_HEAD', chainParams(r.chain)))}<br>${esc(t('REPORT_CHAIN_CHECK', { events: r.chain.events, audit: r.chain.audit }))}</p>` : ''}
<p class="foot">${esc(t('REPORT_NOTE'))}</p>
<p class="sign">${esc(t('REPORT_SIGN'))}</p>
</div>`;
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
