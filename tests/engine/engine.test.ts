import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { trainingServices } from '../support/training';

type S = Awaited<ReturnType<typeof trainingServices>>;
let s: S;

beforeEach(async () => {
  s = await trainingServices();
  s.training?.insert('normal');
});
afterEach(async () => s.dispose());

function slotCard() {
  const card = s.training?.slot.card;
  if (!card) throw new Error('no training card inserted');
  return card;
}

async function paidRecharge(amountFen = 5000) {
  const rec = await s.engine.start({ amountFen, channel: 'wechat', operatorId: 'op1' });
  expect(rec.state).toBe('ORDERED');
  await s.training?.pay(rec.id);
  const paid = await s.engine.checkPayment(rec.id);
  expect(paid.state).toBe('PAID');
  return paid;
}

describe('the recharge engine over the in-process card and host simulator', () => {
  it('loads a paid recharge once and verifies the balance', async () => {
    const before = slotCard().snapshot();
    const rec = await paidRecharge(5000);
    const done = await s.engine.load(rec.id);
    expect(done.state).toBe('VERIFIED');
    expect(done.balanceAfterFen).toBe(before.balanceFen + 5000);
    expect(slotCard().snapshot().balanceFen).toBe(before.balanceFen + 5000);
    expect(slotCard().snapshot().onlineSerial).toBe(before.onlineSerial + 1);
    expect(s.training?.sim.order(done.orderId ?? '').status).toBe('LOADED');
    // Every side effect outside the process is journaled as an intent first: the order, then INIT (CREDIT's is AUTHORIZED).
    expect(s.engine.events(rec.id).map((e) => (e.data.step === 'intent' ? `intent ${e.data.action}` : e.state))).toEqual(
      ['READ', 'intent create-order', 'ORDERED', 'PAID', 'intent init', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'VERIFIED']);
    expect(s.engine.pending()).toEqual([]);
  });

  it('refuses an account card before any order exists', async () => {
    s.training?.insert('account');
    await expect(s.engine.start({ amountFen: 100, channel: 'alipay', operatorId: 'op1' })).rejects.toSatisfy(
      (e) => isAppError(e, 'CARD_ACCOUNT_CARD'));
    expect(s.engine.pending()).toEqual([]);
  });

  it('cancels an unpaid order and closes it on the host', async () => {
    const rec = await s.engine.start({ amountFen: 100, channel: 'alipay', operatorId: 'op1' });
    const cancelled = await s.engine.cancel(rec.id);
    expect(cancelled.state).toBe('CANCELLED');
    expect(s.training?.sim.order(rec.orderId ?? '').status).toBe('CLOSED');
  });

  it('refuses to cancel once the customer has paid, and records the payment', async () => {
    const rec = await s.engine.start({ amountFen: 100, channel: 'wechat', operatorId: 'op1' });
    await s.training?.pay(rec.id);
    await expect(s.engine.cancel(rec.id)).rejects.toSatisfy((e) => isAppError(e, 'RECHARGE_ALREADY_PAID'));
    expect(s.engine.get(rec.id)?.state).toBe('PAID');
  });

  it('blocks a new recharge on a card with a paid, unloaded recharge (rule 3)', async () => {
    await paidRecharge(100);
    await expect(s.engine.start({ amountFen: 100, channel: 'wechat', operatorId: 'op1' })).rejects.toSatisfy(
      (e) => isAppError(e, 'RECHARGE_CARD_BLOCKED'));
  });

  it('resumes a load whose card was torn before commit: proven unloaded, then loaded once', async () => {
    const before = slotCard().snapshot();
    const rec = await paidRecharge(2500);
    slotCard().setFault('tear-before-commit');
    await expect(s.engine.load(rec.id)).rejects.toSatisfy((e) => isAppError(e, 'RECHARGE_WRITE_UNKNOWN'));
    expect(s.engine.get(rec.id)?.state).toBe('AUTHORIZED');
    s.training?.insert('normal');
    const done = await s.engine.resume(rec.id);
    expect(done.state).toBe('VERIFIED');
    expect(s.engine.events(rec.id).map((e) => e.state)).toContain('UNLOADED');
    expect(slotCard().snapshot().balanceFen).toBe(before.balanceFen + 2500);
    expect(slotCard().snapshot().onlineSerial).toBe(before.onlineSerial + 1);
  });

  it('resumes a load whose answer was lost after commit: confirmed from the card, never written twice', async () => {
    const before = slotCard().snapshot();
    const rec = await paidRecharge(2500);
    slotCard().setFault('lose-answer-after-commit');
    await expect(s.engine.load(rec.id)).rejects.toSatisfy((e) => isAppError(e, 'RECHARGE_WRITE_UNKNOWN'));
    s.training?.insert('normal');
    const done = await s.engine.resume(rec.id);
    expect(done.state).toBe('VERIFIED');
    expect(s.engine.events(rec.id).map((e) => e.state)).not.toContain('UNLOADED');
    expect(slotCard().snapshot().balanceFen).toBe(before.balanceFen + 2500);
    expect(s.training?.sim.order(done.orderId ?? '').status).toBe('LOADED');
  });

  it('refuses to resume with another card in the reader and changes nothing', async () => {
    const rec = await paidRecharge(100);
    slotCard().setFault('tear-before-commit');
    await expect(s.engine.load(rec.id)).rejects.toSatisfy((e) => isAppError(e, 'RECHARGE_WRITE_UNKNOWN'));
    s.training?.insert('near-max');
    await expect(s.engine.resume(rec.id)).rejects.toSatisfy((e) => isAppError(e, 'RECHARGE_CARD_MISMATCH'));
    expect(s.engine.get(rec.id)?.state).toBe('AUTHORIZED');
  });
});

describe('圈存 of a host order the journal does not hold', () => {
  it('adopts a paid order from elsewhere and loads it once; a different card is refused', async () => {
    const sim = s.training?.sim;
    if (!sim) throw new Error('training host expected');
    const card = slotCard();
    const before = card.snapshot();
    // Paid elsewhere (e.g. the customer's phone): an order this terminal never saw.
    const token = (await (await fetch(`${sim.url}/v1/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ terminalId: '000001000099', operatorId: 'app' }),
    })).json() as { token: string }).token;
    const created = await (await fetch(`${sim.url}/v1/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        clientOrderId: '7f0e3c5e-8d1c-4c57-9d5e-2a1b3c4d5e6f', cardNo: card.cardNo, plate: '甘A12345', plateColor: 0,
        amountFen: 777, channel: 'alipay', terminalId: '000001000099', balanceFen: before.balanceFen,
      }),
    })).json() as { orderId: string };
    sim.pay(created.orderId);

    s.training?.insert('near-max');
    await expect(s.engine.adoptHostOrder(created.orderId, 'op1')).rejects.toSatisfy((e) => isAppError(e, 'RECHARGE_CARD_MISMATCH'));
    expect(s.engine.get('7f0e3c5e-8d1c-4c57-9d5e-2a1b3c4d5e6f')).toBeNull();

    s.training?.insert('normal');
    const done = await s.engine.adoptHostOrder(created.orderId, 'op1');
    expect(done.state).toBe('VERIFIED');
    expect(slotCard().snapshot().balanceFen).toBe(before.balanceFen + 777);
    expect(sim.order(created.orderId).status).toBe('LOADED');
    // Asking again resumes the journal's own record: nothing more is loaded.
    expect((await s.engine.adoptHostOrder(created.orderId, 'op1')).state).toBe('VERIFIED');
    expect(slotCard().snapshot().balanceFen).toBe(before.balanceFen + 777);
  });
});
