import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../contract/errors';
import { statusError } from '../card/apdu';
import { HostRejectedError } from '../host/errors';
import { rejection } from './testing/expect';
import { rig } from './testing/rig';

const OTHER_CARD = '62010000000000000999';

describe('CardLoad: the load', () => {
  it('loads a paid recharge in the order of the procedure: AUTHORIZED is durable before CREDIT is sent', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.mark();
    const done = await r.cardLoad.load(rec);
    expect(done.state).toBe('VERIFIED');
    expect(r.timeline).toEqual([
      'card.READ 0015', 'card.VERIFY 123456/bcd', 'card.INIT 2000 key 1', 'journal.INIT',
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
    await rejection(r.cardLoad.load(rec), 'RECHARGE_CARD_MISMATCH');
    expect(r.timeline).toEqual(['card.READ 0015']);
  });

  it('refuses a load that would pass the card maximum as INIT shows it, before journaling INIT', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.card.state.balanceFen = 499_000; // loaded elsewhere since the read
    r.mark();
    await rejection(r.cardLoad.load(rec), 'RECHARGE_OVER_MAX_BALANCE');
    expect(r.timeline).toEqual(['card.READ 0015', 'card.VERIFY 123456/bcd', 'card.INIT 2000 key 1']);
    expect(r.journal.get(rec.id).state).toBe('PAID');
  });

  it('a pulled card during CREDIT leaves AUTHORIZED and becomes RECHARGE_WRITE_UNKNOWN', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = 'pull-before-commit';
    const e = await rejection(r.cardLoad.load(rec), 'RECHARGE_WRITE_UNKNOWN');
    expect(isAppError(e.cause, 'CARD_REMOVED')).toBe(true);
    expect(r.journal.get(rec.id).state).toBe('AUTHORIZED');
    expect(r.card.state.balanceFen).toBe(10_000);
  });

  it('a CREDIT answer lost after the card committed is RECHARGE_WRITE_UNKNOWN too, and stays AUTHORIZED', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = 'pull-after-commit';
    await rejection(r.cardLoad.load(rec), 'RECHARGE_WRITE_UNKNOWN');
    expect(r.journal.get(rec.id).state).toBe('AUTHORIZED');
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
    const e = await rejection(r.cardLoad.load(rec), 'RECHARGE_WRITE_UNKNOWN');
    expect(e.cause).toBe(error);
    expect(r.journal.get(rec.id).state).toBe('AUTHORIZED');
  });

  it.each([
    ['a card status word (9302, MAC2 refused)', statusError(0x9302), 'CARD_MAC_ERROR'],
    ['an error raised before sending', new AppError('CARD_NOT_CONNECTED'), 'CARD_NOT_CONNECTED'],
  ])('%s during CREDIT is passed on as it is, and the recharge stays AUTHORIZED', async (_what, error, code) => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = error;
    await rejection(r.cardLoad.load(rec), code);
    expect(r.journal.get(rec.id).state).toBe('AUTHORIZED');
  });

  it('busy() is true only while CREDIT is outstanding', async () => {
    const r = rig();
    const rec = await r.paid();
    const seen: string[] = [];
    const push = r.timeline.push.bind(r.timeline);
    r.timeline.push = (...lines: string[]) => {
      for (const l of lines) if (r.cardLoad.writing) seen.push(l);
      return push(...lines);
    };
    let during: boolean | null = null;
    r.card.duringCredit = () => { during = r.cardLoad.writing; };
    await r.cardLoad.load(rec);
    expect(during).toBe(true);
    expect(seen).toEqual(['card.CREDIT MAC2-1']);
    expect(r.cardLoad.writing).toBe(false);

    const again = await r.paid();
    r.card.creditFault = 'pull-before-commit';
    await rejection(r.cardLoad.load(again), 'RECHARGE_WRITE_UNKNOWN');
    expect(r.cardLoad.writing).toBe(false);
  });

  it('a host that refuses the TAC sends the recharge to NEEDS_ADMIN: retrying cannot change its mind', async () => {
    const r = rig();
    const rec = await r.paid();
    r.host.failNext.confirm = [new HostRejectedError(409, 'TAC_INVALID', 'TAC 不符')];
    const done = await r.cardLoad.load(rec);
    expect(done).toMatchObject({ state: 'NEEDS_ADMIN', error: 'HOST_REJECTED' });
    expect(r.journal.lastEventData(rec.id, 'NEEDS_ADMIN')).toMatchObject({ hostRefused: { hostCode: 'TAC_INVALID' } });
  });

  it('a card gone at the balance re-read leaves the recharge CONFIRMED', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.failNext.getBalance = [new AppError('CARD_REMOVED')];
    expect((await r.cardLoad.load(rec)).state).toBe('CONFIRMED');
  });

  it('a balance re-read that disagrees goes to NEEDS_ADMIN (RECHARGE_BALANCE_MISMATCH)', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.card.duringCredit = () => { r.card.state.balanceFen -= 100; }; // the card is not what it should be
    const done = await r.cardLoad.load(rec);
    expect(done).toMatchObject({ state: 'NEEDS_ADMIN', error: 'RECHARGE_BALANCE_MISMATCH' });
    expect(r.journal.lastEventData(rec.id, 'NEEDS_ADMIN')).toEqual({ balanceFen: 11_900, expectedFen: 12_000 });
  });
});

describe('CardLoad: deciding an interrupted load from the card', () => {
  it('resumes a load whose CREDIT answer was lost: proven on the card, confirmed with the TAC, CREDIT never sent again', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.card.creditFault = 'pull-after-commit';
    await rejection(r.cardLoad.load(rec), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    r.mark();
    const done = await r.cardLoad.resumeAuthorized(r.journal.get(rec.id));
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
    await rejection(r.cardLoad.load(rec), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    r.mark();
    const done = await r.cardLoad.resumeAuthorized(r.journal.get(rec.id));
    expect(done.state).toBe('VERIFIED');
    expect(r.timeline).toEqual([
      'card.READ 0015', 'card.GET BALANCE', 'card.VERIFY 123456/bcd', 'card.INIT 1 key 1', 'card.READ LOG', 'host.getOrder ORD1',
      'journal.UNLOADED', 'card.READ 0015', 'host.markUnloaded ORD1',
      'card.VERIFY 123456/bcd', 'card.INIT 2000 key 1', 'journal.INIT', 'host.authorize ORD1', 'host.mac2 MAC2-2', 'journal.AUTHORIZED',
      'card.CREDIT MAC2-2', 'journal.WRITTEN', 'host.confirm ORD1', 'journal.CONFIRMED', 'card.GET BALANCE', 'journal.VERIFIED',
    ]);
    expect(r.host.unloaded).toEqual([{ evidence: { balanceFen: 10_000, onlineSerial: 7, loadRecord: null } }]);
    expect(r.card.state).toMatchObject({ balanceFen: 12_000, onlineSerial: 8 });
  });

  it('never sends CREDIT twice for one MAC2', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.card.creditFault = 'pull-before-commit';
    await rejection(r.cardLoad.load(rec), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    r.card.creditFault = 'pull-after-commit'; // the repair load is interrupted too
    await rejection(r.cardLoad.resumeAuthorized(r.journal.get(rec.id)), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    expect((await r.cardLoad.resumeAuthorized(r.journal.get(rec.id))).state).toBe('VERIFIED');
    expect(r.card.credits).toEqual(['MAC2-1', 'MAC2-2']);
    expect(r.host.authorized.map((a) => a.mac2)).toEqual(['MAC2-1', 'MAC2-2']);
    expect(r.card.state.balanceFen).toBe(12_000);
  });

  it('a card without a log or TRANSACTION PROVE: loaded by serial and balance, confirmed with the card evidence', async () => {
    const r = rig({ keepsLog: false, proves: false });
    const rec = await r.paid(2_000);
    r.card.creditFault = 'pull-after-commit';
    await rejection(r.cardLoad.load(rec), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    expect((await r.cardLoad.resumeAuthorized(r.journal.get(rec.id))).state).toBe('VERIFIED');
    expect(r.timeline.filter((l) => l.startsWith('card.PROVE'))).toEqual(['card.PROVE 7', 'card.PROVE 8']);
    expect(r.host.confirmed.at(-1)).toEqual({
      onlineSerial: 7, newBalanceFen: 12_000, tac: null, evidence: { balanceFen: 12_000, onlineSerial: 8, loadRecord: null },
    });
  });

  it('evidence that contradicts itself goes to NEEDS_ADMIN; nothing is written or told', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = 'pull-before-commit';
    await rejection(r.cardLoad.load(rec), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert();
    r.card.state.onlineSerial += 1; // the serial moved, but no load of ours is in the 0018 log
    const done = await r.cardLoad.resumeAuthorized(r.journal.get(rec.id));
    expect(done).toMatchObject({ state: 'NEEDS_ADMIN', error: 'RECHARGE_NEEDS_ADMIN' });
    expect(r.card.credits).toEqual(['MAC2-1']);
    expect(r.host.unloaded).toEqual([]);
    expect(r.host.confirmed).toEqual([]);
  });

  it('refuses to decide with another card in the reader, and changes nothing', async () => {
    const r = rig();
    const rec = await r.paid();
    r.card.creditFault = 'pull-before-commit';
    await rejection(r.cardLoad.load(rec), 'RECHARGE_WRITE_UNKNOWN');
    r.card.insert(OTHER_CARD);
    r.mark();
    await rejection(r.cardLoad.resumeAuthorized(r.journal.get(rec.id)), 'RECHARGE_CARD_MISMATCH');
    expect(r.timeline).toEqual(['card.READ 0015']);
  });

  it('a WRITTEN recharge is confirmed with the journaled TAC, without touching the card but for the re-read', async () => {
    const r = rig();
    const rec = await r.paid(2_000);
    r.host.failNext.confirm = [new AppError('HOST_UNREACHABLE', { url: 'http://host' })];
    await rejection(r.cardLoad.load(rec), 'HOST_UNREACHABLE');
    expect(r.journal.get(rec.id).state).toBe('WRITTEN');
    r.mark();
    const done = await r.cardLoad.resumeWritten(r.journal.get(rec.id));
    expect(done.state).toBe('VERIFIED');
    expect(r.timeline).toEqual(['host.confirm ORD1', 'journal.CONFIRMED', 'card.GET BALANCE', 'journal.VERIFIED']);
    expect(r.host.confirmed.at(-1)).toEqual({ onlineSerial: 7, newBalanceFen: 12_000, tac: 'TAC00007', evidence: null });
  });
});
