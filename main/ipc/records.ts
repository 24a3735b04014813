import { payWayOf } from '../../contract/format';
import type { HostOrderStatus, HostRecord, HostRefund, RecordsQuery } from '../../contract/host-api';
import type { RecordPaper, RecordRow, RecordStatus } from '../../contract/ipc';
import type { RechargeRecord, RechargeState } from '../../contract/recharge';
import { dayNumber, localDateOf, RECORDS_WINDOW_MAX_DAYS } from '../journal/dates';
import { hostOnlyStatus, paperFor, recordAction, recordStatus } from '../recharge/host-status';

/** What the journal's events add to a local row: the refund facts it last heard, and whether 需管理员 was resolved. */
export interface LocalFacts { refund: HostRefund | null; resolvedFromAdmin: boolean }
const NO_FACTS = (): LocalFacts => ({ refund: null, resolvedFromAdmin: false });

/**
 * A paid recharge whose load was cut short before the card gave its answer (the card pulled, the reader or the
 * host gone): the customer's money is not on the card as far as anyone knows, which the manual calls 未圈存
 * (docs/operator-guide.md §4) — its 圈存 button resumes it and the card decides (docs/recovery.md).
 */
const CUT_SHORT: readonly RechargeState[] = ['PAID', 'INIT', 'AUTHORIZED'];

/** The status word: the §3a table's (host-status.ts), but a load cut short reads 未圈存, as the manual says. */
function statusOf(state: RechargeState, host: HostOrderStatus | null): RecordStatus {
  const status = recordStatus(state, host);
  return status === 'pending' && CUT_SHORT.includes(state) ? 'unloaded' : status;
}

/** The refund slip (退款说明) only once the money is going back: while it can still be loaded, 圈存 is what to do. */
function paperOf(state: RechargeState, host: HostOrderStatus | null, status: RecordStatus, resolvedFromAdmin: boolean): RecordPaper[] {
  return paperFor(state, host, resolvedFromAdmin).filter((p) => p !== 'refund-slip' || status === 'refunding' || status === 'refunded');
}

/** A local recharge, with the host's order for it: status word, 圈存 button and paper from the §3a table (host-status.ts). */
function fromLocal(r: RechargeRecord, h: HostRecord | undefined, facts: LocalFacts): RecordRow {
  const hostStatus = h?.status ?? null;
  const status = statusOf(r.state, hostStatus);
  return {
    key: r.id, rechargeId: r.id, orderId: r.orderId ?? h?.orderId ?? null, createdAt: r.createdAt,
    cardNo: r.cardNo, plate: r.plate, plateColor: r.plateColor, amountFen: r.amountFen, channel: r.channel,
    tradeNo: r.tradeNo ?? h?.tradeNo ?? null, state: r.state, hostStatus, status,
    source: h ? 'both' : 'local', action: recordAction(r.state, hostStatus),
    paper: paperOf(r.state, hostStatus, status, facts.resolvedFromAdmin), refund: h?.refund ?? facts.refund,
    operatorId: r.operatorId, terminalId: r.terminalId, way: payWayOf(r),
  };
}

function fromHost(h: HostRecord): RecordRow {
  return {
    key: `host:${h.orderId}`, rechargeId: null, orderId: h.orderId, createdAt: h.createdAt, cardNo: h.cardNo,
    plate: h.plate, plateColor: h.plateColor, amountFen: h.amountFen, channel: h.channel, tradeNo: h.tradeNo,
    state: null, hostStatus: h.status, status: hostOnlyStatus(h.status), source: 'host', action: recordAction(null, h.status),
    paper: [], refund: h.refund, operatorId: null, terminalId: null, way: h.channel,
  };
}

/**
 * 充值记录: every local recharge, with the host's order for it when the host has one (matched by
 * clientOrderId = recharge id, or by order id), plus the host's orders this journal never held.
 * Newest first.
 */
export function mergeRecords(local: RechargeRecord[], host: HostRecord[], facts: (id: string) => LocalFacts = NO_FACTS): RecordRow[] {
  const byClient = new Map(host.map((h) => [h.clientOrderId, h]));
  const byOrder = new Map(host.map((h) => [h.orderId, h]));
  const used = new Set<string>();
  const rows = local.map((r) => {
    const h = byClient.get(r.id) ?? (r.orderId ? byOrder.get(r.orderId) : undefined);
    if (h) used.add(h.orderId);
    return fromLocal(r, h, facts(r.id));
  });
  for (const h of host) if (!used.has(h.orderId)) rows.push(fromHost(h));
  return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

const dateOfDay = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);

/**
 * The host's records for a window of business dates. The host counts Beijing days (docs/architecture.md §3),
 * and so does the journal (main/journal/dates.ts), whatever this computer's zone; the host is still asked one
 * day wider on each side (in two windows when that would pass its 30-day limit) and its answer cut back to the
 * window by each order's business date, so a host that counted otherwise would lose nothing. `timeZone`: tests only.
 */
export async function hostRecordsFor(
  q: RecordsQuery, fetch: (q: RecordsQuery) => Promise<HostRecord[]>, timeZone?: string,
): Promise<HostRecord[]> {
  const from = dayNumber(q.from) - 1;
  const to = dayNumber(q.to) + 1;
  const windows: [number, number][] = to - from <= RECORDS_WINDOW_MAX_DAYS
    ? [[from, to]]
    : [[from, from + RECORDS_WINDOW_MAX_DAYS], [from + RECORDS_WINDOW_MAX_DAYS + 1, to]];
  const seen = new Map<string, HostRecord>();
  for (const [a, b] of windows) {
    for (const h of await fetch({ ...q, from: dateOfDay(a), to: dateOfDay(b) })) seen.set(h.orderId, h);
  }
  return [...seen.values()].filter((h) => {
    const d = localDateOf(new Date(h.createdAt), timeZone);
    return d >= q.from && d <= q.to;
  });
}
