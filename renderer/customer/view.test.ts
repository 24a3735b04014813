import { describe, expect, it } from 'vitest';
import type { RechargeRecord } from '../../contract/recharge';
import { customerViewOf, type CustomerViewInput } from './view';

const record: RechargeRecord = {
  id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', createdAt: '2025-03-01T02:30:00.000Z', updatedAt: '2025-03-01T02:31:05.000Z',
  state: 'ORDERED', training: false, terminalId: '000001000050', operatorId: 'A01', cardNo: '62010000000000000001',
  plate: '甘A12345', plateColor: 0, amountFen: 15050, channel: 'wechat', balanceBeforeFen: 10000, orderId: 'H0001',
  tradeNo: null, qrPayload: 'weixin://wxpay/bizpayurl?pr=abc', orderExpiresAt: null, onlineSerial: null, hostDateTime: null,
  balanceAfterFen: null, tac: null, error: 'HOST_TIMEOUT', posVoucher: null, authCodeMasked: null, cardVersion: null, keyVersion: null, algId: null,
};
const base: CustomerViewInput = {
  step: 'read', confirming: false, amountFen: null, card: { card: { plate: '甘A12345', plateColor: 0 } }, record: null,
  method: 'qr', channel: 'wechat', training: false, open: true,
};
const plate = { plate: '甘A12345', color: 0 };

describe('the customer display\'s view of the wizard', () => {
  it('shows the welcome while the clerk reads the card or types the amount', () => {
    expect(customerViewOf(base)).toEqual({ screen: 'idle', training: false });
    expect(customerViewOf({ ...base, step: 'amount', amountFen: 15050 })).toEqual({ screen: 'idle', training: false });
  });

  it('shows the amount to confirm, with the plate, once the clerk asks for the confirmation', () => {
    expect(customerViewOf({ ...base, step: 'amount', confirming: true, amountFen: 15050 }))
      .toEqual({ screen: 'confirm', amountFen: 15050, plate, training: false });
  });

  it('shows the QR code to scan, its channel and amount; the customer\'s payment code or the POS by words', () => {
    expect(customerViewOf({ ...base, step: 'pay', amountFen: 15050, record }))
      .toEqual({ screen: 'pay', way: 'qr', channel: 'wechat', qrPayload: record.qrPayload, amountFen: 15050, plate, training: false });
    expect(customerViewOf({ ...base, step: 'pay', method: 'code', amountFen: 2000 }))
      .toEqual({ screen: 'pay', way: 'code', channel: null, qrPayload: null, amountFen: 2000, plate, training: false });
    expect(customerViewOf({ ...base, step: 'pay', method: 'pos', amountFen: 2000 })).toMatchObject({ screen: 'pay', way: 'pos' });
  });

  it('says 请勿拔卡 from the moment it is paid until the card is written', () => {
    for (const state of ['PAID', 'INIT', 'AUTHORIZED', 'WRITTEN'] as const) {
      expect(customerViewOf({ ...base, step: 'pay', record: { ...record, state } })).toEqual({ screen: 'loading', amountFen: 15050, plate, training: false });
    }
    expect(customerViewOf({ ...base, step: 'write', record: { ...record, state: 'AUTHORIZED' } })).toMatchObject({ screen: 'loading' });
  });

  it('shows the balance before and after a load; a load that did not happen in words, with no error text or id', () => {
    expect(customerViewOf({ ...base, step: 'result', record: { ...record, state: 'VERIFIED', balanceAfterFen: 25050 } }))
      .toEqual({ screen: 'done', amountFen: 15050, balanceBeforeFen: 10000, balanceAfterFen: 25050, plate, training: false });
    const failed = customerViewOf({ ...base, step: 'result', record: { ...record, state: 'UNLOADED' } });
    expect(failed).toEqual({ screen: 'not-done', amountFen: 15050, training: false });
    expect(JSON.stringify(failed)).not.toMatch(/HOST_TIMEOUT|1b4e28ba|6201/);
  });

  it('shows nothing of the last customer once the clerk\'s window is locked or signed out; says 培训模式 in training', () => {
    expect(customerViewOf({ ...base, step: 'result', record: { ...record, state: 'VERIFIED', balanceAfterFen: 25050 }, open: false }))
      .toEqual({ screen: 'idle', training: false });
    expect(customerViewOf({ ...base, training: true })).toEqual({ screen: 'idle', training: true });
  });
});
