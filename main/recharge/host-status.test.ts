import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors';
import type { HostOrderStatus } from '../../contract/host-api';
import type { RechargeRecord, RechargeState } from '../../contract/recharge';
import { hostStatusOf } from '../../contract/recharge-events';
import { rig, type Rig } from './testing/rig';

/**
 * docs/architecture.md §3a over the fakes: every host status arriving while the local recharge is in each of
 * ORDERED, PAID, INIT, AUTHORIZED, WRITTEN and UNLOADED, then resumed with the card in the reader. What the
 * journal ends in, how many CREDITs resume sends, and that a refunded order never gets a loading INIT.
 */
const HOST: HostOrderStatus[] = ['AWAITING_PAYMENT', 'PAID', 'CLOSED', 'LOADED', 'UNLOADED', 'REFUNDING', 'REFUNDED'];
const CARD = '62010000000000000001';
const offline = () => new AppError('HOST_UNREACHABLE', { url: 'http://host' });
/** Another terminal's load of the same amount, half an hour after the payment (Beijing card time). */
const FOREIGN_AT = '2025-03-01T12:30:00';

async function failed(r: Rig, p: Promise<unknown>): Promise<void> {
  await p.then(() => { throw new Error('the interruption did not happen'); }, () => undefined);
  r.card.insert(CARD);
}

type Local = 'ORDERED' | 'PAID' | 'INIT' | 'AUTHORIZED' | 'AUTHORIZED_ON_CARD' | 'WRITTEN' | 'UNLOADED';

const REACH: Record<Local, (r: Rig) => Promise<RechargeRecord>> = {
  ORDERED: (r) => r.ordered(),
  PAID: (r) => r.paid(),
  INIT: async (r) => {
    const rec = await r.paid();
    r.host.failNext.authorize = [offline()];
    await failed(r, r.load(rec.id));
    return r.now(rec.id);
  },
  AUTHORIZED: async (r) => { // CREDIT never committed: not on the card
    const rec = await r.paid();
    r.card.creditFault = 'pull-before-commit';
    await failed(r, r.load(rec.id));
    return r.now(rec.id);
  },
  AUTHORIZED_ON_CARD: async (r) => { // committed, the answer lost
    const rec = await r.paid();
    r.card.creditFault = 'pull-after-commit';
    await failed(r, r.load(rec.id));
    return r.now(rec.id);
  },
  WRITTEN: async (r) => {
    const rec = await r.paid();
    r.host.failNext.confirm = [offline()];
    await failed(r, r.load(rec.id));
    return r.now(rec.id);
  },
  UNLOADED: async (r) => { // proven not on the card while the host was down
    const left = await REACH.AUTHORIZED(r);
    r.host.failNext.markUnloaded = [offline()];
    await failed(r, r.resume(left.id));
    return r.now(left.id);
  },
};

/** Brings the host's order to `status`, as the host would get there; LOADED by another terminal, whose load the card shows. */
function hostSays(r: Rig, rec: RechargeRecord, status: HostOrderStatus, cardShowsLoad = true): void {
  const id = rec.orderId ?? '';
  if (status !== 'AWAITING_PAYMENT' && status !== 'CLOSED' && r.host.order(id).status === 'AWAITING_PAYMENT') r.host.pay(id);
  if (status === 'REFUNDING' || status === 'REFUNDED') r.host.refund(id, status);
  else r.host.setStatus(id, status);
  if (status === 'LOADED' && cardShowsLoad && rec.state !== 'AUTHORIZED' && rec.state !== 'WRITTEN') r.card.loadedElsewhere(rec.amountFen, FOREIGN_AT);
}

interface Outcome { state: RechargeState; credits: 0 | 1; error?: string }
const V1: Outcome = { state: 'VERIFIED', credits: 1 };
const V0: Outcome = { state: 'VERIFIED', credits: 0 };
const ADMIN: Outcome = { state: 'NEEDS_ADMIN', credits: 0 };
const REFUNDING: Outcome = { state: 'REFUNDING', credits: 0 };
const REFUNDED: Outcome = { state: 'REFUNDED', credits: 0 };
const TWICE: Outcome = { state: 'NEEDS_ADMIN', credits: 0, error: 'RECHARGE_REFUNDED_BUT_LOADED' };
const ELSEWHERE: Outcome = { state: 'CONFIRMED', credits: 0, error: 'RECHARGE_LOADED_ELSEWHERE' };

/** The table the code must follow (main/recharge/host-status.ts), as the outcome of resume. */
const MATRIX: Record<Local, Record<HostOrderStatus, Outcome>> = {
  ORDERED: {
    AWAITING_PAYMENT: { state: 'ORDERED', credits: 0 }, PAID: V1, CLOSED: { state: 'CANCELLED', credits: 0 }, LOADED: ELSEWHERE,
    UNLOADED: V1, REFUNDING, REFUNDED,
  },
  PAID: { AWAITING_PAYMENT: ADMIN, PAID: V1, CLOSED: ADMIN, LOADED: ELSEWHERE, UNLOADED: V1, REFUNDING, REFUNDED },
  INIT: { AWAITING_PAYMENT: ADMIN, PAID: V1, CLOSED: ADMIN, LOADED: ELSEWHERE, UNLOADED: V1, REFUNDING, REFUNDED },
  // Not on the card: decided from the card, then the host's word (host LOADED with the serial unchanged contradicts it).
  AUTHORIZED: { AWAITING_PAYMENT: ADMIN, PAID: V1, CLOSED: ADMIN, LOADED: ADMIN, UNLOADED: V1, REFUNDING, REFUNDED },
  // On the card: the host is told; a refunded order answers ORDER_REFUNDED_BUT_LOADED.
  AUTHORIZED_ON_CARD: { AWAITING_PAYMENT: ADMIN, PAID: V0, CLOSED: ADMIN, LOADED: V0, UNLOADED: V0, REFUNDING: TWICE, REFUNDED: TWICE },
  WRITTEN: { AWAITING_PAYMENT: ADMIN, PAID: V0, CLOSED: ADMIN, LOADED: V0, UNLOADED: V0, REFUNDING: TWICE, REFUNDED: TWICE },
  UNLOADED: { AWAITING_PAYMENT: ADMIN, PAID: V1, CLOSED: ADMIN, LOADED: ELSEWHERE, UNLOADED: V1, REFUNDING, REFUNDED },
};

const ROWS = (Object.keys(MATRIX) as Local[]).flatMap((local) => HOST.map((host) => [local, host, MATRIX[local][host]] as const));

describe('every host status × every local state, resumed (docs/architecture.md §3a)', () => {
  it.each(ROWS)('local %s, host %s', async (local, host, want) => {
    const r = rig();
    const left = await REACH[local](r);
    expect(left.state).toBe(local === 'AUTHORIZED_ON_CARD' ? 'AUTHORIZED' : local);
    const before = { credits: r.card.credits.length, balance: r.card.state.balanceFen };
    hostSays(r, left, host);
    r.mark();
    const done = await r.resume(left.id);
    expect(done.state).toBe(want.state);
    if (want.error) expect(done.error).toBe(want.error);
    expect(r.card.credits.length - before.credits).toBe(want.credits);
    expect(new Set(r.card.credits).size).toBe(r.card.credits.length); // a MAC2 reaches the card at most once
    if (want.credits === 0) expect(r.timeline.filter((l) => l.startsWith(`card.INIT ${left.amountFen} `))).toEqual([]);
    if (want.state === 'REFUNDING' || want.state === 'REFUNDED') {
      expect(r.timeline.filter((l) => l.startsWith('card.CREDIT') || l.startsWith('host.authorize'))).toEqual([]);
      expect(r.card.state.balanceFen).toBe(before.balance);
      expect(r.journal.events(left.id).at(-1)?.data).toMatchObject({ step: 'host-word', refund: { expectedDate: '2025-03-03' } });
    }
    // NEEDS_ADMIN keeps what the host said: its status, or its refusal of the card's proof.
    if (want.state === 'NEEDS_ADMIN') {
      const last = r.journal.events(left.id).at(-1)?.data;
      expect(last && (hostStatusOf(last) ?? (last.step === 'host-refused' ? last.hostCode : null))).toBeTruthy();
    }
  });

  it.each(['ORDERED', 'PAID', 'INIT', 'UNLOADED'] as const)('local %s, host LOADED but the card shows no such load → NEEDS_ADMIN, nothing written', async (local) => {
    const r = rig();
    const left = await REACH[local](r);
    hostSays(r, left, 'LOADED', false);
    const credits = r.card.credits.length;
    const done = await r.resume(left.id);
    expect(done).toMatchObject({ state: 'NEEDS_ADMIN', error: 'RECHARGE_LOADED_ELSEWHERE_UNPROVEN' });
    expect(r.card.credits.length).toBe(credits);
    expect(r.journal.events(left.id).at(-1)?.data).toMatchObject({ step: 'decision', evidence: { onlineSerial: r.card.state.onlineSerial, loadRecord: null } });
  });

  it('REFUNDING resumed while the host still refunds stays REFUNDING, without the card; REFUNDED once the host is done', async () => {
    const r = rig();
    const rec = await r.paid();
    r.host.refund(rec.orderId ?? '', 'REFUNDING');
    expect((await r.resume(rec.id)).state).toBe('REFUNDING');
    r.mark();
    expect((await r.resume(rec.id)).state).toBe('REFUNDING');
    expect(r.timeline).toEqual(['host.getOrder ORD1']);
    r.host.refund(rec.orderId ?? '', 'REFUNDED');
    const done = await r.resume(rec.id);
    expect(done.state).toBe('REFUNDED');
    expect(r.journal.events(rec.id).at(-1)?.data).toMatchObject({ step: 'host-word', refund: { refundNo: 'RFORD1' } });
    expect(r.timeline.filter((l) => l.startsWith('card.'))).toEqual([]);
  });
});

describe('the payment check follows the same table (the wizard polls it; no load is started from here)', () => {
  const WANT: Record<HostOrderStatus, RechargeState> = {
    AWAITING_PAYMENT: 'ORDERED', PAID: 'PAID', CLOSED: 'CANCELLED', LOADED: 'CONFIRMED', UNLOADED: 'UNLOADED', REFUNDING: 'REFUNDING', REFUNDED: 'REFUNDED',
  };
  it.each(HOST)('host %s while ORDERED', async (host) => {
    const r = rig();
    const rec = await r.ordered();
    hostSays(r, rec, host);
    const now = await r.engine.checkPayment(rec.id);
    expect(now.state).toBe(WANT[host]);
    expect(r.card.credits).toEqual([]);
    expect(r.timeline.filter((l) => l.startsWith('card.INIT 2000'))).toEqual([]);
  });

  it('a cancel that meets a refunded order says so (RECHARGE_ALREADY_REFUNDED) and journals REFUNDED', async () => {
    const r = rig();
    const rec = await r.ordered();
    hostSays(r, rec, 'REFUNDED');
    await expect(r.engine.cancel(rec.id)).rejects.toMatchObject({ code: 'RECHARGE_ALREADY_REFUNDED' });
    expect(r.now(rec.id).state).toBe('REFUNDED');
  });
});

describe('a load of a PAID recharge meets a refund (engine.load goes through the host status first)', () => {
  it.each(['ORDER_REFUNDING', 'ORDER_REFUNDED', 'ORDER_CLOSED'] as const)('authorize refused with %s: journaled from the host status, no CREDIT', async (code) => {
    const r = rig();
    const rec = await r.paid();
    const status = code === 'ORDER_CLOSED' ? 'CLOSED' : code === 'ORDER_REFUNDING' ? 'REFUNDING' : 'REFUNDED';
    // The host moved between the payment and the authorization.
    const authorize = r.host.authorize.bind(r.host);
    r.host.authorize = (id, req) => { hostSays(r, rec, status); return authorize(id, req); };
    const done = await r.load(rec.id);
    expect(done.state).toBe(status === 'CLOSED' ? 'NEEDS_ADMIN' : status);
    expect(r.card.credits).toEqual([]);
  });
});
