import { AppError } from '../../../contract/errors';
import { t } from '../../../contract/i18n';
import type { CardEvidence, HostOrder } from '../../../contract/host-api';
import { formatYuan } from '../../../contract/money';
import { decisionData } from '../../../contract/recharge-events';
import { HostRejectedError } from '../../host/errors';
import { evidenceOf, probeCard, proveTac } from '../card-probe';
import { beijingStamp, decideElsewhere, decideLoad, type LoadAttempt } from '../decide';
import { mustLastOf } from '../journal-steps';
import { learn, type StepCtx, type StepEnd } from './context';
import { keyIndexOf, readSameCard } from './load-steps';

/**
 * Decisions from the card (docs/card-protocol.md §4), each read without changing anything — never CREDIT: a load
 * interrupted after AUTHORIZED, a load this journal never authorized (the host says LOADED; another terminal's
 * live MAC2), and the card that refused the load before anything was written. The decision is a fact; the next
 * step journals what the table makes of it.
 */

/** The attempt the AUTHORIZED event recorded: what the card is checked against. */
export function attemptOf(ctx: StepCtx): LoadAttempt {
  const auth = mustLastOf(ctx.ports.journal.events(ctx.rec.id), 'authorized', ctx.rec.id);
  return {
    amountFen: ctx.rec.amountFen, oldBalanceFen: auth.oldBalanceFen, onlineSerial: auth.onlineSerial,
    terminalId: ctx.rec.terminalId, hostDate: auth.hostDate, hostTime: auth.hostTime,
  };
}

/** AUTHORIZED from an earlier run: the card (balance, a probing INIT, the 0018 log) and the host's status decide. */
export async function probe(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const identity = await readSameCard(ctx);
  const attempt = attemptOf(ctx);
  const seen = await probeCard(ports.card, ports.pins, rec, keyIndexOf(ctx, identity));
  const order = rec.orderId ? await ports.host.getOrder(rec.orderId).catch(() => null) : null;
  const verdict = decideLoad(attempt, seen, order?.status ?? null);
  const record = verdict.kind === 'LOADED' ? verdict.record : null;
  learn(run, {
    probe: seen, order, host: order?.status ?? run.host,
    decision: { verdict: verdict.kind, reason: verdict.reason, evidence: evidenceOf(seen, record), record },
    card: verdict.kind === 'LOADED' ? 'loaded' : verdict.kind === 'NOT_LOADED' ? 'not-loaded' : 'unclear',
  });
}

/** AUTHORIZED, the card shows the load: WRITTEN with the card's TAC (GET TRANSACTION PROVE) or its evidence. */
export async function writtenProven(ctx: StepCtx): Promise<StepEnd> {
  const { rec, ports } = ctx;
  const d = decided(ctx);
  const attempt = attemptOf(ctx);
  // GET TRANSACTION PROVE answers for the card's newest load: only when this load is the newest is its TAC this load's.
  const newest = ctx.run.probe?.onlineSerial === attempt.onlineSerial + 1;
  const tac = newest ? await proveTac(ports.card, attempt.onlineSerial) : null;
  const newBalanceFen = attempt.oldBalanceFen + attempt.amountFen;
  ports.journal.step(rec.id, 'WRITTEN', { step: 'written', tac, newBalanceFen, evidence: tac ? null : d.evidence }, { tac, balanceAfterFen: newBalanceFen });
}

/** AUTHORIZED, the card proves the load absent: UNLOADED with the evidence (then 圈存 tells the host and loads afresh). */
export async function unloadedProven(ctx: StepCtx): Promise<StepEnd> {
  const d = decided(ctx);
  ctx.ports.journal.step(ctx.rec.id, 'UNLOADED', decisionData('interrupted', { verdict: 'NOT_LOADED', reason: d.reason, evidence: d.evidence, hostStatus: hostOf(ctx) }));
  learn(ctx.run, { host: 'unasked', card: 'unread', decision: null });
  return Promise.resolve();
}

/** The evidence contradicts itself (or the host contradicts the card): NEEDS_ADMIN with what was seen. */
export async function admin(ctx: StepCtx): Promise<StepEnd> {
  const d = ctx.run.decision;
  const via = ctx.rec.state === 'AUTHORIZED' ? 'interrupted' : 'elsewhere';
  const verdict = d?.verdict === 'CONTRADICTION' || d?.verdict === 'UNCLEAR' ? d.verdict : 'UNCLEAR';
  ctx.ports.journal.step(ctx.rec.id, 'NEEDS_ADMIN', decisionData(via, {
    verdict, reason: d?.reason ?? `host ${hostOf(ctx) ?? '?'} while the journal is ${ctx.rec.state}`, evidence: d?.evidence ?? null, hostStatus: hostOf(ctx),
  }), { error: via === 'interrupted' ? 'RECHARGE_NEEDS_ADMIN' : 'RECHARGE_LOADED_ELSEWHERE_UNPROVEN' });
  return Promise.resolve();
}

/**
 * The host says LOADED though no MAC2 of ours was sent: the card's 0018 log is the witness — one load of this amount
 * since the payment shows it; anything else is for the administrator (decide.ts `decideElsewhere`).
 */
export async function probeElsewhere(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const identity = await readSameCard(ctx);
  const seen = await probeCard(ports.card, ports.pins, rec, keyIndexOf(ctx, identity));
  const verdict = decideElsewhere(rec.amountFen, paidSince(run.order), seen.log);
  const record = verdict.kind === 'LOADED' ? verdict.record : null;
  learn(run, {
    probe: seen, decision: { verdict: verdict.kind, reason: verdict.reason, evidence: evidenceOf(seen, record), record },
    card: verdict.kind === 'LOADED' ? 'loaded' : verdict.kind === 'NOT_LOADED' ? 'not-loaded' : 'unclear',
  });
}

/** Loaded elsewhere and the card shows it: CONFIRMED (a READ recharge passes ORDERED first). */
export async function confirmedElsewhere(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const d = decided(ctx);
  const order = run.order;
  if (rec.state === 'READ' && order) ports.journal.step(rec.id, 'ORDERED', { step: 'ordered', orderId: order.orderId, channelStatus: order.channelStatus }, { orderId: order.orderId });
  ports.journal.step(rec.id, 'CONFIRMED', decisionData('elsewhere', { verdict: 'LOADED', reason: d.reason, evidence: d.evidence, hostStatus: hostOf(ctx) }), {
    tradeNo: order?.tradeNo ?? undefined, error: 'RECHARGE_LOADED_ELSEWHERE',
  });
  return Promise.resolve();
}

/**
 * Our INIT is journaled and the host refused the MAC2 with SERIAL_CHANGED: another terminal's MAC2 of this order may
 * have loaded the card. Found on the card → the confirmation is journaled (INIT) before the host hears it; proven
 * absent → UNLOADED with the evidence, so `/unloaded` voids the old MAC2 before a fresh INIT; else NEEDS_ADMIN.
 */
export async function foreign(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const a = run.init;
  if (!a) throw new AppError('INTERNAL', { detail: 'foreign authorization without INIT in this run' });
  const order = await ports.host.getOrder(rec.orderId ?? '');
  const log = await ports.card.readLog(); // INIT commits nothing; the session stays usable for reads
  const verdict = decideElsewhere(rec.amountFen, paidSince(order), log);
  const record = verdict.kind === 'LOADED' ? verdict.record : null;
  const evidence = evidenceOf({ balanceFen: a.oldBalanceFen, onlineSerial: a.onlineSerial }, record);
  learn(run, {
    foreignChecked: true, authRefused: null, error: null, order, host: order.status,
    decision: { verdict: verdict.kind, reason: verdict.reason, evidence, record },
  });
  const base = { reason: verdict.reason, evidence, hostStatus: order.status };
  if (verdict.kind === 'NOT_LOADED') {
    ports.journal.step(rec.id, 'UNLOADED', decisionData('foreign', { ...base, verdict: 'NOT_LOADED' }));
    learn(run, { host: 'unasked', card: 'unread', fresh: false });
    return;
  }
  if (verdict.kind === 'UNCLEAR') {
    ports.journal.step(rec.id, 'NEEDS_ADMIN', decisionData('foreign', { ...base, verdict: 'UNCLEAR' }), { error: 'RECHARGE_FOREIGN_AUTH_UNCLEAR' });
    return;
  }
  // The card's newest load is that one: its TAC is what PROVE gives for the load at N' − 1.
  const newest = log.find((x) => x.type === 0x02);
  const tac = newest === record ? await proveTac(ports.card, a.onlineSerial - 1) : null;
  const confirmation = { onlineSerial: a.onlineSerial - 1, newBalanceFen: a.oldBalanceFen, tac, evidence: tac ? null : evidence };
  ports.journal.step(rec.id, 'INIT', decisionData('foreign', { ...base, verdict: 'LOADED', confirmation }));
  learn(run, { card: 'loaded', fresh: false });
}

/**
 * PAID / INIT (or UNLOADED at 圈存) and the card cannot take this load — over its maximum balance, a refusal at INIT
 * (9402, 9403, 9303), an expired card, over the host's limit: nothing was written. The host is told the load is
 * absent (`/unloaded`, with what the card shows), the recharge ends UNLOADED, and the money goes back the way it came
 * (the refund slip); the operator hears why, with the room left on the card. No endless 继续圈存.
 */
export async function cardRefused(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const refusal = run.refusal ?? { code: 'RECHARGE_CARD_CANNOT_LOAD', params: {} };
  const reason = t(refusal.code, refusal.params);
  const error = new AppError('RECHARGE_CARD_REFUSED_LOAD', { reason, amount: formatYuan(rec.amountFen) });
  if (rec.state === 'UNLOADED') return { end: true, error };
  const evidence = await refusalEvidence(ctx);
  ports.journal.step(rec.id, rec.state, { step: 'intent', action: 'unloaded', deadline: null, amountFen: null, authCode: null });
  let order: HostOrder;
  try {
    order = await ports.host.markUnloaded(rec.orderId ?? '', { evidence });
  } catch (e) {
    if (!(e instanceof HostRejectedError)) throw e;
    // The host will not take it (loaded elsewhere, refunded …): its status says what now.
    learn(run, { order: await ports.host.getOrder(rec.orderId ?? ''), card: 'unread', refusal: null });
    run.host = run.order?.status ?? 'unasked';
    return;
  }
  ports.journal.step(rec.id, 'UNLOADED', decisionData('card-refused', {
    verdict: 'NOT_LOADED', reason: 'the card refused the load before anything was written', evidence, hostStatus: order.status, refusal: refusal.code,
  }), { error: 'RECHARGE_CARD_REFUSED_LOAD' });
  return { end: true, error };
}

/** What the card shows for `/unloaded`: balance and online serial (a probing INIT of one fen, else the 0018 log). */
async function refusalEvidence(ctx: StepCtx): Promise<CardEvidence> {
  const { rec, run, ports } = ctx;
  const identity = run.identity ?? await readSameCard(ctx);
  try {
    const seen = await probeCard(ports.card, ports.pins, rec, keyIndexOf(ctx, identity));
    return evidenceOf(seen, null);
  } catch {
    const balanceFen = await ports.card.getBalance();
    const newest = (await ports.card.readLog()).find((x) => x.type === 0x02);
    return { balanceFen, onlineSerial: newest ? newest.serial + 1 : 0, loadRecord: null };
  }
}

function decided(ctx: StepCtx): NonNullable<StepCtx['run']['decision']> {
  const d = ctx.run.decision;
  if (!d) throw new AppError('INTERNAL', { detail: 'a card decision step without a decision in this run' });
  return d;
}

function hostOf(ctx: StepCtx): HostOrder['status'] | null {
  const h = ctx.run.host;
  return h === 'unasked' || h === 'none' ? null : h;
}

/** Card time (Beijing) of the payment: loads of this amount since then are candidates. */
function paidSince(order: HostOrder | null): string {
  return order ? beijingStamp(order.paidAt ?? order.createdAt) : '0000';
}
