import { groupCardNo } from '../../contract/format';
import type { CardInfo, CardTransaction } from '../../contract/card';
import { PLATE_COLORS } from '../../contract/card';
import { AppError } from '../../contract/errors';
import { decisionReason, t } from '../../contract/i18n';
import { formatYuan, type Fen } from '../../contract/money';
import { PAY_CHANNEL_NAMES, type RechargeEvent, type RechargeRecord } from '../../contract/recharge';
import { esc, htmlDocument, kvRow, localStamp } from '../paper/html';
import { summarise } from '../paper/summarise';
import { hostStatusOf, resolutionOf, type EventData } from '../../contract/recharge-events';
import { eventEvidence } from './evidence-compare';
import { evidenceCompare, renderCompare, type EvidenceCompare } from './evidence-compare';
import type { ReceiptContext } from './receipt';

/** What the issuer's administrator asks for when a recharge's evidence contradicts itself (需管理员). */
export interface EvidenceData {
  record: RechargeRecord;
  branch: string;
  /** Where the card figures come from: a fresh read now, or what the engine saw when it decided. */
  cardSource: { kind: 'fresh'; at: string } | { kind: 'evidence' };
  cardBalanceFen: Fen | null;
  cardSerial: number | null;
  transactions: CardTransaction[];
  reason: string; // the operator's message for the error, plus the engine's own reason
  hostStatus: string | null;
  events: { seq: number; at: string; state: string; summary: string }[];
  /** After a supervisor's check (admin-resolve.ts): the old evidence beside the new. */
  compare: EvidenceCompare | null;
  printed: { terminalId: string; operatorId: string; at: string };
}

export interface EvidenceContext extends ReceiptContext {
  /** A card read now (`engine.readCard()`), if the customer's card is at the counter. */
  card?: CardInfo | null;
  /** The host's order status looked up now (`host.getOrder`), if it answered. */
  hostStatus?: string | null;
}

/** Whether a recharge has an evidence slip: it needs the administrator, or a supervisor resolved it from there. */
export function hasEvidence(record: RechargeRecord, events: readonly RechargeEvent[]): boolean {
  return record.state === 'NEEDS_ADMIN' || events.some((e) => resolutionOf(e.data) !== null);
}

/** Builds the slip's data from the journal. Refuses a recharge that never needed an administrator. */
export function evidenceData(record: RechargeRecord, events: RechargeEvent[], ctx: EvidenceContext): EvidenceData {
  if (!hasEvidence(record, events)) {
    throw new AppError('PRINT_EVIDENCE_NOT_NEEDED', { id: record.id, state: t(`UI_STATE_${record.state}`) });
  }
  // The evidence of the referral (not a supervisor's re-check): what the administrator was handed.
  const decisive = events.filter((e) => e.state === 'NEEDS_ADMIN' && resolutionOf(e.data) === null).at(-1)?.data ?? null;
  const evidence = decisive ? eventEvidence(decisive) : null;
  const card = ctx.card ?? null;
  const transactions = card
    ? card.transactions.slice(0, 10)
    : evidence?.loadRecord
      ? [{ serial: evidence.loadRecord.serial, overdraftFen: 0, amountFen: evidence.loadRecord.amountFen, type: 2,
        terminalId: evidence.loadRecord.terminalId, at: evidence.loadRecord.at }]
      : [];
  const balance = card?.balanceFen ?? evidence?.balanceFen ?? (decisive?.step === 'balance-mismatch' ? decisive.balanceFen : null);
  const why = decisive?.step === 'decision' ? decisionReason(decisive.reason) : null;
  return {
    record,
    branch: ctx.branch,
    cardSource: card ? { kind: 'fresh', at: localStamp(ctx.printedAt, ctx.timeZone) } : { kind: 'evidence' },
    cardBalanceFen: balance,
    cardSerial: evidence?.onlineSerial ?? record.onlineSerial,
    transactions,
    reason: [t(referralError(events) ?? record.error ?? 'RECHARGE_NEEDS_ADMIN', refusalParams(decisive)), why].filter(Boolean).join(' — '),
    hostStatus: ctx.hostStatus ?? lastHostStatus(events),
    events: events.map((e) => ({ seq: e.seq, at: localStamp(e.at, ctx.timeZone), state: e.state, summary: summarise(e.data) })),
    compare: evidenceCompare(events, ctx.timeZone),
    printed: { terminalId: ctx.terminalId, operatorId: ctx.operatorId, at: localStamp(ctx.printedAt, ctx.timeZone) },
  };
}

/** The error code the recharge carried when it was referred: a resolution clears the record's and keeps it (admin-resolve.ts). */
function referralError(events: readonly RechargeEvent[]): string | null {
  for (const e of events) {
    const r = resolutionOf(e.data);
    if (r) return r.previousError;
  }
  return null;
}

/** The host's own code and message of a refusal (HOST_REJECTED's parameters), when that is what referred it. */
function refusalParams(d: EventData | null): Record<string, string | number> {
  return d?.step === 'host-refused' ? d.params : {};
}

function lastHostStatus(events: RechargeEvent[]): string | null {
  for (const e of [...events].reverse()) {
    const status = hostStatusOf(e.data);
    if (status) return status;
    if (e.data.step === 'host-refused') return `HOST_REJECTED ${JSON.stringify(e.data.params)}`;
  }
  return null;
}

const TX_TYPES: Record<number, string> = { 2: 'PRINT_TX_LOAD', 6: 'PRINT_TX_PURCHASE', 9: 'PRINT_TX_COMPOSITE' };
const money = (fen: Fen | null): string => (fen === null ? t('PRINT_NONE') : t('PRINT_YUAN', { amount: formatYuan(fen) }));

/** The evidence slip as a complete A4 HTML document. */
export function renderEvidence(d: EvidenceData): string {
  const r = d.record;
  const recharge = [
    kvRow('PRINT_RECHARGE_ID', esc(r.id), 'mono'),
    kvRow('PRINT_BRANCH', esc(d.branch)),
    kvRow('PRINT_TERMINAL', esc(r.terminalId), 'mono'),
    kvRow('PRINT_OPERATOR', esc(r.operatorId)),
    kvRow('PRINT_TIME', esc(localStamp(r.createdAt))),
    kvRow('PRINT_AMOUNT', esc(money(r.amountFen))),
    kvRow('PRINT_CHANNEL', esc(PAY_CHANNEL_NAMES[r.channel].zh)),
    kvRow('PRINT_TRADE_NO', esc(r.tradeNo ?? t('PRINT_NONE')), 'mono'),
    kvRow('PRINT_ORDER_NO', esc(r.orderId ?? t('PRINT_NONE')), 'mono'),
    kvRow('PRINT_STATUS', `<strong>${esc(t(`UI_STATE_${r.state}`))}</strong>`),
    kvRow('PRINT_REASON', esc(d.reason)),
  ].join('');
  const source = d.cardSource.kind === 'fresh' ? t('PRINT_CARD_SOURCE_FRESH', { at: d.cardSource.at }) : t('PRINT_CARD_SOURCE_EVIDENCE');
  const card = [
    kvRow('PRINT_CARD_NO', esc(groupCardNo(r.cardNo)), 'mono'),
    kvRow('PRINT_PLATE', esc(`${r.plate}（${PLATE_COLORS[r.plateColor]?.zh ?? r.plateColor}）`)),
    kvRow('PRINT_BALANCE_BEFORE', esc(money(r.balanceBeforeFen))),
    kvRow('PRINT_EXPECTED_BALANCE', esc(money(r.balanceBeforeFen + r.amountFen))),
    kvRow('PRINT_CARD_BALANCE', `${esc(money(d.cardBalanceFen))}　<small>${esc(source)}</small>`),
    kvRow('PRINT_SERIAL', esc(d.cardSerial ?? t('PRINT_NONE')), 'mono'),
    kvRow('PRINT_TAC', esc(r.tac ?? t('PRINT_NONE')), 'mono'),
  ].join('');
  const tx = d.transactions.length === 0
    ? `<p>${esc(t('PRINT_TX_NONE'))}</p>`
    : `<table class="grid"><tr><th class="num">${esc(t('PRINT_TX_SERIAL'))}</th><th>${esc(t('PRINT_TX_TYPE'))}</th>` +
      `<th class="num">${esc(t('PRINT_TX_AMOUNT'))}</th><th>${esc(t('PRINT_TX_TERMINAL'))}</th><th>${esc(t('PRINT_TX_TIME'))}</th></tr>` +
      d.transactions.map((x) => `<tr><td class="num mono">${esc(x.serial)}</td><td>${esc(t(TX_TYPES[x.type] ?? 'PRINT_TX_OTHER', { type: x.type }))}</td>` +
        `<td class="num">${esc(formatYuan(x.amountFen))}</td><td class="mono">${esc(x.terminalId)}</td><td>${esc(x.at.replace('T', ' '))}</td></tr>`).join('') +
      '</table>';
  const events = `<table class="grid"><tr><th class="num">${esc(t('PRINT_EV_SEQ'))}</th><th>${esc(t('PRINT_EV_TIME'))}</th>` +
    `<th>${esc(t('PRINT_EV_STATE'))}</th><th>${esc(t('PRINT_EV_DATA'))}</th></tr>` +
    d.events.map((e) => `<tr><td class="num">${esc(e.seq)}</td><td style="white-space:nowrap">${esc(e.at)}</td>` +
      `<td style="white-space:nowrap">${esc(t(`UI_STATE_${e.state}`))}<br><small class="mono">${esc(e.state)}</small></td>` +
      `<td class="mono" style="font-size:0.82em;word-break:break-all">${esc(e.summary)}</td></tr>`).join('') + '</table>';
  const body = `
<h1>${esc(t('PRINT_EVIDENCE_TITLE'))}</h1>
<p class="sub">${esc(t(d.compare && r.state !== 'NEEDS_ADMIN' ? 'PRINT_EVIDENCE_SUBTITLE_RESOLVED' : 'PRINT_EVIDENCE_SUBTITLE'))}</p>
<hr class="rule solid">
<h2>${esc(t('PRINT_SECTION_RECHARGE'))}</h2><table class="kv">${recharge}</table>
<h2>${esc(t('PRINT_SECTION_CARD'))}</h2><table class="kv">${card}</table>
${d.compare ? `<h2>${esc(t('PRINT_EVIDENCE_COMPARE'))}</h2>${renderCompare(d.compare)}` : ''}
<h2>${esc(t('PRINT_SECTION_TRANSACTIONS'))}</h2>${tx}
<h2>${esc(t('PRINT_SECTION_EVENTS'))}</h2>${events}
<h2>${esc(t('PRINT_SECTION_HOST'))}</h2>
<table class="kv">${kvRow('PRINT_HOST_ORDER_STATUS', esc(d.hostStatus ?? t('PRINT_HOST_UNKNOWN')), 'mono')}</table>
<div class="sign"><span>${esc(t('PRINT_SIGN_OPERATOR'))}</span><span>${esc(t('PRINT_SIGN_SUPERVISOR'))}</span><span>${esc(t('PRINT_SIGN_ADMIN'))}</span></div>
<div class="foot">${esc(t('PRINT_PRINTED', { terminal: d.printed.terminalId, operator: d.printed.operatorId, at: d.printed.at }))}</div>`;
  return htmlDocument({ title: t('PRINT_EVIDENCE_TITLE'), format: 'A4', training: r.training, body });
}
