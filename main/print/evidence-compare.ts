import type { CardEvidence } from '../../contract/host-api';
import { decisionReason, decisionVerdict, t } from '../../contract/i18n';
import { formatYuan } from '../../contract/money';
import type { RechargeEvent } from '../../contract/recharge';
import { evidenceOf, hostStatusOf, resolutionOf, type EventData } from '../../contract/recharge-events';
import { esc, localStamp } from '../paper/html';

/** One column of the comparison: what the card and the host showed at one check. */
export interface EvidenceColumn {
  at: string;
  evidence: CardEvidence | null;
  hostStatus: string | null;
  verdict: string;
  outcome: string | null;
}

/** The evidence when the recharge was referred to the administrator, and the supervisor's newest check of it. */
export interface EvidenceCompare { old: EvidenceColumn; now: EvidenceColumn }

/** The card evidence an event holds: a decision's, or the one a refused confirmation carried. */
export function eventEvidence(d: EventData): CardEvidence | null {
  return evidenceOf(d) ?? (d.step === 'host-refused' ? d.request?.evidence ?? null : null);
}

function column(e: RechargeEvent, timeZone?: string): EvidenceColumn {
  const d = e.data;
  const refused = d.step === 'host-refused' ? d.hostCode : null;
  const status = hostStatusOf(d);
  return {
    at: localStamp(e.at, timeZone), evidence: eventEvidence(d),
    hostStatus: status ?? (refused ? `HOST_REJECTED ${refused}` : null),
    verdict: d.step === 'decision' ? [decisionVerdict(d.verdict), decisionReason(d.reason)].join(' — ') : refused ?? '—',
    outcome: resolutionOf(d)?.outcome ?? null,
  };
}

/**
 * The old evidence (the last event that referred the recharge to NEEDS_ADMIN, not a re-check) and the new
 * (the supervisor's newest check, main/recharge/admin-resolve.ts): null until a supervisor checked it.
 */
export function evidenceCompare(events: readonly RechargeEvent[], timeZone?: string): EvidenceCompare | null {
  const checks = events.filter((e) => resolutionOf(e.data) !== null);
  const last = checks.at(-1);
  if (!last) return null;
  const referred = events.filter((e) => e.state === 'NEEDS_ADMIN' && resolutionOf(e.data) === null && e.seq < (checks[0]?.seq ?? last.seq)).at(-1);
  if (!referred) return null;
  return { old: column(referred, timeZone), now: column(last, timeZone) };
}

const money = (fen: number | null | undefined): string => (fen === null || fen === undefined ? t('PRINT_NONE') : t('PRINT_YUAN', { amount: formatYuan(fen) }));
const record = (e: CardEvidence | null): string => {
  const r = e?.loadRecord;
  return r ? `#${r.serial} ${formatYuan(r.amountFen)} ${r.terminalId} ${r.at.replace('T', ' ')}` : t('PRINT_NONE');
};

/** The comparison table of the evidence slip: old and new side by side. */
export function renderCompare(c: EvidenceCompare): string {
  const rows: [string, (x: EvidenceColumn) => string][] = [
    ['PRINT_EVIDENCE_WHEN', (x) => x.at],
    ['PRINT_CARD_BALANCE', (x) => money(x.evidence?.balanceFen)],
    ['PRINT_SERIAL', (x) => String(x.evidence?.onlineSerial ?? t('PRINT_NONE'))],
    ['PRINT_EVIDENCE_LOAD_RECORD', (x) => record(x.evidence)],
    ['PRINT_HOST_ORDER_STATUS', (x) => x.hostStatus ?? t('PRINT_HOST_UNKNOWN')],
    ['PRINT_EVIDENCE_VERDICT', (x) => x.verdict],
    ['PRINT_EVIDENCE_OUTCOME', (x) => (x.outcome ? t(`UI_STATE_${x.outcome === 'UNRESOLVED' ? 'NEEDS_ADMIN' : x.outcome}`) : t('UI_STATE_NEEDS_ADMIN'))],
  ];
  return `<table class="grid" data-compare><tr><th>${esc(t('PRINT_EVIDENCE_ITEM'))}</th><th>${esc(t('PRINT_EVIDENCE_OLD'))}</th>` +
    `<th>${esc(t('PRINT_EVIDENCE_NEW'))}</th></tr>` +
    rows.map(([k, f]) => `<tr><td>${esc(t(k))}</td><td class="mono">${esc(f(c.old))}</td><td class="mono">${esc(f(c.now))}</td></tr>`).join('') +
    '</table>';
}
