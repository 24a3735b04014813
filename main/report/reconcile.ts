import { isAppError } from '../../contract/errors';
import type { HostOrder, HostWitness, TerminalDay, TerminalDayOrder } from '../../contract/host-api';
import type { Reconciliation, ReconcileRow } from '../../contract/ipc';
import type { PosVoucher } from '../../contract/pos';
import type { RechargeRecord } from '../../contract/recharge';
import type { WitnessCheck } from '../../contract/witness';
import { systemClock, type Clock } from '../clock';
import { dayNumber, localDateOf } from '../journal/dates';
import { reconcileTodo } from '../recharge/host-status';
import { twinId } from '../recharge/ids';

/** What 对账 needs from the host: a terminal's Beijing business day, and one order it does not list there. */
export interface ReconcileHost {
  terminalDay(terminalId: string, day: string): Promise<TerminalDay>;
  getOrder(orderId: string): Promise<HostOrder>;
}

export interface ReconcileOptions {
  terminalId: string;
  /** The branch's zone for local dates (default: this computer's), as the journal's `localDate`. */
  timeZone?: string;
  clock?: Pick<Clock, 'now'>;
  /** A recharge by id: tells a cancelled twin that was adopted again (resume.ts twinId) from one that was not. */
  find?: (id: string) => RechargeRecord | null;
}

/**
 * The host's business days (Beijing, docs/architecture.md §3) that a local date overlaps: one where the
 * counter is in Beijing time, two where its zone is another (a local day straddles two host days).
 */
export function hostDaysOf(date: string, timeZone?: string): string[] {
  const start = dayNumber(date) * 86_400_000;
  const days = new Set<string>();
  for (let t = start - 86_400_000; t < start + 2 * 86_400_000; t += 15 * 60_000) {
    const at = new Date(t);
    if (localDateOf(at, timeZone) === date) days.add(localDateOf(at, 'Asia/Shanghai'));
  }
  return [...days].sort();
}

type HostSide = Pick<TerminalDayOrder, 'orderId' | 'clientOrderId' | 'cardNo' | 'plate' | 'amountFen' | 'channel' | 'status' | 'createdAt' | 'refund' | 'posVoucher'>;

/**
 * 对账 of one local date (docs/architecture.md §3b): the host's view of this terminal's business days matched
 * with the journal's recharges of that date, by clientOrderId = recharge id, or by order id. Every pair is
 * checked for amount and for status (host-status.ts `reconcileTodo`: the same story of the money); a
 * recharge the day view does not list is looked up by its order id (paid elsewhere, adopted here). A
 * recharge that never got an order (nothing paid) is not reconciled. The host's witness of this terminal's
 * journal, which each terminal day carries (§3c), is held against the file: a journal cut short or rewritten
 * since the host saw it names the rows (`witness`).
 */
export async function reconcileDay(
  journal: { day(date: string): RechargeRecord[]; compareWitness?(w: HostWitness): WitnessCheck }, host: ReconcileHost, date: string,
  o: ReconcileOptions,
): Promise<Reconciliation> {
  const local = journal.day(date);
  const hostDays = hostDaysOf(date, o.timeZone);
  const views = await Promise.all(hostDays.map((d) => host.terminalDay(o.terminalId, d)));
  const onDate = (iso: string | null): boolean => iso !== null && localDateOf(new Date(iso), o.timeZone) === date;
  const orders = new Map<string, HostSide>();
  for (const v of views) {
    for (const h of v.orders) {
      const loadedHere = h.loadTerminalId?.toUpperCase() === o.terminalId.toUpperCase() && onDate(h.loadedAt);
      if (onDate(h.createdAt) || loadedHere) orders.set(h.orderId, h);
    }
  }
  const byClient = new Map([...orders.values()].map((h) => [h.clientOrderId, h]));
  const stamps = views.map((v) => v.reconciledAt);
  const out: Reconciliation = {
    date, terminalId: o.terminalId, hostDays, generatedAt: (o.clock ?? systemClock).now().toISOString(),
    // Reconciled with the channels only once every host day it spans is.
    reconciledAt: stamps.some((x) => x === null) ? null : [...(stamps as string[])].sort().at(-1) ?? null,
    matched: [], hostOnly: [], journalOnly: [], mismatched: [],
  };
  const seen = views.map((v) => v.witness).filter((w): w is HostWitness => w !== undefined)
    .sort((a, b) => (b.receivedAt ?? '').localeCompare(a.receivedAt ?? ''))[0];
  if (seen && journal.compareWitness) out.witness = journal.compareWitness(seen);
  const used = new Set<string>();
  for (const r of local) {
    let h: HostSide | undefined = byClient.get(r.id) ?? (r.orderId ? orders.get(r.orderId) : undefined);
    if (!h && r.orderId) h = await lookUp(host, r.orderId);
    if (!h) {
      if (r.orderId === null && (r.state === 'READ' || r.state === 'CANCELLED')) continue; // no order, no money
      out.journalOnly.push(row(r, null, null, 'RECONCILE_TODO_JOURNAL_ONLY'));
      continue;
    }
    used.add(h.orderId);
    if (h.amountFen !== r.amountFen) {
      out.mismatched.push(row(r, h, 'amount', 'RECONCILE_TODO_AMOUNT'));
      continue;
    }
    // A bank-card recharge: the slip the journal booked must be the one the host holds (docs/pos.md).
    if ((r.channel === 'pos' || h.channel === 'pos') && !sameSlip(r.posVoucher, h.posVoucher)) {
      out.mismatched.push(row(r, h, 'pos', 'RECONCILE_TODO_POS_SLIP'));
      continue;
    }
    // A twin closed here whose order was adopted again as a new recharge (resume.ts): that one carries the money.
    const superseded = r.state === 'CANCELLED' && r.orderId !== null && (o.find?.(twinId(r.orderId)) ?? null) !== null;
    const todo = superseded ? null : reconcileTodo(r.state, h.status);
    if (todo === null) out.matched.push(row(r, h, null, null));
    else out.mismatched.push(row(r, h, 'status', todo));
  }
  for (const h of orders.values()) {
    if (used.has(h.orderId)) continue;
    const paid = h.status === 'PAID' || h.status === 'UNLOADED';
    out.hostOnly.push(row(null, h, 'status', paid ? 'RECONCILE_TODO_HOST_ONLY_PAID' : 'RECONCILE_TODO_HOST_ONLY'));
  }
  for (const list of [out.matched, out.hostOnly, out.journalOnly, out.mismatched]) list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return out;
}

async function lookUp(host: ReconcileHost, orderId: string): Promise<HostSide | undefined> {
  try {
    return await host.getOrder(orderId);
  } catch (e) {
    if (isAppError(e, 'HOST_REJECTED')) return undefined; // ORDER_NOT_FOUND: the host has no such order
    throw e;
  }
}

function row(r: RechargeRecord | null, h: HostSide | null, problem: ReconcileRow['problem'], todo: string | null): ReconcileRow {
  const first = r ?? h;
  if (!first) throw new Error('a reconciliation row needs a recharge or an order');
  return {
    key: r?.id ?? `host:${h?.orderId ?? ''}`, rechargeId: r?.id ?? null, orderId: r?.orderId ?? h?.orderId ?? null,
    createdAt: first.createdAt, cardNo: first.cardNo, plate: first.plate, channel: first.channel,
    amountFen: r?.amountFen ?? h?.amountFen ?? 0, hostAmountFen: h?.amountFen ?? null, state: r?.state ?? null,
    hostStatus: h?.status ?? null, problem, todo, refund: h?.refund ?? null,
    posReferenceNo: r?.posVoucher?.referenceNo ?? h?.posVoucher?.referenceNo ?? null,
  };
}

/** The same POS slip: merchant, POS terminal, voucher and reference no (one slip, one recharge: docs/pos.md). */
function sameSlip(a: PosVoucher | null | undefined, b: PosVoucher | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.merchantNo === b.merchantNo && a.posTerminalNo === b.posTerminalNo && a.voucherNo === b.voucherNo && a.referenceNo === b.referenceNo;
}

/** True when nothing needs doing: every order matched, and the journal is what the host witnessed. */
export function allMatch(r: Reconciliation): boolean {
  const witnessOk = !r.witness || r.witness.status === 'ok' || r.witness.status === 'none';
  return r.hostOnly.length === 0 && r.journalOnly.length === 0 && r.mismatched.length === 0 && witnessOk;
}
