import Database from 'better-sqlite3';
import fc from 'fast-check';
import { BLOCKING_STATES, type RechargeRecord } from '../../contract/recharge';
import type { Actor } from '../../main/auth/audit';
import { localDateOf } from '../../main/journal/dates';
import { dayReport } from '../../main/report';
import { isKilled, type World } from './world';

/**
 * A random program of the interleaving test (docs/architecture.md §6): two windows at one counter issuing operations
 * (start, the customer paying, a payment code, a POS charge with the customer slow at the PIN pad, load, resume,
 * cancel, 日结, reopen, the host's refund job), faults (the process killed at any call it makes, the card pulled or
 * torn, the host slow, losing answers or down, the POS timing out or declining) and the clock moving. Operations run
 * concurrently unless a step waits for both windows.
 */
export type Op =
  | { op: 'start'; yuan: number; channel: 'wechat' | 'alipay' }
  | { op: 'pay'; pick: number }
  | { op: 'code'; yuan: number; code: number; answer: 'paid' | 'wait' | 'refuse' }
  | { op: 'pos'; yuan: number }
  | { op: 'check' | 'load' | 'resume' | 'cancel'; pick: number }
  | { op: 'close' | 'reopen' | 'refunds' }
  | { op: 'pull' | 'insert' | 'tear' | 'lose-card' }
  | { op: 'host'; fault: 'slow' | 'lose-authorize' | 'lose-confirm' | 'lose-order' | 'down' | 'up' }
  | { op: 'pos-fault'; fault: 'timeout' | 'decline' }
  | { op: 'kill'; inCalls: number; when: 'before' | 'after' }
  | { op: 'time'; seconds: number };

export interface Step { window: 0 | 1; op: Op; wait: boolean }

const pick = fc.nat({ max: 7 });
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('start' as const), yuan: fc.integer({ min: 1, max: 300 }), channel: fc.constantFrom('wechat' as const, 'alipay' as const) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('pay' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('code' as const), yuan: fc.integer({ min: 1, max: 300 }), code: fc.nat({ max: 3 }), answer: fc.constantFrom('paid' as const, 'wait' as const, 'refuse' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pos' as const), yuan: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constantFrom('check' as const, 'load' as const, 'resume' as const, 'cancel' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('close' as const, 'reopen' as const, 'refunds' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('pull' as const, 'insert' as const, 'tear' as const, 'lose-card' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('host' as const), fault: fc.constantFrom('slow' as const, 'lose-authorize' as const, 'lose-confirm' as const, 'lose-order' as const, 'down' as const, 'up' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pos-fault' as const), fault: fc.constantFrom('timeout' as const, 'decline' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('kill' as const), inCalls: fc.integer({ min: 1, max: 25 }), when: fc.constantFrom('before' as const, 'after' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('time' as const), seconds: fc.constantFrom(5, 60, 200, 1000) }) },
);
export const programArb: fc.Arbitrary<Step[]> = fc.array(
  fc.record({ window: fc.constantFrom(0 as const, 1 as const), op: opArb, wait: fc.boolean() }), { minLength: 3, maxLength: 24 },
);

const A01: Actor = { operatorId: 'A01', role: 'operator' };
const S01: Actor = { operatorId: 'S01', role: 'supervisor' };
const CODE_PREFIX = ['134', '283', '105', '287']; // WeChat, Alipay, WeChat, Alipay shapes (contract/payment-code.ts)

/** What a program did, for the figures. */
export interface Tally { ops: number; faults: number; kills: number; refusals: number }

/** Runs `steps` in `w`: each window's operation starts without waiting for the other's unless the step says so. */
export async function runProgram(w: World, steps: Step[], tally: Tally): Promise<void> {
  const running: Promise<void>[] = [];
  const settle = async () => { await Promise.all(running.splice(0)); };
  for (const step of steps) {
    tally.ops++;
    if (['pull', 'insert', 'tear', 'lose-card', 'host', 'pos-fault', 'kill', 'time'].includes(step.op.op)) tally.faults++;
    running.push(act(w, step.op, tally).catch(async (e: unknown) => {
      if (!isKilled(e)) { tally.refusals++; return; }
      if (!w.counter.killer.dead) return;
    }));
    if (w.counter.killer.dead) {
      await settle();
      await w.restart();
      tally.kills++;
    }
    if (step.wait) await settle();
  }
  await settle();
  if (w.counter.killer.dead) {
    await w.restart();
    tally.kills++;
  }
}

function nth(w: World, n: number, states?: readonly string[]): RechargeRecord | null {
  const all = w.counter.journal.day(localDateOf(w.clock.now())).concat(w.counter.journal.unfinished());
  const list = states ? all.filter((r) => states.includes(r.state)) : all;
  return list.length === 0 ? null : list[n % list.length] ?? null;
}

async function act(w: World, o: Op, _t: Tally): Promise<void> {
  const { uc } = w.counter;
  const today = localDateOf(w.clock.now());
  switch (o.op) {
    case 'start': await uc.recharge.start(A01, { amountFen: o.yuan * 100, channel: o.channel }); return;
    case 'pay': {
      const r = nth(w, o.pick, ['ORDERED']);
      if (r?.orderId && w.sim.order(r.orderId).status === 'AWAITING_PAYMENT') w.sim.pay(r.orderId);
      return;
    }
    case 'code': {
      const code = `${CODE_PREFIX[o.code] ?? '134'}${String(o.yuan).padStart(15, '0')}`;
      if (o.answer === 'wait') w.sim.micropay.apply({ authCode: code, waitPolls: 1 });
      if (o.answer === 'refuse') w.sim.micropay.apply({ authCode: code, refuse: 'NOT_ENOUGH' });
      await uc.recharge.payWithCode(A01, { amountFen: o.yuan * 100, authCode: code });
      return;
    }
    case 'pos': await uc.recharge.payByPos(A01, { amountFen: o.yuan * 100 }); return;
    case 'check': { const r = nth(w, o.pick); if (r) await uc.recharge.checkPayment(r.id); return; }
    case 'load': { const r = nth(w, o.pick); if (r) await uc.recharge.load(A01, r.id); return; }
    case 'resume': { const r = nth(w, o.pick); if (r) await uc.recharge.resume(A01, r.id); return; }
    case 'cancel': { const r = nth(w, o.pick); if (r) await uc.recharge.cancel(r.id); return; }
    case 'close': await uc.day.close(S01, today); return;
    case 'reopen': await uc.day.reopen(S01, today, '重新办理'); return;
    case 'refunds': w.sim.runRefunds(localDateOf(new Date(w.clock.now().getTime() + 86_400_000))); return;
    case 'pull': w.card.remove(); w.cardChanged(); return;
    case 'insert': if (!w.card.present) { w.card.insert(); w.cardChanged(); } return;
    case 'tear': w.card.setFault('tear-before-commit'); return;
    case 'lose-card': w.card.setFault('lose-answer-after-commit'); return;
    case 'host': hostFault(w, o.fault); return;
    case 'pos-fault': w.pos.setFaults(o.fault === 'timeout' ? { timeoutAfterCharge: 1 } : { decline: '51' }); return;
    case 'kill': w.counter.killer.arm(o.inCalls, o.when); return;
    case 'time': w.clock.set(new Date(w.clock.now().getTime() + o.seconds * 1000).toISOString()); return;
  }
}

function hostFault(w: World, f: Extract<Op, { op: 'host' }>['fault']): void {
  const faults = w.sim.faults;
  switch (f) {
    case 'slow': faults.delay(20); return;
    case 'lose-authorize': faults.loseAnswer('/authorize$'); return;
    case 'lose-confirm': faults.loseAnswer('/confirm$'); return;
    case 'lose-order': faults.loseAnswer('^/v1/orders$'); return;
    case 'down': faults.fail('^/v1/', 4, 503); return;
    case 'up': void faults.clear(); return;
  }
}

/** Heals the world (card in, faults off, POS deadlines passed) and lets a fresh process finish everything. */
export async function finish(w: World): Promise<void> {
  await w.sim.faults.clear();
  w.card.setFault(null);
  if (!w.card.present) { w.card.insert(); w.cardChanged(); }
  w.pos.setFaults({ timeoutAfterCharge: 0, decline: null, queryTimeouts: 0 });
  await w.restart();
  w.clock.set(new Date(w.clock.now().getTime() + 200_000).toISOString());
  for (let round = 0; round < 2; round++) await w.counter.uc.recharge.resumeAll(A01);
}

/** The invariants; each broken one is a sentence. */
export async function violations(w: World): Promise<string[]> {
  const out: string[] = [];
  const { journal, book, uc } = w.counter;
  const today = localDateOf(w.clock.now());
  const records = new Map<string, RechargeRecord>();
  for (const d of new Set([today, localDateOf(new Date(w.clock.now().getTime() - 86_400_000))])) for (const r of journal.day(d)) records.set(r.id, r);
  for (const r of journal.unfinished()) records.set(r.id, r);
  const orders = [...records.values()].filter((r) => r.orderId).map((r) => ({ rec: r, order: w.sim.order(r.orderId ?? '') }));
  const loaded = orders.filter((o) => o.order.status === 'LOADED');
  const card = w.card.snapshot();
  // Every paid load on the card exactly once; nothing unpaid on the card.
  const expected = w.initial.balanceFen + loaded.reduce((s, o) => s + o.order.amountFen, 0);
  if (card.balanceFen !== expected) out.push(`card balance ${card.balanceFen} ≠ initial + loaded orders ${expected}`);
  if (card.onlineSerial - w.initial.onlineSerial !== loaded.length) out.push(`card took ${card.onlineSerial - w.initial.onlineSerial} loads, host has ${loaded.length} LOADED`);
  for (const { rec, order } of orders) {
    const money = ['PAID', 'LOADED', 'UNLOADED', 'REFUNDING', 'REFUNDED'].includes(order.status);
    if (BLOCKING_STATES.includes(rec.state) || rec.state === 'READ' || rec.state === 'ORDERED') out.push(`${rec.id} left ${rec.state} (host ${order.status}) after the final resume`);
    if ((rec.state === 'CONFIRMED' || rec.state === 'VERIFIED') && order.status !== 'LOADED') out.push(`${rec.id} ${rec.state} but host ${order.status}`);
    if (money && order.status !== 'LOADED' && !['UNLOADED', 'REFUNDING', 'REFUNDED', 'NEEDS_ADMIN'].includes(rec.state)) {
      out.push(`${rec.id}: money taken (host ${order.status}) but the journal shows ${rec.state}, not owed`);
    }
  }
  // Every approved POS charge: charged once, and on the card or owed (voided on the POS / refunded).
  for (const rec of records.values()) {
    const sales = w.pos.sales(rec.id);
    if (sales > 1) out.push(`${rec.id}: the POS charged ${sales} times`);
    if (sales === 1) {
      const order = rec.orderId ? w.sim.order(rec.orderId) : null;
      const owed = rec.state === 'CANCELLED' ? rec.error === 'POS_VOID_NEEDED' : ['UNLOADED', 'REFUNDING', 'REFUNDED', 'NEEDS_ADMIN'].includes(rec.state);
      if (order?.status !== 'LOADED' && !owed) out.push(`${rec.id}: POS charged, not on the card and not owed (${rec.state}, ${rec.error ?? ''})`);
    }
  }
  // 对账 sees every order of the day.
  const rec = await uc.day.reconcile(today);
  if (rec.reconciliation) {
    const r0 = rec.reconciliation;
    const seen = new Set([...r0.matched, ...r0.mismatched, ...r0.journalOnly, ...r0.hostOnly].map((r) => r.orderId));
    for (const { rec: r } of orders) if (localDateOf(new Date(r.createdAt)) === today && !seen.has(r.orderId ?? '')) out.push(`${r.id} missing from 对账`);
  } else out.push(`对账 failed: ${rec.reconcileError?.message ?? ''}`);
  // A closed day's closure is its report.
  const closure = book.days.closure(today);
  if (closure) {
    const rep = dayReport(journal, today, { terminalId: w.settings.terminalId, branch: w.settings.branch, training: false, clock: w.clock });
    const detail = journal.day(today).length;
    if (detail !== rep.totals.recharges) out.push(`closed day: ${detail} recharges but the report counts ${rep.totals.recharges}`);
    const closedCount = closureCount(w, today);
    if (closedCount !== null && closedCount !== rep.totals.recharges) out.push(`closed day: closure counted ${closedCount}, report ${rep.totals.recharges}`);
  }
  const chains = journal.verifyChains();
  if (!chains.intact) out.push(`journal verify: ${JSON.stringify(chains.breaks).slice(0, 200)}`);
  return out;
}

/** The number of recharges the newest closure of `date` recorded (its detail, as 日结 wrote it). */
function closureCount(w: World, date: string): number | null {
  const db = new Database(w.counter.journal.path, { readonly: true });
  try {
    const got = db.prepare("SELECT detail FROM day_closures WHERE date = ? AND action = 'close' ORDER BY seq DESC LIMIT 1").get(date) as { detail: string } | undefined;
    if (!got) return null;
    const d = JSON.parse(got.detail) as { recharges?: number };
    return typeof d.recharges === 'number' ? d.recharges : null;
  } finally {
    db.close();
  }
}
