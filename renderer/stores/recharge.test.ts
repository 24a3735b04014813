import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterApi } from '../../contract/ipc';
import { RECHARGE_STATES, type RechargeRecord } from '../../contract/recharge';
import { yuan } from '../i18n';
import { stepFor, useRecharge } from './recharge';

beforeEach(() => setActivePinia(createPinia()));

describe('the wizard amount step', () => {
  it.each([
    ['0', '充值金额必须大于 0'], ['-1', '金额格式不正确'], ['100000.01', '不能超过 100,000.00 元'], ['1.234', '最多保留两位小数'],
    ['abc', '金额格式不正确'], ['', '请输入充值金额'],
  ])('refuses %j with a message and does not offer to confirm', (text, message) => {
    const w = useRecharge();
    w.amountText = text;
    expect(w.reviewAmount()).toBe(false);
    expect(w.amountError).toContain(message);
    expect(w.confirming).toBe(false);
  });

  it('accepts yuan with at most two decimals and confirms it in fen', () => {
    const w = useRecharge();
    w.amountText = '100000.00';
    expect(w.reviewAmount()).toBe(true);
    expect(w.amountFen).toBe(10_000_000);
    expect(w.confirming).toBe(true);
  });
});

describe('after a reload the wizard shows the step main says the recharge is in', () => {
  it('maps every state to a step', () => {
    const steps = Object.fromEntries(RECHARGE_STATES.map((s) => [s, stepFor(s)]));
    expect(steps).toEqual({
      READ: 'pay', ORDERED: 'pay', PAID: 'write', INIT: 'write', AUTHORIZED: 'write', WRITTEN: 'write',
      CONFIRMED: 'result', VERIFIED: 'result', UNLOADED: 'result', NEEDS_ADMIN: 'result', CANCELLED: 'result',
      REFUNDING: 'result', REFUNDED: 'result',
    });
  });
});

describe('amounts on screen', () => {
  it('groups thousands so large amounts read at a glance', () => {
    expect(yuan(10_000_000)).toBe('100,000.00');
    expect(yuan(123456789)).toBe('1,234,567.89');
    expect(yuan(5)).toBe('0.05');
  });
});

describe('a recharge restored after a reload or a sign-in', () => {
  const paid: RechargeRecord = {
    id: 'r1', createdAt: '2025-03-01T02:00:00Z', updatedAt: '2025-03-01T02:01:00Z', state: 'PAID', training: true, terminalId: '000001000050',
    operatorId: 'A01', cardNo: '62010000000000000001', plate: '甘A12345', plateColor: 0, amountFen: 5000, channel: 'wechat', balanceBeforeFen: 10000,
    orderId: 'H1', tradeNo: 'T1', qrPayload: null, orderExpiresAt: null, onlineSerial: null, hostDateTime: null, balanceAfterFen: null, tac: null,
    error: null, posVoucher: null, authCodeMasked: null, cardVersion: 16, keyVersion: null, algId: null,
  };
  beforeEach(() => {
    const counter = { rechargeGet: () => Promise.resolve({ ok: true, data: { record: paid, events: [] } }) } as unknown as CounterApi;
    (globalThis as { window?: unknown }).window = { counter };
  });
  afterEach(() => { delete (globalThis as { window?: unknown }).window; });

  it('shows a paid, unloaded recharge as unfinished with 继续圈存 — never as a load in progress with nothing running', async () => {
    const w = useRecharge();
    await w.restore('r1');
    expect(w.record?.state).toBe('PAID');
    expect(w.writing).toBe(false);
    expect(w.step).toBe('result'); // the result step names the next step and offers 继续圈存; the write step's 请勿拔卡 is for a running load only
    expect(w.error).toBe('');
  });
});
