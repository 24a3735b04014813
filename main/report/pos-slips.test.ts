import { describe, expect, it } from 'vitest';
import type { PosVoucher } from '../../contract/pos';
import type { RechargeRecord, RechargeState } from '../../contract/recharge';
import { posSlips } from './pos-slips';

const voucher = (referenceNo: string, at: string, voucherNo = '000123'): PosVoucher => ({
  merchantNo: '898620154110001', posTerminalNo: '62010088', batchNo: null, voucherNo, referenceNo, authCode: null, cardNoMasked: null, at,
});
const rec = (id: string, state: RechargeState, v: PosVoucher, createdAt: string, error: string | null = null): RechargeRecord => ({
  id, createdAt, updatedAt: createdAt, state, training: true, terminalId: '000001000050', operatorId: 'A01', cardNo: '62010000000000000001',
  plate: '甘A12345', plateColor: 0, amountFen: 20_000, channel: 'pos', balanceBeforeFen: 0, orderId: null, tradeNo: null, qrPayload: null,
  orderExpiresAt: null, onlineSerial: null, hostDateTime: null, balanceAfterFen: null, tac: null, error, posVoucher: v, authCodeMasked: null,
  cardVersion: null, keyVersion: null, algId: null,
});

describe("日结's POS slips", () => {
  it('lists only slips that took money, each once, in the order of the slips, marking the ones to void on the POS', () => {
    const good = voucher('111111111111', '2026-12-07T02:00:00.000Z');
    const lines = posSlips([
      // A slip typed with a wrong voucher no, refused by the host: not a slip of this counter's, nothing to void.
      rec('typo', 'CANCELLED', voucher('111111111111', '2026-12-07T02:00:00.000Z', '999999'), '2026-12-07T02:01:00.000Z', 'POS_SLIP_REFUSED'),
      rec('late', 'VERIFIED', voucher('333333333333', '2026-12-07T04:00:00.000Z'), '2026-12-07T04:01:00.000Z'),
      rec('good', 'VERIFIED', good, '2026-12-07T02:02:00.000Z'),
      // The same slip typed again for another recharge, refused as used: listed once, with its loaded recharge.
      rec('dup', 'CANCELLED', good, '2026-12-07T02:05:00.000Z', 'POS_SLIP_USED_BY'),
      rec('cut', 'UNLOADED', voucher('222222222222', '2026-12-07T03:00:00.000Z'), '2026-12-07T03:01:00.000Z'),
      rec('void', 'CANCELLED', voucher('444444444444', '2026-12-07T01:00:00.000Z'), '2026-12-07T01:01:00.000Z', 'POS_VOID_NEEDED'),
      rec('declined', 'CANCELLED', voucher('555555555555', '2026-12-07T01:30:00.000Z'), '2026-12-07T01:31:00.000Z', 'POS_DECLINED'),
    ]);
    expect(lines.map((l) => [l.rechargeId, l.state, l.voidOnPos])).toEqual([
      ['void', 'CANCELLED', true], ['good', 'VERIFIED', false], ['cut', 'UNLOADED', true], ['late', 'VERIFIED', false],
    ]);
  });
});
