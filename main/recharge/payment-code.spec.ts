import { describe, expect, it } from 'vitest';
import { codeRechargeId } from './ids';
import { rejection } from './testing/expect';
import { rig, TERMINAL } from './testing/rig';

const WECHAT = '134567890123456789';
const ALIPAY = '2812345678901234';

describe('PaymentCode: the customer’s payment code (付款码)', () => {
  it('takes the channel from the code; READ, ORDERED, the code journaled masked before it is sent, PAID', async () => {
    const r = rig();
    const rec = await r.code.start({ amountFen: 2_000, authCode: ` ${ALIPAY}\r\n`, operatorId: 'op1' });
    expect(rec).toMatchObject({ state: 'PAID', channel: 'alipay', authCodeMasked: '2812********1234', id: codeRechargeId(TERMINAL, ALIPAY) });
    expect(r.timeline.slice(r.timeline.indexOf('journal.READ'))).toEqual([
      'journal.READ', `host.createOrder ${rec.id}`, 'journal.ORDERED', 'journal.ORDERED', `host.micropay ORD1 ${ALIPAY}`, 'journal.PAID',
    ]);
    const sent = r.journal.events(rec.id).find((e) => e.data.micropay === 'sent');
    expect(sent?.data.authCode).toBe('2812********1234');
    expect(JSON.stringify(r.journal.events(rec.id))).not.toContain(ALIPAY); // the whole code is never journaled
  });

  it.each([['12345', 'too short'], ['164567890123456789', 'WeChat length, 16 is no WeChat prefix'], ['3112345678901234', 'Alipay length, 31'],
    ['13456789012345678a', 'a letter']])('refuses %s (%s) before the card is read or any order is made', async (code) => {
    const r = rig();
    await rejection(r.code.start({ amountFen: 2_000, authCode: code, operatorId: 'op1' }), 'AUTH_CODE_INVALID');
    expect(r.timeline).toEqual([]);
  });

  it('the same code scanned again never charges twice: it continues its own recharge', async () => {
    const r = rig();
    r.host.micropayAnswers.push('waiting');
    const first = await r.code.start({ amountFen: 2_000, authCode: WECHAT, operatorId: 'op1' });
    expect(first).toMatchObject({ state: 'ORDERED', channel: 'wechat' });
    const again = await r.code.start({ amountFen: 2_000, authCode: WECHAT, operatorId: 'op1' });
    expect(again.id).toBe(first.id);
    expect(r.host.orders.size).toBe(1);
    expect(r.host.micropays.map((m) => m.authCode)).toEqual([WECHAT, WECHAT]); // the host answers a code it knows with its first outcome
    r.host.pay('ORD1'); // the customer confirms on the phone
    expect((await r.payment.refreshPayment(r.journal.get(first.id))).state).toBe('PAID');
    const loaded = await r.cardLoad.load(r.journal.get(first.id));
    expect(loaded.state).toBe('VERIFIED');
    await rejection(r.code.start({ amountFen: 2_000, authCode: WECHAT, operatorId: 'op1' }), 'AUTH_CODE_USED');
    await rejection(r.code.start({ amountFen: 3_000, authCode: WECHAT, operatorId: 'op1' }), 'AUTH_CODE_USED');
    expect(r.card.credits).toHaveLength(1);
  });

  it('waiting for the customer: ORDERED with the channel’s word, for the long poll to finish', async () => {
    const r = rig();
    r.host.micropayAnswers.push('waiting');
    const rec = await r.code.start({ amountFen: 2_000, authCode: WECHAT, operatorId: 'op1' });
    expect(rec.state).toBe('ORDERED');
    expect(r.journal.events(rec.id).at(-1)?.data).toMatchObject({ micropay: 'waiting', channelStatus: 'USERPAYING' });
  });

  it('a refused code closes the order → CANCELLED and says why; the card is untouched', async () => {
    const r = rig();
    r.host.micropayAnswers.push({ refuse: 'PAY_NOT_ENOUGH' });
    const e = await rejection(r.code.start({ amountFen: 2_000, authCode: WECHAT, operatorId: 'op1' }), 'AUTH_CODE_REFUSED');
    expect(e.message).toContain('PAY_NOT_ENOUGH');
    const rec = r.journal.get(codeRechargeId(TERMINAL, WECHAT));
    expect(rec).toMatchObject({ state: 'CANCELLED', error: 'PAY_NOT_ENOUGH' });
    expect(r.host.order('ORD1').status).toBe('CLOSED');
    expect(r.timeline.some((l) => l.startsWith('card.INIT'))).toBe(false);
  });

  it('a lost micropay answer leaves it ORDERED; the next scan of the code asks the host again (the same order)', async () => {
    const r = rig();
    r.host.loseAnswer.micropay = [new Error('socket hang up')];
    await expect(r.code.start({ amountFen: 2_000, authCode: WECHAT, operatorId: 'op1' })).rejects.toThrow('socket hang up');
    const rec = r.journal.get(codeRechargeId(TERMINAL, WECHAT));
    expect(rec.state).toBe('ORDERED');
    expect(r.host.order('ORD1').status).toBe('PAID'); // the host did take it
    expect((await r.code.start({ amountFen: 2_000, authCode: WECHAT, operatorId: 'op1' })).state).toBe('PAID');
    expect(r.host.orders.size).toBe(1);
  });

  it('ids differ per code and per terminal, and look like UUIDs the host takes as order keys', () => {
    const a = codeRechargeId(TERMINAL, WECHAT);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(codeRechargeId(TERMINAL, ALIPAY)).not.toBe(a);
    expect(codeRechargeId('000001000051', WECHAT)).not.toBe(a);
  });
});
