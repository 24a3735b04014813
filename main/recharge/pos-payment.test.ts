import { describe, expect, it } from 'vitest';
import type { PosSlipEntry, PosVoucher } from '../../contract/pos';
import { rejection } from './testing/expect';
import { FakePos } from './testing/fake-pos';
import { rig, type Rig } from './testing/rig';

const MERCHANT = '898620154110001';
const manualRig = () => rig({}, { settings: { mode: 'manual', merchantNo: MERCHANT } });
function misRig() {
  const r = rig({}, { settings: { mode: 'mis', merchantNo: null }, terminal: (timeline, host) => new FakePos(timeline, host) });
  return { ...r, fake: r.terminal as FakePos };
}

/** The one recharge this rig's journal holds (the POS charge's: its id is made inside the engine). */
function onlyRecharge(r: Rig): string {
  const ids = r.journal.ids();
  expect(ids).toHaveLength(1);
  return ids[0] ?? '';
}

const typed: PosSlipEntry = { referenceNo: '103100000001', voucherNo: '000123', posTerminalNo: '62010088', amountFen: 2_000 };
const acquirerSlip = (over: Partial<PosVoucher> = {}): PosVoucher => ({
  merchantNo: MERCHANT, posTerminalNo: '62010088', batchNo: '000012', voucherNo: '000123', referenceNo: '103100000001',
  authCode: 'A1B2C3', cardNoMasked: '622848******0018', at: '2025-03-01T11:58:00+08:00', ...over,
});

describe('POS: a slip typed from the POS (manual entry: `payByPos` with the slip)', () => {
  it('READ holds the typed slip; the host checks it with the acquirer → ORDERED with the acquirer’s slip → PAID', async () => {
    const r = manualRig();
    r.host.addSlip(acquirerSlip(), 2_000);
    const rec = await r.payPos(2_000, typed);
    expect(rec).toMatchObject({ state: 'PAID', channel: 'pos', tradeNo: '103100000001', posVoucher: acquirerSlip() });
    const read = r.journal.events(rec.id)[0];
    expect(read?.data).toMatchObject({ step: 'opened', entry: 'pos-manual' });
    // The order answers paid at once: ORDERED, the acquirer's slip (ORDERED again), PAID, without asking again.
    expect(r.timeline).toEqual([
      'card.READ 0015', 'card.GET BALANCE', 'host.checkCard 62010000000000000001', 'journal.READ',
      'journal.intent create-order', `host.createOrder ${rec.id}`, 'journal.ORDERED', 'journal.ORDERED', 'journal.PAID',
    ]);
  });

  it('refuses a malformed field, an amount other than the recharge’s, or POS off — before the card is read', async () => {
    const r = manualRig();
    const e = await rejection(r.payPos(2_000, { ...typed, referenceNo: '1031' }), 'POS_SLIP_FIELD_INVALID');
    expect(e.message).toContain('参考号');
    await rejection(r.payPos(2_000, { ...typed, voucherNo: '12345X' }), 'POS_SLIP_FIELD_INVALID');
    await rejection(r.payPos(2_500, typed), 'POS_SLIP_AMOUNT_DIFFERS');
    await rejection(rig().payPos(2_000, typed), 'POS_MODE_NOT');
    await rejection(rig({}, { settings: { mode: 'manual', merchantNo: null } }).payPos(2_000, typed), 'POS_MERCHANT_MISSING');
    expect(r.timeline).toEqual([]);
  });

  it('a slip the acquirer does not know ends CANCELLED with the host’s reason; nothing reaches the card', async () => {
    const r = manualRig();
    const e = await rejection(r.payPos(2_000, typed), 'POS_SLIP_REFUSED');
    expect(e.message).toContain('收单行没有这张签购单');
    const [rec] = [...r.host.orders.values()];
    expect(rec).toBeUndefined();
    expect(r.timeline.filter((l) => l.startsWith('journal.'))).toEqual(['journal.READ', 'journal.intent create-order', 'journal.CANCELLED']);
    expect(r.timeline.some((l) => l.startsWith('card.VERIFY') || l.startsWith('card.INIT'))).toBe(false);
  });

  it('one slip funds one recharge: a second use is refused naming the first recharge, its plate and amount', async () => {
    const r = manualRig();
    r.host.addSlip(acquirerSlip(), 2_000);
    const first = await r.payPos(2_000, typed);
    expect((await r.load(first.id)).state).toBe('VERIFIED');
    const e = await rejection(r.payPos(2_000, typed), 'POS_SLIP_USED_BY');
    expect(e.params).toMatchObject({ referenceNo: '103100000001', recharge: first.id, plate: '甘A12345', amount: '20.00' });
    const second = [...r.timeline].reverse().find((l) => l.startsWith('host.createOrder'))?.split(' ')[1] ?? '';
    expect(r.now(second)).toMatchObject({ state: 'CANCELLED', error: 'POS_SLIP_USED' });
  });
});

describe('POS: the integrated MIS-POS (`payByPos` without a slip, the pos-charge input)', () => {
  it('journals the charge as an intent before the POS is asked, then its slip, then the order → PAID', async () => {
    const r = misRig();
    const paid = await r.payPos(3_000);
    expect(paid).toMatchObject({ state: 'PAID', channel: 'pos', posVoucher: { voucherNo: '000001', cardNoMasked: '622848******0018' } });
    expect(r.journal.events(paid.id).map((e) => e.data.step)).toEqual(['opened', 'intent', 'pos', 'intent', 'ordered', 'acquirer-slip', 'paid']);
    expect(r.journal.events(paid.id)[0]?.data).toMatchObject({ entry: 'pos-mis', pos: 'MIS-POS FAKE0001' });
    expect(r.journal.events(paid.id)[1]?.data).toMatchObject({ action: 'pos-charge', amountFen: 3_000 });
    expect(r.timeline.slice(r.timeline.indexOf('journal.READ'))).toEqual([
      'journal.READ', 'journal.intent pos-charge', `pos.charge ${paid.id}`, 'journal.READ', 'journal.intent create-order', `host.createOrder ${paid.id}`,
      'journal.ORDERED', 'journal.ORDERED', 'journal.PAID',
    ]);
    expect(r.fake.charges.get(paid.id)).toBe(1);
  });

  it('a decline ends CANCELLED (nothing charged, POS_DECLINED with the answer)', async () => {
    const r = misRig();
    r.fake.next = ['decline'];
    const e = await rejection(r.payPos(3_000), 'POS_DECLINED');
    expect(e.message).toContain('51');
    expect(r.engine.pending()).toEqual([]); // nothing left pending
    expect(r.now(onlyRecharge(r))).toMatchObject({ state: 'CANCELLED', error: 'POS_DECLINED' });
    expect(r.host.orders.size).toBe(0);
  });

  it('an answer lost after the charge: READ stays, resume asks the POS by our id — never a second charge — and loads once', async () => {
    const r = misRig();
    r.fake.next = ['lost'];
    await rejection(r.payPos(3_000), 'POS_OUTCOME_UNKNOWN');
    const id = onlyRecharge(r);
    expect(r.now(id)).toMatchObject({ state: 'READ', error: 'POS_OUTCOME_UNKNOWN', posVoucher: null });
    r.mark();
    const done = await r.resume(id);
    expect(done).toMatchObject({ state: 'VERIFIED', balanceAfterFen: 13_000 });
    expect(r.timeline[0]).toBe(`pos.query ${id}`);
    expect(r.timeline.filter((l) => l.startsWith('pos.charge'))).toEqual([]);
    expect(r.fake.charges.get(id)).toBe(1);
    expect(r.card.credits).toHaveLength(1);
  });

  it('a charge that never reached the POS: "not found" is no answer until the sale timeout has passed; then CANCELLED', async () => {
    const r = misRig();
    r.fake.next = ['unreachable'];
    await rejection(r.payPos(3_000), 'POS_OUTCOME_UNKNOWN');
    const id = onlyRecharge(r);
    // The customer may still be at the PIN pad: the recharge stays READ, the operator is told when to ask again.
    const e = await rejection(r.resume(id), 'POS_OUTCOME_PENDING');
    expect(e.message).toContain('请勿重新刷卡');
    expect(r.now(id).state).toBe('READ');
    r.clock.set('2025-03-01T04:03:00Z'); // past the POS's sale timeout since the charge's intent
    expect((await r.resume(id)).state).toBe('CANCELLED');
    expect(r.last(id, 'pos')).toMatchObject({ outcome: 'not-found' });
    expect(r.fake.charges.size).toBe(0);
    expect(r.timeline.filter((l) => l.startsWith('pos.charge'))).toEqual([`pos.charge ${id}`]);
  });

  it('while the POS cannot be asked, resume leaves it READ (pending) and asks again next time', async () => {
    const r = misRig();
    r.fake.next = ['lost'];
    await rejection(r.payPos(3_000), 'POS_OUTCOME_UNKNOWN');
    const id = onlyRecharge(r);
    r.fake.queryDown = true;
    await rejection(r.resume(id), 'POS_OUTCOME_UNKNOWN');
    expect(r.now(id).state).toBe('READ');
    r.fake.queryDown = false;
    expect((await r.resume(id)).state).toBe('VERIFIED');
    expect(r.fake.charges.get(id)).toBe(1);
  });

  it('cancelling: refused once the POS has charged (the slip is kept); allowed once the POS has shown nothing was charged', async () => {
    const r = misRig();
    r.fake.next = ['lost', 'unreachable'];
    await rejection(r.payPos(3_000), 'POS_OUTCOME_UNKNOWN');
    const charged = onlyRecharge(r);
    await rejection(r.engine.cancel(charged), 'POS_CANCEL_PAID');
    expect(r.now(charged)).toMatchObject({ state: 'READ', posVoucher: { voucherNo: '000001' } });
    r.mark();
    await rejection(r.engine.cancel(charged), 'POS_CANCEL_PAID'); // a slip on it: no question asked
    expect(r.timeline.filter((l) => l.startsWith('pos.'))).toEqual([]);
    r.card.state.cardNo = '62010000000000000002';
    await rejection(r.payPos(3_000), 'POS_OUTCOME_UNKNOWN');
    const notCharged = r.engine.pending().find((p) => p.id !== charged)?.id ?? '';
    await rejection(r.engine.cancel(notCharged), 'POS_OUTCOME_PENDING'); // "not found" before the sale timeout
    expect(r.now(notCharged).state).toBe('READ');
    r.clock.set('2025-03-01T04:03:00Z');
    expect((await r.engine.cancel(notCharged)).state).toBe('CANCELLED');
    expect(r.fake.charges.get(notCharged)).toBeUndefined();
  });

  it('a charged slip the host refuses ends CANCELLED with POS_VOID_NEEDED: the counter voids it on the POS', async () => {
    const r = misRig();
    r.host.addSlip = () => undefined; // the acquirer has not booked it (or the host refuses it for another reason)
    const e = await rejection(r.payPos(3_000), 'POS_VOID_NEEDED');
    expect(e.params).toMatchObject({ voucherNo: '000001' });
    const id = onlyRecharge(r);
    expect(r.now(id)).toMatchObject({ state: 'CANCELLED', error: 'POS_VOID_NEEDED', posVoucher: { voucherNo: '000001' } });
    expect(r.last(id, 'pos-refused')).toMatchObject({ hostCode: 'POS_SLIP_NOT_FOUND', voidOnPos: true });
    expect(r.fake.charges.get(id)).toBe(1);
  });

  it('refuses without a connected POS, or when the counter takes typed slips only', async () => {
    const off = rig({}, { settings: { mode: 'mis', merchantNo: null } });
    await rejection(off.payPos(100), 'POS_NOT_CONNECTED');
    const manual = manualRig();
    await rejection(manual.payPos(100), 'POS_MODE_NOT');
    expect([...off.timeline, ...manual.timeline]).toEqual([]);
  });
});
