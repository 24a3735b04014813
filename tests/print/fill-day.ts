import { expect } from 'vitest';
import { isAppError } from '../../contract/errors';
import type { RechargeRecord } from '../../contract/recharge';
import { localDateOf } from '../../main/journal/dates';
import { decisionData } from '../../contract/recharge-events';
import { trainingServices } from '../support/training';

export type Training = Awaited<ReturnType<typeof trainingServices>>;

export interface FilledDay {
  date: string;
  loaded: RechargeRecord; // wechat 50.00, VERIFIED
  repaired: RechargeRecord; // alipay 25.00, torn before commit, proven UNLOADED, then loaded by resume
  cancelled: RechargeRecord; // alipay 1.00, closed unpaid
  unloaded: RechargeRecord; // wechat 30.00, paid, proven not on the card
  needsAdmin: RechargeRecord; // alipay 9.87, paid, the evidence contradicts itself (card near-max)
  pending: RechargeRecord; // wechat 8.00, paid, not loaded yet (card t0)
}

async function paid(s: Training, amountFen: number, channel: 'wechat' | 'alipay', operatorId = 'op01'): Promise<RechargeRecord> {
  const rec = await s.engine.start({ amountFen, channel, operatorId });
  await s.training?.pay(rec.id);
  const p = await s.engine.checkPayment(rec.id);
  expect(p.state).toBe('PAID');
  return p;
}

/**
 * A day at the counter through the real engine in training mode. UNLOADED and NEEDS_ADMIN as final
 * states are appended through the journal API (the engine reaches them only under card faults that
 * it then repairs at once), with the data the engine itself writes.
 */
export async function fillDay(s: Training): Promise<FilledDay> {
  s.training?.insert('normal');
  const card = () => {
    const c = s.training?.slot.card;
    if (!c) throw new Error('no training card');
    return c;
  };
  const loaded = await s.engine.load((await paid(s, 5000, 'wechat')).id);
  expect(loaded.state).toBe('VERIFIED');

  const torn = await paid(s, 2500, 'alipay');
  card().setFault('tear-before-commit');
  await expect(s.engine.load(torn.id)).rejects.toSatisfy((e) => isAppError(e, 'RECHARGE_WRITE_UNKNOWN'));
  s.training?.insert('normal');
  const repaired = await s.engine.resume(torn.id);
  expect(repaired.state).toBe('VERIFIED');

  const started = await s.engine.start({ amountFen: 100, channel: 'alipay', operatorId: 'op02' });
  const cancelled = await s.engine.cancel(started.id);

  const u = await paid(s, 3000, 'wechat');
  const balance = card().snapshot().balanceFen;
  const serial = card().snapshot().onlineSerial;
  const unloaded = s.journal.append(u.id, 'UNLOADED', decisionData('interrupted', {
    verdict: 'NOT_LOADED', reason: 'serial and balance unchanged', evidence: { balanceFen: balance, onlineSerial: serial, loadRecord: null },
    hostStatus: 'PAID',
  }));

  // The host now holds a half record for this card (paid, not loaded): the next ones use other cards.
  s.training?.insert('near-max');
  const n = await paid(s, 987, 'alipay');
  const needsAdmin = s.journal.append(n.id, 'NEEDS_ADMIN', decisionData('interrupted', {
    verdict: 'CONTRADICTION', reason: 'serial advanced by one but no matching 0018 load record',
    evidence: { balanceFen: card().snapshot().balanceFen + 987, onlineSerial: card().snapshot().onlineSerial + 1, loadRecord: null },
    hostStatus: 'PAID',
  }), { error: 'RECHARGE_NEEDS_ADMIN' });

  s.training?.insert('t0');
  const pending = await paid(s, 800, 'wechat');
  return { date: localDateOf(new Date()), loaded, repaired, cancelled, unloaded, needsAdmin, pending };
}
