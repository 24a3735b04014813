import { describe, expect, it } from 'vitest';
import type { PosSlipEntry, PosVoucher } from '../../contract/pos';
import { rejection } from './testing/expect';
import { FakePos } from './testing/fake-pos';
import { rig } from './testing/rig';

const MERCHANT = '898620154110001';
const manualRig = () => rig({}, { settings: { mode: 'manual', merchantNo: MERCHANT } });
function misRig() {
  const r = rig({}, { settings: { mode: 'mis', merchantNo: null }, terminal: (timeline, host) => new FakePos(timeline, host) });
  return { ...r, fake: r.terminal as FakePos };
}

const typed: PosSlipEntry = { referenceNo: '103100000001', voucherNo: '000123', posTerminalNo: '62010088', amountFen: 2_000 };
const acquirerSlip = (over: Partial<PosVoucher> = {}): PosVoucher => ({
  merchantNo: MERCHANT, posTerminalNo: '62010088', batchNo: '000012', voucherNo: '000123', referenceNo: '103100000001',
  authCode: 'A1B2C3', cardNoMasked: '622848******0018', at: '2025-03-01T11:58:00+08:00', ...over,
});

describe('PosPayment: a slip typed from the POS (manual entry)', () => {
  it('READ holds the typed slip; the host checks it with the acquirer → ORDERED with the acquirer’s slip → PAID', async () => {
    const r = manualRig();
    r.host.addSlip(acquirerSlip(), 2_000);
    const rec = await r.pos.manual({ amountFen: 2_000, operatorId: 'op1', slip: typed });
    expect(rec).toMatchObject({ state: 'PAID', channel: 'pos', tradeNo: '103100000001', posVoucher: acquirerSlip() });
    const read = r.journal.events(rec.id)[0];
    expect(read?.data).toMatchObject({ posEntry: 'manual' });
    expect(r.timeline).toEqual([
      'card.READ 0015', 'card.GET BALANCE', 'host.checkCard 62010000000000000001', 'journal.READ',
      `host.createOrder ${rec.id}`, 'journal.ORDERED', 'host.getOrder ORD1', 'journal.ORDERED', 'journal.PAID',
    ]);
  });

  it('refuses a malformed field, an amount other than the recharge’s, or POS off — before the card is read', async () => {
    const r = manualRig();
    const e = await rejection(r.pos.manual({ amountFen: 2_000, operatorId: 'op1', slip: { ...typed, referenceNo: '1031' } }), 'POS_SLIP_FIELD_INVALID');
    expect(e.message).toContain('参考号');
    await rejection(r.pos.manual({ amountFen: 2_000, operatorId: 'op1', slip: { ...typed, voucherNo: '12345X' } }), 'POS_SLIP_FIELD_INVALID');
    await rejection(r.pos.manual({ amountFen: 2_500, operatorId: 'op1', slip: typed }), 'POS_SLIP_AMOUNT_DIFFERS');
    await rejection(rig().pos.manual({ amountFen: 2_000, operatorId: 'op1', slip: typed }), 'POS_MODE_NOT');
    await rejection(rig({}, { settings: { mode: 'manual', merchantNo: null } }).pos.manual({ amountFen: 2_000, operatorId: 'op1', slip: typed }), 'POS_MERCHANT_MISSING');
    expect(r.timeline).toEqual([]);
  });

  it('a slip the acquirer does not know ends CANCELLED with the host’s reason; nothing reaches the card', async () => {
    const r = manualRig();
    const e = await rejection(r.pos.manual({ amountFen: 2_000, operatorId: 'op1', slip: typed }), 'POS_SLIP_REFUSED');
    expect(e.message).toContain('收单行没有这张签购单');
    const [rec] = [...r.host.orders.values()];
    expect(rec).toBeUndefined();
    expect(r.timeline.filter((l) => l.startsWith('journal.'))).toEqual(['journal.READ', 'journal.CANCELLED']);
    expect(r.timeline.some((l) => l.startsWith('card.VERIFY') || l.startsWith('card.INIT'))).toBe(false);
  });

  it('one slip funds one recharge: a second use is refused naming the first recharge, its plate and amount', async () => {
    const r = manualRig();
    r.host.addSlip(acquirerSlip(), 2_000);
    const first = await r.pos.manual({ amountFen: 2_000, operatorId: 'op1', slip: typed });
    await r.cardLoad.load(first);
    const e = await rejection(r.pos.manual({ amountFen: 2_000, operatorId: 'op1', slip: typed }), 'POS_SLIP_USED_BY');
    expect(e.params).toMatchObject({ referenceNo: '103100000001', recharge: first.id, plate: '甘A12345', amount: '20.00' });
    const second = [...r.timeline].reverse().find((l) => l.startsWith('host.createOrder'))?.split(' ')[1] ?? '';
    expect(r.journal.get(second)).toMatchObject({ state: 'CANCELLED', error: 'POS_SLIP_USED' });
  });
});

describe('PosPayment: the integrated MIS-POS', () => {
  it('journals the charge as requested before the POS is asked, then its slip, then the order → PAID', async () => {
    const r = misRig();
    const opened = await r.pos.openCharge({ amountFen: 3_000, operatorId: 'op1' });
    expect(r.journal.events(opened.id).map((e) => e.data.posCharge ?? null)).toEqual([null, 'requested']);
    const charged = await r.pos.charge(opened);
    const paid = await r.pos.finish(charged);
    expect(paid).toMatchObject({ state: 'PAID', channel: 'pos', posVoucher: { voucherNo: '000001', cardNoMasked: '622848******0018' } });
    expect(r.timeline.slice(r.timeline.indexOf('journal.READ'))).toEqual([
      'journal.READ', 'journal.READ', `pos.charge ${opened.id}`, 'journal.READ', `host.createOrder ${opened.id}`, 'journal.ORDERED',
      'host.getOrder ORD1', 'journal.ORDERED', 'journal.PAID',
    ]);
    expect(r.fake.charges.get(opened.id)).toBe(1);
  });

  it('a decline ends CANCELLED (nothing charged, POS_DECLINED with the answer)', async () => {
    const r = misRig();
    r.fake.next = ['decline'];
    const opened = await r.pos.openCharge({ amountFen: 3_000, operatorId: 'op1' });
    const e = await rejection(r.pos.charge(opened), 'POS_DECLINED');
    expect(e.message).toContain('51');
    expect(r.journal.get(opened.id)).toMatchObject({ state: 'CANCELLED', error: 'POS_DECLINED' });
    expect(r.host.orders.size).toBe(0);
  });

  it('an answer lost after the charge: READ stays, resume asks the POS by our id — never a second charge — and loads once', async () => {
    const r = misRig();
    r.fake.next = ['lost'];
    const opened = await r.pos.openCharge({ amountFen: 3_000, operatorId: 'op1' });
    await rejection(r.pos.charge(opened), 'POS_OUTCOME_UNKNOWN');
    expect(r.journal.get(opened.id)).toMatchObject({ state: 'READ', error: 'POS_OUTCOME_UNKNOWN', posVoucher: null });
    r.mark();
    const done = await r.resume.resume(r.journal.get(opened.id));
    expect(done).toMatchObject({ state: 'VERIFIED', balanceAfterFen: 13_000 });
    expect(r.timeline[0]).toBe(`pos.query ${opened.id}`);
    expect(r.timeline.filter((l) => l.startsWith('pos.charge'))).toEqual([]);
    expect(r.fake.charges.get(opened.id)).toBe(1);
    expect(r.card.credits).toHaveLength(1);
  });

  it('a charge that never reached the POS: resume finds nothing charged → CANCELLED', async () => {
    const r = misRig();
    r.fake.next = ['unreachable'];
    const opened = await r.pos.openCharge({ amountFen: 3_000, operatorId: 'op1' });
    await rejection(r.pos.charge(opened), 'POS_OUTCOME_UNKNOWN');
    expect((await r.resume.resume(r.journal.get(opened.id))).state).toBe('CANCELLED');
    expect(r.fake.charges.size).toBe(0);
  });

  it('while the POS cannot be asked, resume leaves it READ (pending) and asks again next time', async () => {
    const r = misRig();
    r.fake.next = ['lost'];
    const opened = await r.pos.openCharge({ amountFen: 3_000, operatorId: 'op1' });
    await rejection(r.pos.charge(opened), 'POS_OUTCOME_UNKNOWN');
    r.fake.queryDown = true;
    await rejection(r.resume.resume(r.journal.get(opened.id)), 'POS_OUTCOME_UNKNOWN');
    expect(r.journal.get(opened.id).state).toBe('READ');
    r.fake.queryDown = false;
    expect((await r.resume.resume(r.journal.get(opened.id))).state).toBe('VERIFIED');
  });

  it('cancelling: refused once the POS has charged (the slip is kept); allowed when it has not', async () => {
    const r = misRig();
    r.fake.next = ['lost', 'unreachable'];
    const charged = await r.pos.openCharge({ amountFen: 3_000, operatorId: 'op1' });
    await rejection(r.pos.charge(charged), 'POS_OUTCOME_UNKNOWN');
    await rejection(r.pos.cancel(r.journal.get(charged.id)), 'POS_CANCEL_PAID');
    expect(r.journal.get(charged.id)).toMatchObject({ state: 'READ', posVoucher: { voucherNo: '000001' } });
    await rejection(r.pos.cancel(r.journal.get(charged.id)), 'POS_CANCEL_PAID'); // a slip on it: no question asked
    r.card.state.cardNo = '62010000000000000002';
    const notCharged = await r.pos.openCharge({ amountFen: 3_000, operatorId: 'op1' });
    await rejection(r.pos.charge(notCharged), 'POS_OUTCOME_UNKNOWN');
    expect((await r.pos.cancel(r.journal.get(notCharged.id))).state).toBe('CANCELLED');
  });

  it('a charged slip the host refuses ends CANCELLED with POS_VOID_NEEDED: the counter voids it on the POS', async () => {
    const r = misRig();
    const opened = await r.pos.openCharge({ amountFen: 3_000, operatorId: 'op1' });
    const charged = await r.pos.charge(opened);
    r.host.slips.clear(); // the acquirer has not booked it (or the host refuses it for another reason)
    const e = await rejection(r.pos.finish(charged), 'POS_VOID_NEEDED');
    expect(e.params).toMatchObject({ voucherNo: '000001' });
    expect(r.journal.get(opened.id)).toMatchObject({ state: 'CANCELLED', error: 'POS_VOID_NEEDED', posVoucher: { voucherNo: '000001' } });
  });

  it('refuses without a connected POS, or when the counter takes typed slips only', async () => {
    await rejection(rig({}, { settings: { mode: 'mis', merchantNo: null } }).pos.openCharge({ amountFen: 100, operatorId: 'op1' }), 'POS_NOT_CONNECTED');
    await rejection(manualRig().pos.openCharge({ amountFen: 100, operatorId: 'op1' }), 'POS_MODE_NOT');
  });
});
