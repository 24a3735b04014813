import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../contract/errors';
import { statusError } from '../card/apdu';
import { HostRejectedError } from '../host/errors';
import { rejection } from './testing/expect';
import { rig } from './testing/rig';

const OTHER_CARD = '62010000000000000999';

describe('the load (圈存 of a PAID recharge: `load`)', () => {
  it('loads a paid recharge in the order of the procedure: AUTHORIZED is durable before CREDIT is sent', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.mark();
    const done = await r.load(rec.id);
    expect(done.state).toBe('VERIFIED');
    // The host's word first (a refunded order is never loaded), INIT's intent before the card is asked.
    expect(r.timeline).toEqual([
      'host.getOrder ORD1', 'card.READ 0015', 'card.VERIFY 123456/bcd', 'journal.intent init', 'card.INIT 2000 key 1', 'journal.INIT',
      'host.authorize ORD1', 'host.mac2 MAC2-1', 'journal.AUTHORIZED', 'card.CREDIT MAC2-1', 'journal.WRITTEN',
      'host.confirm ORD1', 'journal.CONFIRMED', 'card.GET BALANCE', 'journal.VERIFIED',
    ]);
    expect(r.card.state).toMatchObject({ balanceFen: 12_000, onlineSerial: 8 });
    expect(done).toMatchObject({ onlineSerial: 7, tac: 'TAC00007', balanceAfterFen: 12_000 });
    expect(r.host.confirmed).toEqual([{ onlineSerial: 7, newBalanceFen: 12_000, tac: 'TAC00007', evidence: null }]);
    expect(r.host.order('ORD1').status).toBe('LOADED');
  });

  it('refuses another card in the reader before anything is sent or journaled', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.insert(OTHER_CARD);
    r.mark();
    await rejection(r.load(rec.id), 'RECHARGE_CARD_MISMATCH');
    expect(r.timeline).toEqual(['host.getOrder ORD1', 'card.READ 0015']);
    expect(r.now(rec.id).state).toBe('PAID');
  });

  it('a load that would pass the card maximum as INIT shows it: no INIT journaled, nothing written, the host told → UNLOADED, the room in the message', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.card.state.balanceFen = 499_000; // loaded elsewhere since the read
    r.mark();
    const e = await rejection(r.load(rec.id), 'RECHARGE_CARD_REFUSED_LOAD');
    expect(e.message).toContain('本卡最多还可充 10.00 元');
    expect(r.timeline.slice(0, 5)).toEqual(['host.getOrder ORD1', 'card.READ 0015', 'card.VERIFY 123456/bcd', 'journal.intent init', 'card.INIT 2000 key 1']);
    expect(r.timeline).not.toContain('journal.INIT');
    expect(r.timeline.filter((l) => l.startsWith('card.CREDIT') || l.startsWith('host.authorize'))).toEqual([]);
    // `/unloaded` only after its intent, with what the card shows.
    expect(r.timeline.indexOf('journal.intent unloaded')).toBeLessThan(r.timeline.indexOf('host.markUnloaded ORD1'));
    expect(r.host.unloaded).toEqual([{ evidence: { balanceFen: 499_000, onlineSerial: 7, loadRecord: null } }]);
    expect(r.now(rec.id)).toMatchObject({ state: 'UNLOADED', error: 'RECHARGE_CARD_REFUSED_LOAD' });
    expect(r.last(rec.id, 'decision')).toMatchObject({ via: 'card-refused', verdict: 'NOT_LOADED', refusal: 'RECHARGE_OVER_MAX_BALANCE' });
    expect(r.card.state.balanceFen).toBe(499_000);
  });

  it('a pulled card during CREDIT leaves AUTHORIZED and becomes RECHARGE_WRITE_UNKNOWN', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = 'pull-before-commit';
    const e = await rejection(r.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    expect(isAppError(e.cause, 'CARD_REMOVED')).toBe(true);
    expect(r.now(rec.id).state).toBe('AUTHORIZED');
    expect(r.card.state.balanceFen).toBe(10_000);
  });

  it('a CREDIT answer lost after the card committed is RECHARGE_WRITE_UNKNOWN too, and stays AUTHORIZED', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = 'pull-after-commit';
    await rejection(r.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    expect(r.now(rec.id).state).toBe('AUTHORIZED');
    expect(r.card.state.balanceFen).toBe(12_000);
  });

  it.each([
    ['a PC/SC failure', new AppError('PCSC_ERROR', { detail: 'SCardTransmit failed' })],
    ['a reader that never came back', new AppError('CARD_TIMEOUT')],
    ['a failure that is not an AppError', new Error('socket hang up')],
  ])('%s during CREDIT is outcome unknown: RECHARGE_WRITE_UNKNOWN', async (_what, error) => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = error;
    const e = await rejection(r.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    expect(e.cause).toBe(error);
    expect(r.now(rec.id).state).toBe('AUTHORIZED');
  });

  it.each([
    ['a card status word (9302, MAC2 refused)', statusError(0x9302), 'CARD_MAC_ERROR'],
    ['an error raised before sending', new AppError('CARD_NOT_CONNECTED'), 'CARD_NOT_CONNECTED'],
  ])('%s during CREDIT is passed on as it is, and the recharge stays AUTHORIZED', async (_what, error, code) => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = error;
    await rejection(r.load(rec.id), code);
    expect(r.now(rec.id).state).toBe('AUTHORIZED');
  });

  it('engine.busy() holds from the first card step of the load to its last (CREDIT inside), and ends with a failed load too', async () => {
    const r = rig();
    const rec = await r.paid();
    r.mark();
    const seen: string[] = [];
    const push = r.timeline.push.bind(r.timeline);
    r.timeline.push = (...lines: string[]) => {
      for (const l of lines) if (r.engine.busy()) seen.push(l);
      return push(...lines);
    };
    let during: boolean | null = null;
    r.card.duringCredit = () => { during = r.engine.busy(); };
    await r.load(rec.id);
    expect(during).toBe(true);
    // Asking the host comes before the card session; everything from the card's first command on is inside it.
    expect(seen).toEqual(r.timeline.slice(r.timeline.indexOf('card.READ 0015')));
    expect(seen).toContain('card.CREDIT MAC2-1');
    expect(seen).not.toContain('host.getOrder ORD1');
    expect(r.engine.busy()).toBe(false);

    const again = await r.paid();
    r.card.creditFault = 'pull-before-commit';
    await rejection(r.load(again.id), 'RECHARGE_WRITE_UNKNOWN');
    expect(r.engine.busy()).toBe(false);
  });

  it('a host that refuses the TAC sends the recharge to NEEDS_ADMIN: retrying cannot change its mind', async () => {
    const r = rig();
    const rec = await r.paid();
    r.host.failNext.confirm = [new HostRejectedError(409, 'TAC_INVALID', 'TAC 不符')];
    const done = await r.load(rec.id);
    expect(done).toMatchObject({ state: 'NEEDS_ADMIN', error: 'HOST_REJECTED' });
    expect(r.journal.events(rec.id).at(-1)).toMatchObject({ state: 'NEEDS_ADMIN', data: { step: 'host-refused', hostCode: 'TAC_INVALID' } });
    expect(r.card.credits).toEqual(['MAC2-1']);
  });

  it('a card gone at the balance re-read leaves the recharge CONFIRMED', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.failNext.getBalance = [new AppError('CARD_REMOVED')];
    expect((await r.load(rec.id)).state).toBe('CONFIRMED');
  });

  it('a balance re-read that disagrees goes to NEEDS_ADMIN (RECHARGE_BALANCE_MISMATCH)', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.card.duringCredit = () => { r.card.state.balanceFen -= 100; }; // the card is not what it should be
    const done = await r.load(rec.id);
    expect(done).toMatchObject({ state: 'NEEDS_ADMIN', error: 'RECHARGE_BALANCE_MISMATCH' });
    expect(r.journal.events(rec.id).at(-1)).toMatchObject({ state: 'NEEDS_ADMIN', data: { step: 'balance-mismatch', balanceFen: 11_900, expectedFen: 12_000 } });
  });
});

describe('deciding an interrupted load from the card (`resume` of AUTHORIZED, WRITTEN)', () => {
  it('resumes a load whose CREDIT answer was lost: proven on the card, confirmed with the TAC, CREDIT never sent again', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.card.creditFault = 'pull-after-commit';
    await rejection(r.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    r.mark();
    const done = await r.resume(rec.id);
    expect(done.state).toBe('VERIFIED');
    expect(r.timeline).toEqual([
      'card.READ 0015', 'card.GET BALANCE', 'card.VERIFY 123456/bcd', 'card.INIT 1 key 1', 'card.READ LOG', 'host.getOrder ORD1',
      'card.PROVE 7', 'journal.WRITTEN', 'host.confirm ORD1', 'journal.CONFIRMED', 'card.GET BALANCE', 'journal.VERIFIED',
    ]);
    expect(r.card.credits).toEqual(['MAC2-1']);
    expect(r.card.state).toMatchObject({ balanceFen: 12_000, onlineSerial: 8 });
    expect(r.host.confirmed.at(-1)).toEqual({ onlineSerial: 7, newBalanceFen: 12_000, tac: 'TAC00007', evidence: null });
  });

  it('not on the card → marks UNLOADED on the host, then a fresh INIT with a fresh MAC2', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.card.creditFault = 'pull-before-commit';
    await rejection(r.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    r.mark();
    const done = await r.resume(rec.id);
    expect(done.state).toBe('VERIFIED');
    expect(r.timeline).toEqual([
      'card.READ 0015', 'card.GET BALANCE', 'card.VERIFY 123456/bcd', 'card.INIT 1 key 1', 'card.READ LOG', 'host.getOrder ORD1',
      'journal.UNLOADED', 'journal.intent unloaded', 'host.markUnloaded ORD1',
      'card.READ 0015', 'card.VERIFY 123456/bcd', 'journal.intent init', 'card.INIT 2000 key 1', 'journal.INIT', 'host.authorize ORD1', 'host.mac2 MAC2-2', 'journal.AUTHORIZED',
      'card.CREDIT MAC2-2', 'journal.WRITTEN', 'host.confirm ORD1', 'journal.CONFIRMED', 'card.GET BALANCE', 'journal.VERIFIED',
    ]);
    expect(r.host.unloaded).toEqual([{ evidence: { balanceFen: 10_000, onlineSerial: 7, loadRecord: null } }]);
    expect(r.card.state).toMatchObject({ balanceFen: 12_000, onlineSerial: 8 });
  });

  it('never sends CREDIT twice for one MAC2', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.card.creditFault = 'pull-before-commit';
    await rejection(r.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    r.card.creditFault = 'pull-after-commit'; // the repair load is interrupted too
    await rejection(r.resume(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    expect((await r.resume(rec.id)).state).toBe('VERIFIED');
    expect(r.card.credits).toEqual(['MAC2-1', 'MAC2-2']);
    expect(r.host.authorized.map((a) => a.mac2)).toEqual(['MAC2-1', 'MAC2-2']);
    expect(r.card.state.balanceFen).toBe(12_000);
  });

  it('a card without a log or TRANSACTION PROVE: loaded by serial and balance, confirmed with the card evidence', async () => {
    const r = rig({ keepsLog: false, proves: false });
    const rec = await r.paid(2_000);
    r.card.creditFault = 'pull-after-commit';
    await rejection(r.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    expect((await r.resume(rec.id)).state).toBe('VERIFIED');
    expect(r.timeline.filter((l) => l.startsWith('card.PROVE'))).toEqual(['card.PROVE 7', 'card.PROVE 8']);
    expect(r.host.confirmed.at(-1)).toEqual({
      onlineSerial: 7, newBalanceFen: 12_000, tac: null, evidence: { balanceFen: 12_000, onlineSerial: 8, loadRecord: null },
    });
  });

  it('evidence that contradicts itself goes to NEEDS_ADMIN; nothing is written or told', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = 'pull-before-commit';
    await rejection(r.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    r.card.state.onlineSerial += 1; // the serial moved, but no load of ours is in the 0018 log
    const done = await r.resume(rec.id);
    expect(done).toMatchObject({ state: 'NEEDS_ADMIN', error: 'RECHARGE_NEEDS_ADMIN' });
    expect(r.card.credits).toEqual(['MAC2-1']);
    expect(r.host.unloaded).toEqual([]);
    expect(r.host.confirmed).toEqual([]);
  });

  it('refuses to decide with another card in the reader, and changes nothing', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = 'pull-before-commit';
    await rejection(r.load(rec.id), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert(OTHER_CARD);
    r.mark();
    await rejection(r.resume(rec.id), 'RECHARGE_CARD_MISMATCH');
    expect(r.timeline).toEqual(['card.READ 0015']);
  });

  it('a WRITTEN recharge is confirmed with the journaled TAC, without touching the card but for the re-read', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.host.failNext.confirm = [new AppError('HOST_UNREACHABLE', { url: 'http://host' })];
    await rejection(r.load(rec.id), 'HOST_UNREACHABLE');
    expect(r.now(rec.id).state).toBe('WRITTEN');
    r.mark();
    const done = await r.resume(rec.id);
    expect(done.state).toBe('VERIFIED');
    // The balance is read back from this recharge's card only: who it is first.
    expect(r.timeline).toEqual(['host.confirm ORD1', 'journal.CONFIRMED', 'card.READ 0015', 'card.GET BALANCE', 'journal.VERIFIED']);
    expect(r.host.confirmed.at(-1)).toEqual({ onlineSerial: 7, newBalanceFen: 12_000, tac: 'TAC00007', evidence: null });
  });
});
