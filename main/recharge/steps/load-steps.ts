import { AppError, isAppError } from '../../../contract/errors';
import type { CardEvidence, ConfirmRequest, HostOrder } from '../../../contract/host-api';
import { formatYuan } from '../../../contract/money';
import { isOutcomeUnknown } from '../../card/apdu';
import { loadKeyIndex } from '../../card/load-key';
import type { CardIdentity } from '../../card/port';
import { HostRejectedError } from '../../host/errors';
import { lastOf, mustLastOf } from '../journal-steps';
import { learn, type StepCtx, type StepEnd } from './context';

/**
 * The load's steps (docs/architecture.md §2, rule 1): a fresh INITIALIZE FOR LOAD, the host's MAC2 (journaled as
 * AUTHORIZED — the intent of CREDIT — before CREDIT leaves the process), CREDIT once, the confirmation, the balance
 * read back; telling the host of a load proven absent; and the card that cannot take the load at all.
 */

/** Card answers to INITIALIZE FOR LOAD that refuse the load before anything was written (docs/card-protocol.md §2). */
const CARD_REFUSALS = ['CARD_SW_9402', 'CARD_SW_9403', 'CARD_SW_9303'];
/** Host refusals of an authorization for an order in a status the table settles (§3a): ask the host, then follow it. */
const STATUS_REFUSALS = ['ORDER_REFUNDING', 'ORDER_REFUNDED', 'ORDER_CLOSED', 'ORDER_NOT_PAID', 'ORDER_LOADED', 'ORDER_UNLOADED'];

/** (Re)connects and reads who the card is (0015); RECHARGE_CARD_MISMATCH unless it is this recharge's card. */
export async function readSameCard(ctx: StepCtx): Promise<CardIdentity> {
  const card = await ctx.ports.card.readIdentity();
  if (card.cardNo !== ctx.rec.cardNo) throw new AppError('RECHARGE_CARD_MISMATCH', { expected: ctx.rec.cardNo, actual: card.cardNo });
  ctx.run.identity = card;
  return card;
}

export const keyIndexOf = (ctx: StepCtx, card: CardIdentity): number => loadKeyIndex(card.cardVersion, ctx.ports.settings.loadKeys);

/** PAID / INIT / UNLOADED → INIT: the same card, today's business day open, the card able to take it, VERIFY, INIT. */
export async function init(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const { card, journal, settings } = ports;
  const identity = await readSameCard(ctx);
  const closed = settings.dayClosed(ports.clock.now());
  if (closed) throw new AppError('DAY_CLOSED', { date: closed });
  const refusal = settings.refusal(identity);
  if (refusal) return refuses(ctx, refusal, {});
  // Another load on this card whose outcome is not settled (our MAC2 may be on it, or the host has not heard): that one
  // is decided first, so that the card's serial and log still speak plainly of it (docs/card-protocol.md §4).
  const undecided = journal.blockingFor(rec.cardNo).find((r) => r.id !== rec.id && (r.state === 'AUTHORIZED' || r.state === 'WRITTEN'));
  if (undecided) throw new AppError('RECHARGE_CARD_BLOCKED', { amount: formatYuan(undecided.amountFen), id: undecided.id });
  await ports.pins.verify(card, rec.cardNo, rec.id);
  const keyIndex = keyIndexOf(ctx, identity);
  journal.step(rec.id, rec.state, { step: 'intent', action: 'init', deadline: null, amountFen: rec.amountFen, authCode: null });
  let answer;
  try {
    answer = await card.initForLoad({ amountFen: rec.amountFen, terminalId: rec.terminalId, keyIndex });
  } catch (e) {
    if (isAppError(e) && CARD_REFUSALS.includes(e.code)) return refuses(ctx, e.code, {});
    throw e;
  }
  const max = settings.cardMaxBalanceFor(identity);
  if (answer.oldBalanceFen + rec.amountFen > max) {
    return refuses(ctx, 'RECHARGE_OVER_MAX_BALANCE', { max: formatYuan(max), left: formatYuan(Math.max(0, max - answer.oldBalanceFen)) });
  }
  journal.step(rec.id, 'INIT', { step: 'init', ...answer, keyIndex, cardVersion: identity.cardVersion }, {
    onlineSerial: answer.onlineSerial, keyVersion: answer.keyVersion, algId: answer.algId,
  });
  learn(run, { init: answer, card: 'ready', fresh: true, authRefused: null });
}

function refuses(ctx: StepCtx, code: string, params: Record<string, string | number>): StepEnd {
  learn(ctx.run, { card: 'refuses', refusal: { code, params } });
}

/** INIT (this run's) → AUTHORIZED: the MAC2, durable before CREDIT is sent. A refusal is a fact for the table. */
export async function authorize(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const a = run.init;
  if (!a || !run.identity) throw new AppError('INTERNAL', { detail: 'authorize without INIT in this run' });
  let auth;
  try {
    auth = await ports.host.authorize(rec.orderId ?? '', {
      cardNo: rec.cardNo, onlineSerial: a.onlineSerial, oldBalanceFen: a.oldBalanceFen, amountFen: rec.amountFen, random: a.random,
      keyVersion: a.keyVersion, algId: a.algId, terminalId: rec.terminalId, mac1: a.mac1, cardVersion: run.identity.cardVersion,
    });
  } catch (e) {
    if (!(e instanceof HostRejectedError)) throw e;
    if (e.hostCode === 'BALANCE_LIMIT_EXCEEDED') return refuses(ctx, 'RECHARGE_HOST_BALANCE_LIMIT', { max: String(e.hostParams.max ?? '') });
    if (e.hostCode !== 'SERIAL_CHANGED' && !STATUS_REFUSALS.includes(e.hostCode)) throw e;
    learn(run, { authRefused: e.hostCode, error: e, host: e.hostCode === 'SERIAL_CHANGED' ? run.host : 'unasked' });
    return;
  }
  ports.journal.step(rec.id, 'AUTHORIZED', { step: 'authorized', ...auth, oldBalanceFen: a.oldBalanceFen, onlineSerial: a.onlineSerial }, {
    hostDateTime: auth.hostDate + auth.hostTime,
  });
  run.mac2 = auth;
}

/** AUTHORIZED (this run's MAC2) → WRITTEN: CREDIT FOR LOAD, once. An unknown outcome is for the card to decide next time. */
export async function credit(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const { mac2, init: a } = run;
  if (!mac2 || !a) throw new AppError('INTERNAL', { detail: 'CREDIT without this run\'s MAC2' });
  run.mac2 = null; // never sent twice, whatever happens next
  run.fresh = false;
  run.wrote = true;
  let tac: string;
  try {
    ({ tac } = await ports.card.creditForLoad({ hostDate: mac2.hostDate, hostTime: mac2.hostTime, mac2: mac2.mac2 }));
  } catch (e) {
    // Card pulled, no answer, a broken link: nobody knows whether the card committed (docs/card-protocol.md §4).
    if (isOutcomeUnknown(e)) throw new AppError('RECHARGE_WRITE_UNKNOWN', {}, { cause: e });
    throw e; // the card refused (9302 …): it stays AUTHORIZED, and the next run decides from the card
  }
  const newBalanceFen = a.oldBalanceFen + rec.amountFen;
  ports.journal.step(rec.id, 'WRITTEN', { step: 'written', tac, newBalanceFen, evidence: null }, { tac, balanceAfterFen: newBalanceFen });
  run.card = 'loaded';
}

/** WRITTEN (or another terminal's load found on the card) → CONFIRMED with the TAC or the evidence; a refusal → NEEDS_ADMIN. */
export async function confirm(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const req = confirmation(ctx);
  let order: HostOrder;
  try {
    order = await ports.host.confirm(rec.orderId ?? '', req);
  } catch (e) {
    // The host has decided against the card's own proof: no retry changes that. A valid TAC on an order the host
    // refunded meanwhile is kept as loaded-after-refund: the administrator's, with this evidence.
    if (!(e instanceof HostRejectedError)) throw e;
    const twice = e.hostCode === 'ORDER_REFUNDED_BUT_LOADED';
    ports.journal.step(rec.id, 'NEEDS_ADMIN', { step: 'host-refused', hostCode: e.hostCode, params: e.params as Record<string, string | number>, request: req, evidence: req.evidence }, {
      error: twice ? 'RECHARGE_REFUNDED_BUT_LOADED' : e.code,
    });
    return;
  }
  ports.journal.step(rec.id, 'CONFIRMED', { step: 'confirmed', hostStatus: order.status }, { balanceAfterFen: req.newBalanceFen });
  run.confirmedNow = true;
}

/** What CONFIRM tells the host: another terminal's load the card showed (journaled), or our WRITTEN with its AUTHORIZED. */
function confirmation(ctx: StepCtx): ConfirmRequest {
  const events = ctx.ports.journal.events(ctx.rec.id);
  if (ctx.rec.state === 'INIT') {
    const found = lastOf(events, 'decision');
    if (found?.via === 'foreign' && found.confirmation) return found.confirmation;
  }
  const written = mustLastOf(events, 'written', ctx.rec.id);
  const auth = mustLastOf(events, 'authorized', ctx.rec.id);
  return { onlineSerial: auth.onlineSerial, newBalanceFen: written.newBalanceFen, tac: written.tac, evidence: written.tac ? null : written.evidence };
}

/** CONFIRMED in this run → VERIFIED when the balance read back is the one expected, else NEEDS_ADMIN; no card, no check. */
export async function verify(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  run.confirmedNow = false;
  let balance: number;
  try {
    if (!run.identity) await readSameCard(ctx);
    balance = await ports.card.getBalance();
  } catch {
    return; // CONFIRMED is final; the re-read is a courtesy check
  }
  const expected = rec.balanceAfterFen ?? rec.balanceBeforeFen + rec.amountFen;
  if (balance === expected) ports.journal.step(rec.id, 'VERIFIED', { step: 'verified', balanceFen: balance });
  else ports.journal.step(rec.id, 'NEEDS_ADMIN', { step: 'balance-mismatch', balanceFen: balance, expectedFen: expected }, { error: 'RECHARGE_BALANCE_MISMATCH' });
}

/**
 * UNLOADED, before 圈存 loads it: tell the host the load is absent (it may not have heard; telling it again is
 * idempotent, and it voids any earlier MAC2), or — unloaded on the host's word alone — ask it. A host that will not
 * take the card's evidence says why in its status, which the table follows.
 */
export async function tellUnloaded(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const evidence = provenAbsent(ctx);
  let order: HostOrder;
  if (!evidence) order = await ports.host.getOrder(rec.orderId ?? '');
  else {
    ports.journal.step(rec.id, 'UNLOADED', { step: 'intent', action: 'unloaded', deadline: null, amountFen: null, authCode: null });
    try {
      order = await ports.host.markUnloaded(rec.orderId ?? '', { evidence });
    } catch (e) {
      if (!(e instanceof HostRejectedError)) throw e;
      order = await ports.host.getOrder(rec.orderId ?? '');
      if (e.hostCode === 'EVIDENCE_SHOWS_LOADED' && (order.status === 'PAID' || order.status === 'UNLOADED')) {
        ports.journal.step(rec.id, 'NEEDS_ADMIN', { step: 'host-refused', hostCode: e.hostCode, params: e.hostParams, request: null, evidence }, { error: 'RECHARGE_NEEDS_ADMIN' });
        return;
      }
    }
  }
  run.order = order;
  run.host = order.status;
}

/** The card evidence of the newest decision that proved the load absent, if UNLOADED came from the card. */
function provenAbsent(ctx: StepCtx): CardEvidence | null {
  const events = ctx.ports.journal.events(ctx.rec.id);
  const last = events.filter((e) => e.state === 'UNLOADED' && e.data.step !== 'intent').at(-1)?.data;
  return last?.step === 'decision' ? last.evidence : null;
}
