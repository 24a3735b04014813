import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors';
import { RECHARGE_STATES, type RechargeRecord, type RechargeState } from '../../contract/recharge';
import type { HostOrderStatus } from '../../contract/host-api';
import { HostRejectedError } from '../host/errors';
import { rejection } from './testing/expect';
import { rig, type Rig } from './testing/rig';

const CARD = '62010000000000000001';
const OTHER_CARD = '62010000000000000999';
const offline = () => new AppError('HOST_UNREACHABLE', { url: 'http://host' });

/** Runs a step that is meant to fail (the interruption), then puts the card back as the operator would. */
async function interrupted(r: Rig, p: Promise<unknown>): Promise<void> {
  await p.then(() => { throw new Error('the interruption did not happen'); }, () => undefined);
  r.card.insert(CARD);
}

interface Case {
  /** How the recharge came to be left in this state. */
  how: string;
  reach: (r: Rig) => Promise<RechargeRecord>;
  /** What resume makes of it: a state, or the error code it refuses with. */
  outcome: RechargeState | { refuses: string };
  /** Money on the card after resume (the card starts at 100.00 yuan). */
  balanceFen: number;
  /** CREDIT commands resume itself sends: one fresh load at most, none where the load may be on the card. */
  credits: 0 | 1;
  /** The order's status on the host afterwards. */
  host: HostOrderStatus;
}

/** One case for every state (the Record type makes a new state a compile error here until it has one). */
const CASES: Record<RechargeState, Case> = {
  READ: {
    how: 'the answer to the order was lost', outcome: 'CANCELLED', balanceFen: 10_000, credits: 0, host: 'CLOSED',
    reach: async (r) => {
      r.host.loseAnswer.createOrder = [new AppError('HOST_TIMEOUT', { seconds: 10 })];
      await interrupted(r, r.ordered());
      return r.now([...r.host.orders.values()][0]?.clientOrderId ?? '');
    },
  },
  ORDERED: {
    how: 'paid, but the payment was never polled', outcome: 'VERIFIED', balanceFen: 12_000, credits: 1, host: 'LOADED',
    reach: async (r) => { const rec = await r.ordered(); r.host.pay(rec.orderId ?? ''); return rec; },
  },
  PAID: { how: 'the load never started', outcome: 'VERIFIED', balanceFen: 12_000, credits: 1, host: 'LOADED', reach: (r) => r.paid() },
  INIT: {
    how: 'the host was down at authorize', outcome: 'VERIFIED', balanceFen: 12_000, credits: 1, host: 'LOADED',
    reach: async (r) => {
      const rec = await r.paid();
      r.host.failNext.authorize = [offline()];
      await interrupted(r, r.load(rec.id));
      return r.now(rec.id);
    },
  },
  AUTHORIZED: {
    how: 'the card was pulled during CREDIT, before it committed', outcome: 'VERIFIED', balanceFen: 12_000, credits: 1, host: 'LOADED',
    reach: async (r) => {
      const rec = await r.paid();
      r.card.creditFault = 'pull-before-commit';
      await interrupted(r, r.load(rec.id));
      return r.now(rec.id);
    },
  },
  WRITTEN: {
    how: 'the host was down at confirm', outcome: 'VERIFIED', balanceFen: 12_000, credits: 0, host: 'LOADED',
    reach: async (r) => {
      const rec = await r.paid();
      r.host.failNext.confirm = [offline()];
      await interrupted(r, r.load(rec.id));
      return r.now(rec.id);
    },
  },
  CONFIRMED: {
    how: 'the card was gone at the balance re-read', outcome: 'CONFIRMED', balanceFen: 12_000, credits: 0, host: 'LOADED',
    reach: async (r) => {
      const rec = await r.paid();
      r.card.failNext.getBalance = [new AppError('CARD_REMOVED')];
      return r.load(rec.id);
    },
  },
  VERIFIED: { how: 'it is done', outcome: 'VERIFIED', balanceFen: 12_000, credits: 0, host: 'LOADED', reach: async (r) => r.load((await r.paid()).id) },
  UNLOADED: {
    how: 'proven not on the card while the host was down', outcome: 'VERIFIED', balanceFen: 12_000, credits: 1, host: 'LOADED',
    reach: async (r) => {
      const rec = await CASES.AUTHORIZED.reach(r);
      r.host.failNext.markUnloaded = [offline()];
      await interrupted(r, r.resume(rec.id));
      return r.now(rec.id);
    },
  },
  NEEDS_ADMIN: {
    how: 'the host refused the TAC', outcome: { refuses: 'RECHARGE_NEEDS_ADMIN' }, balanceFen: 12_000, credits: 0, host: 'PAID',
    reach: async (r) => {
      const rec = await r.paid();
      r.host.failNext.confirm = [new HostRejectedError(409, 'TAC_INVALID', 'TAC 不符')];
      return r.load(rec.id);
    },
  },
  CANCELLED: { how: 'the operator cancelled it', outcome: 'CANCELLED', balanceFen: 10_000, credits: 0, host: 'CLOSED', reach: async (r) => r.engine.cancel((await r.ordered()).id) },
  REFUNDING: {
    how: 'paid, never loaded, the host started the refund (and has finished it since)', outcome: 'REFUNDED', balanceFen: 10_000, credits: 0,
    host: 'REFUNDED',
    reach: async (r) => {
      const rec = await r.paid();
      r.host.refund(rec.orderId ?? '', 'REFUNDING');
      const left = await r.resume(rec.id);
      r.host.refund(rec.orderId ?? '', 'REFUNDED');
      return left;
    },
  },
  REFUNDED: {
    how: 'paid, never loaded, refunded by the host', outcome: 'REFUNDED', balanceFen: 10_000, credits: 0, host: 'REFUNDED',
    reach: async (r) => {
      const rec = await r.paid();
      r.host.refund(rec.orderId ?? '', 'REFUNDED');
      return r.resume(rec.id);
    },
  },
};

describe('resume: every state goes on from where the journal stopped', () => {
  it.each(RECHARGE_STATES.map((s) => [s, CASES[s].how, CASES[s]] as const))('%s (%s)', async (state, _how, c) => {
    const r = rig();
    const left = await c.reach(r);
    expect(left.state).toBe(state);
    const sent = r.card.credits.length;
    r.mark();
    if (typeof c.outcome === 'string') expect((await r.resume(left.id)).state).toBe(c.outcome);
    else await rejection(r.resume(left.id), c.outcome.refuses);
    expect(r.card.state.balanceFen).toBe(c.balanceFen);
    expect(r.card.credits.length - sent).toBe(c.credits);
    // Each MAC2 reaches the card at most once.
    expect(new Set(r.card.credits).size).toBe(r.card.credits.length);
    expect(r.host.order(r.now(left.id).orderId ?? '').status).toBe(c.host);
  });

  it('a final recharge (CONFIRMED, VERIFIED, CANCELLED, REFUNDED) and NEEDS_ADMIN are left alone: no card, no host call', async () => {
    for (const state of ['CONFIRMED', 'VERIFIED', 'CANCELLED', 'REFUNDED', 'NEEDS_ADMIN'] as const) {
      const r = rig();
      const left = await CASES[state].reach(r);
      r.mark();
      await r.resume(left.id).catch(() => undefined);
      expect(r.timeline, state).toEqual([]);
    }
  });

  it('an ORDERED recharge still unpaid stays ORDERED without touching the card', async () => {
    const r = rig();
    const rec = await r.ordered();
    r.mark();
    expect((await r.resume(rec.id)).state).toBe('ORDERED');
    expect(r.timeline).toEqual(['host.getOrder ORD1']);
  });

  it('resumes a load whose CREDIT answer was lost: decided from the card, no UNLOADED, no second CREDIT', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = 'pull-after-commit';
    await interrupted(r, r.load(rec.id));
    expect((await r.resume(rec.id)).state).toBe('VERIFIED');
    expect(r.journal.states(rec.id)).not.toContain('UNLOADED');
    expect(r.card.credits).toEqual(['MAC2-1']);
    expect(r.card.state.balanceFen).toBe(12_000);
  });

  it('an UNLOADED recharge with another card in the reader: refused before anything reaches a card; the host hears only the proven absence', async () => {
    const r = rig();
    const left = await CASES.UNLOADED.reach(r);
    r.card.insert(OTHER_CARD);
    r.mark();
    await rejection(r.resume(left.id), 'RECHARGE_CARD_MISMATCH');
    // `/unloaded` (the card's earlier evidence, after its intent) comes before the fresh INIT, whichever card is in the reader.
    expect(r.timeline).toEqual(['journal.intent unloaded', 'host.markUnloaded ORD1', 'card.READ 0015']);
    expect(r.host.unloaded.at(-1)).toEqual({ evidence: { balanceFen: 10_000, onlineSerial: 7, loadRecord: null } });
    expect(r.now(left.id).state).toBe('UNLOADED');
    expect(r.card.credits).toEqual(['MAC2-1']);
  });

  it('an UNLOADED recharge tells the host before the fresh INIT', async () => {
    const r = rig();
    const left = await CASES.UNLOADED.reach(r);
    r.mark();
    await r.resume(left.id);
    const at = (line: string) => r.timeline.indexOf(line);
    expect(at('host.markUnloaded ORD1')).toBeGreaterThan(-1);
    expect(at('host.markUnloaded ORD1')).toBeLessThan(at('card.INIT 2000 key 1'));
    expect(r.host.unloaded.at(-1)).toEqual({ evidence: { balanceFen: 10_000, onlineSerial: 7, loadRecord: null } });
  });
});

describe('圈存 of a host order (`adoptHostOrder`)', () => {
  const foreignId = 'f0000000-0000-4000-8000-000000000001';

  it('adopts a paid order this journal does not hold and loads it once with its own MAC2', async () => {
    const r = rig();
    const order = r.host.foreignPaidOrder({ clientOrderId: foreignId, cardNo: CARD, amountFen: 777 });
    const done = await r.adopt(order.orderId, 'op1');
    expect(done).toMatchObject({ id: foreignId, state: 'VERIFIED', amountFen: 777, orderId: order.orderId, terminalId: '000001000050' });
    expect(r.journal.states(foreignId)).toEqual(['READ', 'ORDERED', 'PAID', 'PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'VERIFIED']); // PAID twice: INIT's intent
    expect(r.journal.events(foreignId)[0]?.data).toEqual({ step: 'adopted', orderId: order.orderId, terminalId: '000001000099', hostStatus: 'PAID', cancelledTwin: null });
    expect(r.card.state.balanceFen).toBe(10_777);
    expect(r.host.authorized.map((a) => a.req.terminalId)).toEqual(['000001000050']);
  });

  it('adopting an order the journal knows resumes it: nothing is loaded twice', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = 'pull-after-commit';
    await interrupted(r, r.load(rec.id));
    const done = await r.adopt(rec.orderId ?? '', 'op2');
    expect(done).toMatchObject({ id: rec.id, state: 'VERIFIED', operatorId: 'op1' });
    expect(r.card.credits).toEqual(['MAC2-1']);
    r.mark();
    expect((await r.adopt(rec.orderId ?? '', 'op2')).state).toBe('VERIFIED');
    expect(r.timeline).toEqual(['host.getOrder ORD1']);
  });

  it('refuses an order that is not paid (RECHARGE_HOST_ORDER_NOT_LOADABLE) before reading the card', async () => {
    const r = rig();
    const order = r.host.foreignPaidOrder({ clientOrderId: foreignId, cardNo: CARD, amountFen: 777 });
    await r.host.confirm(order.orderId, { onlineSerial: 1, newBalanceFen: 1, tac: 'X', evidence: null }); // loaded elsewhere
    r.mark();
    await rejection(r.adopt(order.orderId, 'op1'), 'RECHARGE_HOST_ORDER_NOT_LOADABLE');
    expect(r.timeline).toEqual([`host.getOrder ${order.orderId}`]);
  });

  it("refuses with another card in the reader (RECHARGE_CARD_MISMATCH) and journals nothing", async () => {
    const r = rig();
    const order = r.host.foreignPaidOrder({ clientOrderId: foreignId, cardNo: OTHER_CARD, amountFen: 777 });
    await rejection(r.adopt(order.orderId, 'op1'), 'RECHARGE_CARD_MISMATCH');
    expect(r.journal.get(foreignId)).toBeNull();
  });

  it('refuses a card that may not be loaded and journals nothing', async () => {
    const r = rig({ cardType: 0x17 });
    const order = r.host.foreignPaidOrder({ clientOrderId: foreignId, cardNo: CARD, amountFen: 777 });
    await rejection(r.adopt(order.orderId, 'op1'), 'CARD_ACCOUNT_CARD');
    expect(r.journal.get(foreignId)).toBeNull();
  });
});
