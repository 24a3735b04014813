import { describe, expect, it } from 'vitest';
import type { HostOrder, HostOrderStatus, TerminalDay, TerminalDayOrder } from '../../contract/host-api';
import type { RechargeRecord, RechargeState } from '../../contract/recharge';
import { HostRejectedError } from '../host/errors';
import { twinId } from '../recharge/ids';
import { allMatch, hostDaysOf, reconcileDay } from './reconcile';

const TERMINAL = '000001000050';
const DAY = '2026-03-01';
const AT = '2026-03-01T02:00:00.000Z'; // 10:00 in Beijing

const local = (id: string, state: RechargeState, o: Partial<RechargeRecord> = {}): RechargeRecord => ({
  id, createdAt: AT, updatedAt: AT, state, training: false, terminalId: TERMINAL, operatorId: 'A01', cardNo: '62010000000000000001',
  plate: '甘A12345', plateColor: 0, amountFen: 1000, channel: 'wechat', balanceBeforeFen: 0, orderId: `O-${id}`, tradeNo: null,
  qrPayload: null, orderExpiresAt: null, onlineSerial: null, hostDateTime: null, balanceAfterFen: null, tac: null, error: null,
  posVoucher: null, authCodeMasked: null, cardVersion: null, keyVersion: null, algId: null, ...o,
});
const order = (orderId: string, clientOrderId: string, status: HostOrderStatus, o: Partial<TerminalDayOrder> = {}): TerminalDayOrder => ({
  orderId, clientOrderId, cardNo: '62010000000000000001', plate: '甘A12345', plateColor: 0, amountFen: 1000, channel: 'wechat',
  channelStatus: 'SUCCESS', status, tradeNo: null, terminalId: TERMINAL, createdAt: AT, paidAt: AT, loadedAt: null, refund: null,
  posVoucher: null, loadTerminalId: null, ...o,
});

function hostOf(orders: TerminalDayOrder[], extra: Record<string, HostOrder> = {}) {
  const asked: string[] = [];
  return {
    asked,
    terminalDay: async (terminalId: string, day: string): Promise<TerminalDay> => {
      asked.push(`${terminalId} ${day}`);
      return { terminalId, day, generatedAt: AT, reconciledAt: null, orders, totals: [] };
    },
    getOrder: async (id: string): Promise<HostOrder> => {
      const o = extra[id];
      if (!o) throw new HostRejectedError(404, 'ORDER_NOT_FOUND', '订单不存在');
      return o;
    },
  };
}

describe('对账: the journal against the host\'s view of the terminal\'s day', () => {
  it('sorts every order into matched, mismatched (amount, status, with what to do), host-only and journal-only', async () => {
    const records = [
      local('ok', 'VERIFIED'), local('cheap', 'VERIFIED'), local('told', 'CONFIRMED'), local('refund', 'UNLOADED'),
      local('lost', 'VERIFIED'), local('never', 'READ', { orderId: null }), local('gone', 'CANCELLED'),
    ];
    const host = hostOf([
      order('O-ok', 'ok', 'LOADED'), order('O-cheap', 'cheap', 'LOADED', { amountFen: 900 }), order('O-told', 'told', 'PAID'),
      order('O-refund', 'refund', 'REFUNDED', { refund: { businessDay: DAY, expectedDate: '2026-03-02', heldForCard: false, refundNo: 'R1', refundedAt: AT } }),
      order('O-extra', 'elsewhere', 'PAID'), order('O-gone', 'gone', 'CLOSED'),
    ]);
    const r = await reconcileDay({ day: () => records }, host, DAY, { terminalId: TERMINAL, timeZone: 'Asia/Shanghai' });
    expect(r.hostDays).toEqual([DAY]);
    expect(host.asked).toEqual([`${TERMINAL} ${DAY}`]);
    expect(r.matched.map((x) => x.key)).toEqual(['ok', 'refund', 'gone']);
    expect(r.matched.find((x) => x.key === 'refund')?.refund?.refundNo).toBe('R1');
    expect(r.mismatched.map((x) => [x.key, x.problem, x.todo])).toEqual([
      ['cheap', 'amount', 'RECONCILE_TODO_AMOUNT'], ['told', 'status', 'RECONCILE_TODO_LOADED_HOST_NOT'],
    ]);
    expect(r.mismatched[0]).toMatchObject({ amountFen: 1000, hostAmountFen: 900 });
    expect(r.hostOnly.map((x) => [x.key, x.todo])).toEqual([['host:O-extra', 'RECONCILE_TODO_HOST_ONLY_PAID']]);
    expect(r.journalOnly.map((x) => [x.key, x.todo])).toEqual([['lost', 'RECONCILE_TODO_JOURNAL_ONLY']]);
    expect(allMatch(r)).toBe(false);
  });

  it('finds an order paid elsewhere and loaded here by its order id when the day view does not list it', async () => {
    const adopted = local('f0000000-0000-4000-8000-000000000001', 'VERIFIED', { orderId: 'O-web' });
    const web = { ...order('O-web', adopted.id, 'LOADED', { terminalId: '000001000099' }), qrPayload: '', expiresAt: AT } as HostOrder;
    const r = await reconcileDay({ day: () => [adopted] }, hostOf([], { 'O-web': web }), DAY, { terminalId: TERMINAL, timeZone: 'Asia/Shanghai' });
    expect(r.matched.map((x) => x.orderId)).toEqual(['O-web']);
    expect(allMatch(r)).toBe(true);
  });

  it('a cancelled twin whose order was adopted again as a new recharge is matched, not a mismatch', async () => {
    const twin = local('twin', 'CANCELLED', { orderId: 'O-t' });
    const again = local(twinId('O-t'), 'VERIFIED', { orderId: 'O-t' });
    const host = hostOf([order('O-t', 'twin', 'LOADED')]);
    const r = await reconcileDay({ day: () => [twin, again] }, host, DAY, {
      terminalId: TERMINAL, timeZone: 'Asia/Shanghai', find: (id) => (id === again.id ? again : null),
    });
    expect(r.matched.map((x) => x.key)).toEqual(['twin', again.id]);
    expect(allMatch(r)).toBe(true);
  });

  it('keeps only the orders of the local date when its zone is not Beijing\'s, asking every host day it overlaps', async () => {
    expect(hostDaysOf(DAY, 'UTC')).toEqual(['2026-03-01', '2026-03-02']);
    expect(hostDaysOf(DAY, 'Asia/Shanghai')).toEqual([DAY]);
    const before = order('O-before', 'b', 'LOADED', { createdAt: '2026-02-28T23:00:00.000Z' }); // 03-01 07:00 Beijing, 02-28 in UTC
    const inside = order('O-in', 'in', 'LOADED', { createdAt: '2026-03-01T20:00:00.000Z' }); // 03-02 04:00 Beijing, 03-01 in UTC
    const host = hostOf([before, inside]);
    const r = await reconcileDay({ day: () => [local('in', 'VERIFIED', { createdAt: inside.createdAt })] }, host, DAY, { terminalId: TERMINAL, timeZone: 'UTC' });
    expect(host.asked).toEqual([`${TERMINAL} 2026-03-01`, `${TERMINAL} 2026-03-02`]);
    expect(r.matched.map((x) => x.key)).toEqual(['in']);
    expect(r.hostOnly).toEqual([]);
  });

  it('an unfinished or needs-admin recharge is never "matched": it says to finish it or to have it resolved', async () => {
    const r = await reconcileDay({ day: () => [local('p', 'PAID'), local('a', 'NEEDS_ADMIN')] },
      hostOf([order('O-p', 'p', 'PAID'), order('O-a', 'a', 'PAID')]), DAY, { terminalId: TERMINAL, timeZone: 'Asia/Shanghai' });
    expect(r.mismatched.map((x) => x.todo)).toEqual(['RECONCILE_TODO_FINISH', 'RECONCILE_TODO_ADMIN']);
  });

  it('a bank-card recharge matches only with the same POS slip; another slip is a mismatch with what to do', async () => {
    const slip = {
      merchantNo: '898620154110001', posTerminalNo: '62010088', batchNo: '000012', voucherNo: '000123', referenceNo: '103100000123',
      authCode: 'A1B2C3', cardNoMasked: '622848******0018', at: AT,
    };
    const other = { ...slip, voucherNo: '000124', referenceNo: '103100000124' };
    const r = await reconcileDay({
      day: () => [local('same', 'VERIFIED', { channel: 'pos', posVoucher: slip }), local('diff', 'VERIFIED', { channel: 'pos', posVoucher: slip })],
    }, hostOf([
      order('O-same', 'same', 'LOADED', { channel: 'pos', posVoucher: slip }), order('O-diff', 'diff', 'LOADED', { channel: 'pos', posVoucher: other }),
    ]), DAY, { terminalId: TERMINAL, timeZone: 'Asia/Shanghai' });
    expect(r.matched.map((x) => [x.key, x.posReferenceNo])).toEqual([['same', '103100000123']]);
    expect(r.mismatched.map((x) => [x.key, x.problem, x.todo])).toEqual([['diff', 'pos', 'RECONCILE_TODO_POS_SLIP']]);
  });
});
