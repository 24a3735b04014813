import { describe, expect, it } from 'vitest';
import { codeRechargeId } from './ids';
import { rejection } from './testing/expect';
import { rig, TERMINAL } from './testing/rig';

const WECHAT = '134567890123456789';
const ALIPAY = '2812345678901234';

describe('the customer’s payment code (付款码: `payWithCode`, the pay-code input)', () => {
  it('takes the channel from the code; READ, ORDERED, the code journaled masked before it is sent, PAID', async () => {
    const r = rig();
    const rec = await r.payCode(` ${ALIPAY}\r\n`, 2_000);
    expect(rec).toMatchObject({ state: 'PAID', channel: 'alipay', authCodeMasked: '2812********1234', id: codeRechargeId(TERMINAL, ALIPAY) });
    expect(r.timeline.slice(r.timeline.indexOf('journal.READ'))).toEqual([
      'journal.READ', 'journal.intent create-order', `host.createOrder ${rec.id}`, 'journal.ORDERED', 'journal.intent micropay', `host.micropay ORD1 ${ALIPAY}`, 'journal.PAID',
    ]);
    const sent = r.journal.events(rec.id).find((e) => e.data.step === 'intent' && e.data.action === 'micropay');
    expect(sent).toMatchObject({ state: 'ORDERED', data: { authCode: '2812********1234' } });
    expect(JSON.stringify(r.journal.events(rec.id))).not.toContain(ALIPAY); // the whole code is never journaled
  });

  it.each([['12345', 'too short'], ['164567890123456789', 'WeChat length, 16 is no WeChat prefix'], ['3112345678901234', 'Alipay length, 31'],
    ['13456789012345678a', 'a letter']])('refuses %s (%s) before the card is read or any order is made', async (code) => {
    const r = rig();
    await rejection(r.payCode(code, 2_000), 'AUTH_CODE_INVALID');
    expect(r.timeline).toEqual([]);
  });

  it('the same code scanned again never charges twice: it continues its own recharge', async () => {
    const r = rig();
    r.host.micropayAnswers.push('waiting');
    const first = await r.payCode(WECHAT, 2_000);
    expect(first).toMatchObject({ state: 'ORDERED', channel: 'wechat' });
    r.mark();
    const again = await r.payCode(WECHAT, 2_000);
    expect(again).toMatchObject({ id: first.id, state: 'ORDERED' });
    expect(r.host.orders.size).toBe(1);
    // The code's intent is journaled: it is never sent again; the host is asked where the order stands.
    expect(r.host.micropays.map((m) => m.authCode)).toEqual([WECHAT]);
    expect(r.timeline).toEqual(['host.getOrder ORD1']);
    r.host.pay('ORD1'); // the customer confirms on the phone
    expect((await r.engine.checkPayment(first.id)).state).toBe('PAID');
    const loaded = await r.load(first.id);
    expect(loaded.state).toBe('VERIFIED');
    await rejection(r.payCode(WECHAT, 2_000), 'AUTH_CODE_USED');
    await rejection(r.payCode(WECHAT, 3_000), 'AUTH_CODE_USED');
    expect(r.card.credits).toHaveLength(1);
  });

  it('waiting for the customer: ORDERED with the channel’s word, for the long poll to finish', async () => {
    const r = rig();
    r.host.micropayAnswers.push('waiting');
    const rec = await r.payCode(WECHAT, 2_000);
    expect(rec.state).toBe('ORDERED');
    expect(r.journal.events(rec.id).at(-1)?.data).toMatchObject({ step: 'micropay', outcome: 'waiting', channelStatus: 'USERPAYING' });
  });

  it('a refused code closes the order → CANCELLED and says why; the card is untouched', async () => {
    const r = rig();
    r.host.micropayAnswers.push({ refuse: 'PAY_NOT_ENOUGH' });
    const e = await rejection(r.payCode(WECHAT, 2_000), 'AUTH_CODE_REFUSED');
    expect(e.message).toContain('PAY_NOT_ENOUGH');
    const rec = r.now(codeRechargeId(TERMINAL, WECHAT));
    expect(rec).toMatchObject({ state: 'CANCELLED', error: 'PAY_NOT_ENOUGH' });
    expect(r.host.order('ORD1').status).toBe('CLOSED');
    expect(r.timeline.some((l) => l.startsWith('card.INIT'))).toBe(false);
  });

  it('a lost micropay answer leaves it ORDERED; the next scan of the code asks the host again (the same order)', async () => {
    const r = rig();
    r.host.loseAnswer.micropay = [new Error('socket hang up')];
    await expect(r.payCode(WECHAT, 2_000)).rejects.toThrow('socket hang up');
    const rec = r.now(codeRechargeId(TERMINAL, WECHAT));
    expect(rec.state).toBe('ORDERED');
    expect(r.host.order('ORD1').status).toBe('PAID'); // the host did take it
    expect((await r.payCode(WECHAT, 2_000)).state).toBe('PAID');
    expect(r.host.orders.size).toBe(1);
  });

  it('ids differ per code and per terminal, and look like UUIDs the host takes as order keys', () => {
    const a = codeRechargeId(TERMINAL, WECHAT);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(codeRechargeId(TERMINAL, ALIPAY)).not.toBe(a);
    expect(codeRechargeId('000001000051', WECHAT)).not.toBe(a);
  });
});
