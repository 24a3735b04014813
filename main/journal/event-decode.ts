import { EventDataSchema, type EventData } from '../../contract/recharge-events';
import type { RechargeState } from '../../contract/recharge';

/**
 * An event's stored JSON as one of the typed shapes of contract/recharge-events.ts. Events written since the
 * recharge machine carry `step` and are checked against the schema; events of older journals (written before,
 * without `step`) are read by the shapes the engine then wrote, per state. Anything else is kept as `legacy`
 * with its JSON text, never dropped and never guessed at.
 */
export function decodeEventData(state: RechargeState, raw: unknown): EventData {
  const obj = isObject(raw) ? raw : {};
  const typed = EventDataSchema.safeParse('step' in obj ? obj : legacy(state, obj));
  return typed.success ? typed.data : { step: 'legacy', json: JSON.stringify(raw) };
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The shapes the engine wrote before events were typed (journal migrations 1–6), state by state. */
function legacy(state: RechargeState, d: Obj): Obj {
  if (d.forcedQuit === true) return { step: 'forced-quit', reason: str(d.reason) ?? '' };
  if (d.resolution === true) return resolution(d);
  if (typeof d.verdict === 'string' && state !== 'WRITTEN') return decision(d, d.foreignAuthorization === true ? 'foreign' : d.via === 'loaded-elsewhere' ? 'elsewhere' : 'interrupted');
  switch (state) {
    case 'READ': return read(d);
    case 'ORDERED': return ordered(d);
    case 'PAID': return { step: 'paid', hostStatus: d.hostStatus ?? 'PAID', channelStatus: str(d.channelStatus) };
    case 'INIT': return { step: 'init', ...d };
    case 'AUTHORIZED': return { step: 'authorized', ...d };
    case 'WRITTEN': return { step: 'written', tac: str(d.tac), newBalanceFen: d.newBalanceFen, evidence: d.evidence ?? null };
    case 'CONFIRMED': return { step: 'confirmed', hostStatus: d.hostStatus ?? 'LOADED' };
    case 'VERIFIED': return { step: 'verified', balanceFen: d.balanceFen };
    case 'CANCELLED': return cancelled(d);
    case 'NEEDS_ADMIN':
      if (num(d.expectedFen) !== null) return { step: 'balance-mismatch', balanceFen: d.balanceFen, expectedFen: d.expectedFen };
      if (isObject(d.hostRefused) || d.hostRefused === undefined && isObject(d.request)) {
        const params = isObject(d.hostRefused) ? d.hostRefused : {};
        return { step: 'host-refused', hostCode: str(params.hostCode) ?? 'HOST_REJECTED', params: flat(params), request: d.request ?? null, evidence: d.evidence ?? null };
      }
      return hostWord(d);
    default: return hostWord(d); // UNLOADED (the host's word), REFUNDING, REFUNDED
  }
}

function read(d: Obj): Obj {
  if (isObject(d.adoptedFrom)) {
    const a = d.adoptedFrom;
    return { step: 'adopted', orderId: a.orderId, terminalId: a.terminalId, hostStatus: a.hostStatus, cancelledTwin: str(a.cancelledTwin) };
  }
  switch (d.posCharge) {
    case 'requested': return { step: 'intent', action: 'pos-charge', deadline: null, amountFen: num(d.amountFen), authCode: null };
    case 'unknown': return { step: 'pos', outcome: 'unknown', answerCode: null, message: null, voucher: null, error: str(d.error) };
    case 'approved': return { step: 'pos', outcome: 'approved', answerCode: str(d.answerCode), message: null, voucher: d.voucher ?? null, error: null };
    default: break;
  }
  const entry = d.posEntry === 'manual' ? 'pos-manual' : d.posEntry === 'mis' ? 'pos-mis' : typeof d.authCode === 'string' ? 'code' : 'qr';
  return { step: 'opened', cardVersion: num(d.cardVersion), validUntil: str(d.validUntil), entry, pos: str(d.pos), authCode: str(d.authCode) };
}

function ordered(d: Obj): Obj {
  if (d.micropay === 'sent') return { step: 'intent', action: 'micropay', deadline: null, amountFen: null, authCode: str(d.authCode) };
  if (d.micropay === 'refused' || d.micropay === 'waiting') {
    return { step: 'micropay', outcome: d.micropay, channelStatus: str(d.channelStatus), hostCode: str(d.hostCode), message: str(d.message) };
  }
  if (isObject(d.acquirerSlip)) return { step: 'acquirer-slip', voucher: d.acquirerSlip };
  return { step: 'ordered', orderId: str(d.orderId) ?? '', channelStatus: str(d.channelStatus) };
}

function cancelled(d: Obj): Obj {
  if (typeof d.hostRefused === 'string') return { step: 'pos-refused', hostCode: d.hostRefused, message: str(d.message) ?? '', voidOnPos: d.voidOnPos === true };
  if (d.posCharge === 'declined') return { step: 'pos', outcome: 'declined', answerCode: str(d.answerCode), message: str(d.message), voucher: null, error: 'POS_DECLINED' };
  if (d.posCharge === 'none') return { step: 'cancelled', by: d.cancelled === true ? 'operator' : 'pos-none', orderId: null, channelStatus: null };
  if (typeof d.hostStatus === 'string') return hostWord(d);
  return { step: 'cancelled', by: 'operator', orderId: str(d.orderId), channelStatus: str(d.channelStatus) };
}

function hostWord(d: Obj): Obj {
  return { step: 'host-word', hostStatus: d.hostStatus, channelStatus: str(d.channelStatus), refund: d.refund ?? null, reason: str(d.reason) };
}

function decision(d: Obj, via: string): Obj {
  return {
    step: 'decision', via, verdict: d.verdict, reason: str(d.reason) ?? '', evidence: d.evidence ?? null, hostStatus: d.hostStatus ?? null,
    confirmation: d.confirmation ?? null, refusal: null, resolution: null,
  };
}

function resolution(d: Obj): Obj {
  const outcome = d.outcome === 'CONFIRMED' || d.outcome === 'UNLOADED' ? d.outcome : 'UNRESOLVED';
  return {
    ...decision(d, 'resolution'), verdict: d.verdict === 'UNCLEAR' || d.verdict === 'NOT_LOADED' || d.verdict === 'LOADED' ? d.verdict : 'UNCLEAR',
    resolution: { by: str(d.by) ?? '', note: str(d.note), outcome, previousError: str(d.previousError) },
  };
}

function flat(o: Obj): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}
