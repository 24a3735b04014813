import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors';
import { HostRejectedError } from '../host/errors';
import { rejection } from './testing/expect';
import { rig, type Rig } from './testing/rig';

/**
 * 需管理员 resolved by the supervisor with the card (main/recharge/steps/resolve-steps.ts): probed again, never
 * CREDIT; CONFIRMED when the card shows the load, UNLOADED when it proves it absent, otherwise unchanged
 * with the new evidence journaled beside the old.
 */
const OTHER_CARD = '62010000000000000999';
const OLD_PURCHASE = { serial: 3, overdraftFen: 0, amountFen: 1_250, type: 0x06, terminalId: '110101000001', at: '2025-02-01T10:00:00' };
const BY = { operatorId: 'S01', note: '发卡方已更正' };

/** Loaded on the card, the host refused the TAC (TAC_INVALID): NEEDS_ADMIN with the card's proof. */
async function tacRefused(r: Rig) {
  const rec = await r.paid();
  r.host.failNext.confirm = [new HostRejectedError(400, 'TAC_INVALID', 'TAC 校验失败')];
  const left = await r.load(rec.id);
  expect(left.state).toBe('NEEDS_ADMIN');
  return left;
}

/** Not on the card (torn before commit), but the host said LOADED: NEEDS_ADMIN (serial unchanged). */
async function hostSaidLoaded(r: Rig) {
  const rec = await r.paid();
  r.card.creditFault = 'pull-before-commit';
  await r.load(rec.id).catch(() => undefined);
  r.card.insert();
  r.host.setStatus(rec.orderId ?? '', 'LOADED');
  const left = await r.resume(rec.id);
  expect(left.state).toBe('NEEDS_ADMIN');
  return left;
}

describe('需管理员 resolved by the supervisor (`resolveAdmin`: the `resolve` input)', () => {
  it('the card shows the load and the host (corrected) accepts its TAC: CONFIRMED → VERIFIED, no CREDIT, old and new evidence kept', async () => {
    const r = rig();
    const left = await tacRefused(r);
    const credits = r.card.credits.length;
    const out = await r.resolve(left.id, BY);
    expect(out).toMatchObject({ outcome: 'CONFIRMED', reason: 'ADMIN_RESOLVED_LOADED', record: { state: 'VERIFIED', error: null } });
    expect(r.card.credits.length).toBe(credits);
    expect(r.host.confirmed.at(-1)).toMatchObject({ onlineSerial: 7, newBalanceFen: 12_000, tac: 'TAC00007' });
    expect(r.host.order(left.orderId ?? '').status).toBe('LOADED');
    const events = r.journal.events(left.id);
    expect(events.map((e) => e.state).slice(-3)).toEqual(['NEEDS_ADMIN', 'CONFIRMED', 'VERIFIED']);
    expect(events.at(-2)?.data).toMatchObject({
      step: 'decision', via: 'resolution', verdict: 'LOADED', evidence: { onlineSerial: 8, balanceFen: 12_000 },
      resolution: { by: 'S01', note: '发卡方已更正', outcome: 'CONFIRMED', previousError: 'HOST_REJECTED' },
    });
  });

  it('the card proves it absent and the host (corrected) takes /unloaded: UNLOADED, and 圈存 then loads it once', async () => {
    const r = rig();
    const left = await hostSaidLoaded(r);
    r.host.setStatus(left.orderId ?? '', 'PAID'); // the administrator corrected the host's record
    const out = await r.resolve(left.id, BY);
    expect(out).toMatchObject({ outcome: 'UNLOADED', record: { state: 'UNLOADED' } });
    expect(r.host.unloaded.at(-1)).toEqual({ evidence: { balanceFen: 10_000, onlineSerial: 7, loadRecord: null } });
    expect(r.card.credits).toHaveLength(1); // the torn one only
    expect((await r.resume(left.id)).state).toBe('VERIFIED');
    expect(r.card.credits).toHaveLength(2);
    expect(r.card.state.balanceFen).toBe(12_000);
  });

  it('the host not corrected yet (still LOADED, the card unchanged): UNRESOLVED, stays NEEDS_ADMIN with the re-check journaled', async () => {
    const r = rig();
    const left = await hostSaidLoaded(r);
    const out = await r.resolve(left.id, BY);
    expect(out).toMatchObject({ outcome: 'UNRESOLVED', reason: 'ADMIN_UNRESOLVED', record: { state: 'NEEDS_ADMIN' } });
    const last = r.journal.events(left.id).at(-1);
    expect(last).toMatchObject({ state: 'NEEDS_ADMIN', data: { step: 'decision', via: 'resolution', verdict: 'UNCLEAR', hostStatus: 'LOADED', resolution: { outcome: 'UNRESOLVED' } } });
    expect(r.host.unloaded).toEqual([]);
  });

  it('the host still refuses the card\'s TAC: UNRESOLVED (ADMIN_HOST_STILL_REFUSES), nothing but the re-check journaled', async () => {
    const r = rig();
    const left = await tacRefused(r);
    r.host.failNext.confirm = [new HostRejectedError(400, 'TAC_INVALID', 'TAC 校验失败')];
    const out = await r.resolve(left.id, BY);
    expect(out).toMatchObject({ outcome: 'UNRESOLVED', reason: 'ADMIN_HOST_STILL_REFUSES', reasonParams: { hostCode: 'TAC_INVALID' } });
    expect(r.now(left.id).state).toBe('NEEDS_ADMIN');
  });

  it('refunded though on the card: once the issuer takes the refund back (host LOADED) → CONFIRMED without a confirm call', async () => {
    const r = rig();
    const rec = await r.paid();
    r.host.failNext.confirm = [new AppError('HOST_UNREACHABLE', { url: 'http://host' })]; // stays WRITTEN with the TAC
    await r.load(rec.id).catch(() => undefined);
    r.host.refund(rec.orderId ?? '', 'REFUNDED');
    const left = await r.resume(rec.id);
    expect(left).toMatchObject({ state: 'NEEDS_ADMIN', error: 'RECHARGE_REFUNDED_BUT_LOADED' });
    expect((await r.resolve(left.id, BY)).outcome).toBe('UNRESOLVED'); // still refunded on the host
    r.host.setStatus(rec.orderId ?? '', 'LOADED');
    const confirms = r.host.confirmed.length;
    const out = await r.resolve(rec.id, BY);
    expect(out.outcome).toBe('CONFIRMED');
    expect(r.host.confirmed.length).toBe(confirms);
  });

  it('no attempt of ours (the host said LOADED, the card showed nothing): the log decides; proven absent → UNLOADED', async () => {
    const r = rig({ log: [OLD_PURCHASE] });
    const rec = await r.ordered();
    r.host.pay(rec.orderId ?? '');
    r.host.setStatus(rec.orderId ?? '', 'LOADED');
    const left = await r.resume(rec.id);
    expect(left).toMatchObject({ state: 'NEEDS_ADMIN', error: 'RECHARGE_LOADED_ELSEWHERE_UNPROVEN' });
    r.host.setStatus(rec.orderId ?? '', 'PAID');
    expect((await r.resolve(left.id, BY)).outcome).toBe('UNLOADED');
  });

  it('refuses another card (RECHARGE_CARD_MISMATCH) and a recharge that is not NEEDS_ADMIN, journaling nothing', async () => {
    const r = rig();
    const left = await tacRefused(r);
    const n = r.journal.events(left.id).length;
    r.card.insert(OTHER_CARD);
    await rejection(r.resolve(left.id, BY), 'RECHARGE_CARD_MISMATCH');
    expect(r.journal.events(left.id)).toHaveLength(n);
    await rejection(r.resolve((await r.ordered()).id, BY), 'RECHARGE_WRONG_STATE');
  });
});
