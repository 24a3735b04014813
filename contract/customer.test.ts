import { describe, expect, it } from 'vitest';
import { readCustomerMessage, readCustomerView, type CustomerView } from './customer';

const plate = { plate: '甘A12345', color: 0 };
const views: CustomerView[] = [
  { screen: 'idle', training: true },
  { screen: 'confirm', amountFen: 15050, plate, training: false },
  { screen: 'pay', way: 'qr', channel: 'wechat', qrPayload: 'weixin://wxpay/bizpayurl?pr=abc', amountFen: 15050, plate, training: false },
  { screen: 'pay', way: 'code', channel: null, qrPayload: null, amountFen: 100, plate: null, training: false },
  { screen: 'loading', amountFen: 15050, plate, training: false },
  { screen: 'done', amountFen: 15050, balanceBeforeFen: 10000, balanceAfterFen: 25050, plate, training: false },
  { screen: 'not-done', amountFen: 15050, training: false },
];

describe('customer display messages (contract/customer.ts)', () => {
  it.each(views)('reads back every view it can be sent: %o', (view) => {
    expect(readCustomerMessage({ kind: 'view', from: 'a', seq: 3, view })).toEqual({ kind: 'view', from: 'a', seq: 3, view });
  });

  it('reads a display\'s hello', () => {
    expect(readCustomerMessage({ kind: 'hello', extra: 1 })).toEqual({ kind: 'hello' });
  });

  it('keeps only the fields a view has: anything else sent along never reaches the screen', () => {
    const read = readCustomerView({ screen: 'done', amountFen: 1, balanceBeforeFen: 0, balanceAfterFen: 1, plate, training: false, cardNo: '6201…', error: 'x' });
    expect(read).toEqual({ screen: 'done', amountFen: 1, balanceBeforeFen: 0, balanceAfterFen: 1, plate, training: false });
  });

  it.each([
    null, undefined, 42, 'view', [], {}, { kind: 'view' }, { kind: 'view', from: '', seq: 1, view: views[0] },
    { kind: 'view', from: 'a', seq: 1.5, view: views[0] }, { kind: 'view', from: 'x'.repeat(65), seq: 1, view: views[0] },
    { kind: 'view', from: 'a', seq: 1, view: { screen: 'idle' } },
    { kind: 'view', from: 'a', seq: 1, view: { screen: 'nope', training: false } },
    { kind: 'view', from: 'a', seq: 1, view: { screen: 'confirm', amountFen: -1, plate: null, training: false } },
    { kind: 'view', from: 'a', seq: 1, view: { screen: 'confirm', amountFen: 1.5, plate: null, training: false } },
    { kind: 'view', from: 'a', seq: 1, view: { screen: 'confirm', amountFen: '100', plate: null, training: false } },
    { kind: 'view', from: 'a', seq: 1, view: { screen: 'confirm', amountFen: 1, plate: { plate: '<b>'.repeat(10), color: 0 }, training: false } },
    { kind: 'view', from: 'a', seq: 1, view: { screen: 'pay', way: 'cash', channel: null, qrPayload: null, amountFen: 1, plate: null, training: false } },
    { kind: 'view', from: 'a', seq: 1, view: { screen: 'pay', way: 'qr', channel: 'paypal', qrPayload: null, amountFen: 1, plate: null, training: false } },
    { kind: 'view', from: 'a', seq: 1, view: { screen: 'pay', way: 'qr', channel: 'wechat', qrPayload: 'x'.repeat(5000), amountFen: 1, plate: null, training: false } },
    { kind: 'view', from: 'a', seq: 1, view: { screen: 'done', amountFen: 1, balanceBeforeFen: 0, training: false } },
  ])('ignores what is not a message of the counter: %j', (m) => {
    expect(readCustomerMessage(m)).toBeNull();
  });
});
