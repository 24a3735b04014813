import { describe, expect, it } from 'vitest';
import { CARD_TYPE_ACCOUNT } from '../../contract/card';
import { AppError } from '../../contract/errors';
import { MAX_LOAD_FEN } from '../../contract/money';
import { rejection } from './testing/expect';
import { rig } from './testing/rig';

const CARD = '62010000000000000001';

describe('starting a recharge (open.ts, then the machine\'s `order` input)', () => {
  it('journals READ with what the card said, then creates the order → ORDERED with its QR code', async () => {
    const r = rig({ balanceFen: 3_456 });
    const rec = await r.ordered(2_000);
    expect(rec).toMatchObject({
      state: 'ORDERED', orderId: 'ORD1', qrPayload: 'weixin://pay/ORD1', cardNo: CARD, amountFen: 2_000, balanceBeforeFen: 3_456,
      terminalId: '000001000050', operatorId: 'op1', channel: 'wechat',
    });
    expect(rec.orderExpiresAt).toBe(r.host.order('ORD1').expiresAt);
    // Who the card is and its balance: no 0016, no 0018 log (docs/card-protocol.md §2); the order's intent before the call.
    expect(r.timeline).toEqual([
      'card.READ 0015', 'card.GET BALANCE', 'host.checkCard ' + CARD, 'journal.READ', 'journal.intent create-order', `host.createOrder ${rec.id}`, 'journal.ORDERED',
    ]);
    expect(r.host.order('ORD1')).toMatchObject({ clientOrderId: rec.id, amountFen: 2_000, status: 'AWAITING_PAYMENT' });
  });

  it.each([[0, 'AMOUNT_ZERO'], [-100, 'AMOUNT_ZERO'], [12.5, 'AMOUNT_ZERO'], [Number.NaN, 'AMOUNT_ZERO'], [MAX_LOAD_FEN + 1, 'AMOUNT_TOO_LARGE']])(
    'refuses the amount %s fen (%s) before reading the card', async (amountFen, code) => {
      const r = rig();
      await rejection(r.engine.start({ amountFen, channel: 'wechat', operatorId: 'op1' }), code);
      expect(r.timeline).toEqual([]);
    });

  it('refuses a card that may not be loaded (an account card) and journals nothing', async () => {
    const r = rig({ cardType: CARD_TYPE_ACCOUNT });
    await rejection(r.ordered(), 'CARD_ACCOUNT_CARD');
    expect(r.timeline).not.toContain('journal.READ');
  });

  it('refuses an amount the card has no room for', async () => {
    const r = rig({ balanceFen: 499_000 });
    const e = await rejection(r.ordered(2_000), 'RECHARGE_OVER_MAX_BALANCE');
    expect(e.params).toEqual({ max: '5000.00', left: '10.00' });
    expect(r.timeline).not.toContain('journal.READ');
  });

  it('refuses a new recharge on a card with a paid recharge not yet on the card (rule 3)', async () => {
    const r = rig();
    const first = await r.paid(1_000);
    const e = await rejection(r.ordered(500), 'RECHARGE_CARD_BLOCKED');
    expect(e.params).toMatchObject({ id: first.id, amount: '10.00' });
  });

  it("refuses a new recharge while the host holds another terminal's paid order for this card", async () => {
    const r = rig();
    const foreign = r.host.foreignPaidOrder({ clientOrderId: 'f0000000-0000-4000-8000-000000000001', cardNo: CARD, amountFen: 777 });
    const e = await rejection(r.ordered(), 'RECHARGE_HOST_HALF_RECORD');
    expect(e.params).toEqual({ amount: '7.77', orderId: foreign.orderId });
  });

  it('a paid order this journal still has as ORDERED blocks the card as our own recharge, not as a host half record', async () => {
    const r = rig();
    const rec = await r.ordered(1_000);
    r.host.pay(rec.orderId ?? ''); // paid, never polled
    const read = await r.engine.readCard();
    expect(read.blocking.map((b) => b.id)).toEqual([rec.id]);
    expect(read.hostHalfRecords).toEqual([]);
  });

  it('reads the card with the host offline: hostChecked is false, the card is still shown', async () => {
    const r = rig();
    r.host.failNext.checkCard = [new AppError('HOST_UNREACHABLE', { url: 'http://host' })];
    const read = await r.engine.readCard();
    expect(read).toMatchObject({ hostChecked: false, refusal: null, blocking: [], hostHalfRecords: [] });
    expect(read.card.cardNo).toBe(CARD);
  });

  it('a card failure during the read is not mistaken for the host being offline', async () => {
    const r = rig();
    r.card.failNext.read = [new AppError('CARD_ABSENT')];
    await rejection(r.engine.readCard(), 'CARD_ABSENT');
  });

  it('a host that fails at the order leaves the recharge READ, to be closed by resume', async () => {
    const r = rig();
    r.host.loseAnswer.createOrder = [new AppError('HOST_TIMEOUT', { seconds: 10 })];
    await rejection(r.ordered(), 'HOST_TIMEOUT');
    const [rec] = [...r.host.orders.values()];
    expect(r.now(rec?.clientOrderId ?? '').state).toBe('READ');
  });
});

describe('the payment check (`check`) and closing (`cancel`, `resume`)', () => {
  it('an unpaid order stays ORDERED; once paid it becomes PAID with the trade number', async () => {
    const r = rig();
    const rec = await r.ordered();
    expect((await r.engine.checkPayment(rec.id)).state).toBe('ORDERED');
    r.host.pay('ORD1');
    expect(await r.engine.checkPayment(rec.id)).toMatchObject({ state: 'PAID', tradeNo: 'TORD1' });
  });

  it('an order the host closed becomes CANCELLED', async () => {
    const r = rig();
    const rec = await r.ordered();
    await r.host.closeOrder('ORD1');
    expect((await r.engine.checkPayment(rec.id)).state).toBe('CANCELLED');
  });

  it('an order past its expiry is closed on the host → CANCELLED', async () => {
    const r = rig();
    const rec = await r.ordered();
    r.clock.set('2025-03-01T04:16:00Z');
    expect((await r.engine.checkPayment(rec.id)).state).toBe('CANCELLED');
    expect(r.host.order('ORD1').status).toBe('CLOSED');
  });

  it('a recharge past ORDERED is returned as it is: the host is only read, nothing is journaled and the card is not touched', async () => {
    const r = rig();
    const rec = await r.paid();
    r.mark();
    expect(await r.engine.checkPayment(rec.id)).toEqual(rec);
    expect(r.timeline).toEqual(['host.getOrder ORD1']);
  });

  it('cancels an unpaid order: closed on the host, CANCELLED here; cancelling again changes nothing', async () => {
    const r = rig();
    const rec = await r.ordered();
    const cancelled = await r.engine.cancel(rec.id);
    expect(cancelled.state).toBe('CANCELLED');
    expect(r.host.order('ORD1').status).toBe('CLOSED');
    r.mark();
    expect((await r.engine.cancel(cancelled.id)).state).toBe('CANCELLED');
    expect(r.timeline).toEqual([]);
  });

  it('refuses to cancel a paid recharge (RECHARGE_ALREADY_PAID) and leaves it PAID', async () => {
    const r = rig();
    const rec = await r.paid();
    await rejection(r.engine.cancel(rec.id), 'RECHARGE_ALREADY_PAID');
    expect(r.now(rec.id).state).toBe('PAID');
    expect(r.host.order('ORD1').status).toBe('PAID');
  });

  it('a customer who paid while the operator cancelled: the recharge becomes PAID and the cancel is refused', async () => {
    const r = rig();
    const rec = await r.ordered();
    r.host.pay('ORD1');
    await rejection(r.engine.cancel(rec.id), 'RECHARGE_ALREADY_PAID');
    expect(r.journal.states(rec.id)).toEqual(['READ', 'READ', 'ORDERED', 'PAID']); // READ twice: opened, the order's intent
    expect(r.timeline.filter((l) => l.startsWith('host.closeOrder'))).toEqual([]);
    expect(r.host.order('ORD1').status).toBe('PAID');
  });

  it('closes a READ recharge whose order answer was lost: the order is found again by our id and closed', async () => {
    const r = rig();
    r.host.loseAnswer.createOrder = [new AppError('HOST_TIMEOUT', { seconds: 10 })];
    await rejection(r.ordered(), 'HOST_TIMEOUT');
    const [order] = [...r.host.orders.values()];
    const rec = r.now(order?.clientOrderId ?? '');
    const closed = await r.resume(rec.id);
    expect(closed).toMatchObject({ state: 'CANCELLED', orderId: order?.orderId });
    expect(r.host.orders.size).toBe(1);
    expect(r.host.order(order?.orderId ?? '').status).toBe('CLOSED');
  });

  it('取消 of a READ recharge whose order answer was lost does the same: found again by our id, closed, CANCELLED', async () => {
    const r = rig();
    r.host.loseAnswer.createOrder = [new AppError('HOST_TIMEOUT', { seconds: 10 })];
    await rejection(r.ordered(), 'HOST_TIMEOUT');
    const [order] = [...r.host.orders.values()];
    const closed = await r.engine.cancel(order?.clientOrderId ?? '');
    expect(closed).toMatchObject({ state: 'CANCELLED', orderId: order?.orderId });
    expect(r.host.orders.size).toBe(1);
    expect(r.host.order(order?.orderId ?? '').status).toBe('CLOSED');
  });
});
