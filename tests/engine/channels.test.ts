import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { SettingsSchema } from '../../contract/settings';
import { codeRechargeId } from '../../main/recharge/ids';
import { trainingServices } from '../support/training';

/**
 * Every way a counter takes money, through the engine over training services: the host simulator over
 * HTTP (micropay, acquirer, long poll, SM4 hypothesis suite), the virtual card, the simulated MIS-POS.
 */
type S = Awaited<ReturnType<typeof trainingServices>>;
let s: S | null = null;
afterEach(async () => { await s?.dispose(); s = null; });

const MERCHANT = '898620154110001';
async function open(pos: 'off' | 'mis' | 'manual' = 'off', profile = 'normal'): Promise<S> {
  s = await trainingServices({ settings: SettingsSchema.parse({ pos: { mode: pos, merchantNo: MERCHANT } }), posSwipeMs: 0 });
  s.training?.insert(profile);
  return s;
}
const card = (x: S) => {
  const c = x.training?.slot.card;
  if (!c) throw new Error('no training card');
  return c.snapshot();
};
const rejects = (p: Promise<unknown>, code: string) => expect(p).rejects.toSatisfy((e) => isAppError(e, code));

describe('付款码 over the host simulator', () => {
  it('a scanned code pays at once and the card is loaded; scanning it again never charges twice', async () => {
    const x = await open();
    const before = card(x);
    const paid = await x.engine.payWithCode({ amountFen: 3_000, authCode: '134567890123456789', operatorId: 'op1' });
    expect(paid).toMatchObject({ state: 'PAID', channel: 'wechat', authCodeMasked: '1345**********6789' });
    expect((await x.engine.load(paid.id)).state).toBe('VERIFIED');
    await rejects(x.engine.payWithCode({ amountFen: 3_000, authCode: '134567890123456789', operatorId: 'op1' }), 'AUTH_CODE_USED');
    expect(card(x).balanceFen).toBe(before.balanceFen + 3_000);
    expect(x.training?.sim.order(paid.orderId ?? '')).toMatchObject({ status: 'LOADED', channelStatus: 'SUCCESS' });
  });

  it('the customer confirms on the phone: ORDERED, then the long poll sees PAID', async () => {
    const x = await open();
    x.training?.sim.micropay.apply({ waitPolls: 2 });
    const waiting = await x.engine.payWithCode({ amountFen: 500, authCode: '2812345678901234', operatorId: 'op1' });
    expect(waiting).toMatchObject({ state: 'ORDERED', channel: 'alipay' });
    const again = await x.engine.payWithCode({ amountFen: 500, authCode: '2812345678901234', operatorId: 'op1' });
    expect(again.id).toBe(waiting.id); // the repeated scan asks the same order again
    const paid = await x.engine.waitForPayment(waiting.id);
    expect(paid.state).toBe('PAID');
    expect(x.training?.sim.events(paid.orderId ?? '').filter((e) => e.kind === 'paid')).toHaveLength(1);
  });

  it('a refused code ends CANCELLED and leaves the card alone; a code of no known shape is refused before anything', async () => {
    const x = await open();
    x.training?.sim.micropay.apply({ refuse: 'NOT_ENOUGH' });
    await rejects(x.engine.payWithCode({ amountFen: 500, authCode: '134567890123450000', operatorId: 'op1' }), 'AUTH_CODE_REFUSED');
    expect(x.engine.get(codeRechargeId('000001000050', '134567890123450000'))?.state).toBe('CANCELLED');
    await rejects(x.engine.payWithCode({ amountFen: 500, authCode: '99999', operatorId: 'op1' }), 'AUTH_CODE_INVALID');
    expect(x.engine.pending()).toEqual([]);
  });
});

describe('POS bank card over the host simulator’s acquirer', () => {
  it('manual entry: the typed slip pays, its acquirer fields land on the record; a second use names the first recharge', async () => {
    const x = await open('manual');
    const slip = x.training?.sim.acquirer.charge({ merchantNo: MERCHANT, posTerminalNo: '62010088', amountFen: 20_000 });
    if (!slip) throw new Error('no slip');
    const entry = { referenceNo: slip.referenceNo, voucherNo: slip.voucherNo, posTerminalNo: slip.posTerminalNo, amountFen: 20_000 };
    const paid = await x.engine.payByPos({ amountFen: 20_000, operatorId: 'op1', slip: entry });
    expect(paid).toMatchObject({ state: 'PAID', channel: 'pos', tradeNo: slip.referenceNo, posVoucher: { batchNo: '000001', cardNoMasked: '622848******0018' } });
    expect((await x.engine.load(paid.id)).state).toBe('VERIFIED');
    await expect(x.engine.payByPos({ amountFen: 20_000, operatorId: 'op1', slip: entry })).rejects.toSatisfy(
      (e) => isAppError(e, 'POS_SLIP_USED_BY') && e.params.recharge === paid.id);
  });

  it('the integrated MIS-POS times out after charging: the result query finds the slip, one charge, loaded once', async () => {
    const x = await open('mis');
    const before = card(x);
    x.training?.misPos.setFaults({ timeoutAfterCharge: 1 });
    const paid = await x.engine.payByPos({ amountFen: 1_500, operatorId: 'op1' });
    expect(paid).toMatchObject({ state: 'PAID', channel: 'pos', posVoucher: { posTerminalNo: '62010088' } });
    expect(x.training?.misPos.sales(paid.id)).toBe(1);
    expect((await x.engine.load(paid.id)).state).toBe('VERIFIED');
    expect(card(x).balanceFen).toBe(before.balanceFen + 1_500);
  });

  it('a declined POS charge ends CANCELLED, nothing ordered', async () => {
    const x = await open('mis');
    x.training?.misPos.setFaults({ decline: '51' });
    await rejects(x.engine.payByPos({ amountFen: 1_500, operatorId: 'op1' }), 'POS_DECLINED');
    expect(x.engine.pending()).toEqual([]);
  });
});

describe('a dual-algorithm (SM4) card', () => {
  it('is loaded with key 41; INIT’s algorithm id and the card version reach the host, which uses its SM4 suite', async () => {
    const x = await open('off', 'sm4');
    const before = card(x);
    const rec = await x.engine.start({ amountFen: 1_000, channel: 'wechat', operatorId: 'op1' });
    expect(rec.cardVersion).toBe(0x50);
    await x.training?.pay(rec.id);
    await x.engine.checkPayment(rec.id);
    const done = await x.engine.load(rec.id);
    expect(done).toMatchObject({ state: 'VERIFIED', cardVersion: 0x50, algId: 0x04, balanceAfterFen: before.balanceFen + 1_000 });
    const authorized = x.training?.sim.events(done.orderId ?? '').find((e) => e.kind === 'authorized');
    expect(authorized?.data).toMatchObject({ algId: 4, suite: 'sm4' });
    expect(x.engine.events(done.id).find((e) => e.state === 'INIT')?.data).toMatchObject({ keyIndex: 0x41, cardVersion: 0x50 });
  });
});
