import type { HostRecord, RecordsQuery } from '../../contract/host-api';
import type { RecordRow, RecordStatus } from '../../contract/ipc';
import { BLOCKING_STATES, type RechargeRecord, type RechargeState } from '../../contract/recharge';
import { dayNumber, localDateOf, RECORDS_WINDOW_MAX_DAYS } from '../journal/dates';

/** Paid, not known to be on the card: the 圈存 button resumes these (UNLOADED performs the repair load). */
const RESUMABLE: readonly RechargeState[] = [...BLOCKING_STATES, 'UNLOADED'];

/** The operator's status word for a local recharge. READ/ORDERED are 待处理 too: the customer may still pay. */
export function localStatus(state: RechargeState): RecordStatus {
  if (state === 'CONFIRMED' || state === 'VERIFIED') return 'loaded';
  if (state === 'UNLOADED') return 'unloaded';
  if (state === 'NEEDS_ADMIN') return 'needs-admin';
  if (state === 'CANCELLED') return 'cancelled';
  return 'pending';
}

/** The status word for a host order this journal does not hold. Paid and not loaded is 未圈存: 圈存 adopts it. */
export function hostStatus(h: HostRecord): RecordStatus {
  switch (h.status) {
    case 'LOADED': return 'loaded';
    case 'PAID': case 'UNLOADED': return 'unloaded';
    case 'AWAITING_PAYMENT': return 'pending';
    case 'CLOSED': return 'cancelled';
    case 'REFUNDING': case 'REFUNDED': return 'refunded';
  }
}

function fromLocal(r: RechargeRecord, h: HostRecord | undefined): RecordRow {
  let status = localStatus(r.state);
  // Loaded on another terminal after this one proved it unloaded (圈存 there): the host's word is the newer.
  if (h?.status === 'LOADED' && status === 'unloaded') status = 'loaded';
  if (h && (h.status === 'REFUNDING' || h.status === 'REFUNDED') && status === 'unloaded') status = 'refunded';
  return {
    key: r.id, rechargeId: r.id, orderId: r.orderId ?? h?.orderId ?? null, createdAt: r.createdAt,
    cardNo: r.cardNo, plate: r.plate, plateColor: r.plateColor, amountFen: r.amountFen, channel: r.channel,
    tradeNo: r.tradeNo ?? h?.tradeNo ?? null, state: r.state, hostStatus: h?.status ?? null, status,
    source: h ? 'both' : 'local',
    action: RESUMABLE.includes(r.state) && (status === 'unloaded' || status === 'pending') ? 'resume' : null,
    operatorId: r.operatorId, terminalId: r.terminalId,
  };
}

function fromHost(h: HostRecord): RecordRow {
  const status = hostStatus(h);
  return {
    key: `host:${h.orderId}`, rechargeId: null, orderId: h.orderId, createdAt: h.createdAt, cardNo: h.cardNo,
    plate: h.plate, plateColor: h.plateColor, amountFen: h.amountFen, channel: h.channel, tradeNo: h.tradeNo,
    state: null, hostStatus: h.status, status, source: 'host', action: status === 'unloaded' ? 'adopt' : null,
    operatorId: null, terminalId: null,
  };
}

/**
 * 充值记录: every local recharge, with the host's order for it when the host has one (matched by
 * clientOrderId = recharge id, or by order id), plus the host's orders this journal never held.
 * Newest first.
 */
export function mergeRecords(local: RechargeRecord[], host: HostRecord[]): RecordRow[] {
  const byClient = new Map(host.map((h) => [h.clientOrderId, h]));
  const byOrder = new Map(host.map((h) => [h.orderId, h]));
  const used = new Set<string>();
  const rows = local.map((r) => {
    const h = byClient.get(r.id) ?? (r.orderId ? byOrder.get(r.orderId) : undefined);
    if (h) used.add(h.orderId);
    return fromLocal(r, h);
  });
  for (const h of host) if (!used.has(h.orderId)) rows.push(fromHost(h));
  return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

const dateOfDay = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);

/**
 * The host's records for a window of *local* dates. The host counts days in Beijing time (docs/architecture.md §3),
 * the journal in the counter's zone: a local day may straddle two host days. So the host is asked one day
 * wider on each side (in two windows when that would pass its 30-day limit) and its answer cut back to
 * the local window by each order's local date.
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
