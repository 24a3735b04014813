import { describe, expect, it } from 'vitest';
import { buildCounterApi, CALL_NAMES, CALLS, callChannel, EVENT_NAMES, eventChannel, type CallName } from './index';

describe('IPC contract', () => {
  it('derives one distinct channel per call and per event, never the same string twice', () => {
    const channels = [...CALL_NAMES.map(callChannel), ...EVENT_NAMES.map(eventChannel)];
    expect(new Set(channels).size).toBe(channels.length);
    expect(CALL_NAMES).toContain('rechargeStart');
    expect(EVENT_NAMES).toEqual(['readers', 'card', 'recharge', 'payment', 'host']);
  });

  it('has a request schema for exactly the call names the preload builds window.counter from', () => {
    expect(Object.keys(CALLS)).toEqual([...CALL_NAMES]);
    expect(new Set(CALL_NAMES).size).toBe(CALL_NAMES.length);
  });

  it('takes the records query the journal and the host take: plate, colour and a local date window', () => {
    expect(CALLS.records.req.safeParse({ plate: '甘A12345', plateColor: 0, from: '2026-01-01', to: '2026-01-31' }).success).toBe(true);
    expect(CALLS.records.req.safeParse({ plate: '甘A12345', plateColor: 0, from: '2026-01-01' }).success).toBe(false);
    expect(CALLS.records.req.safeParse({ plate: '', plateColor: 0, from: '2026-01-01', to: '2026-01-02' }).success).toBe(false);
  });

  it.each([
    [{ amountFen: 0, channel: 'wechat' }], [{ amountFen: -100, channel: 'wechat' }], [{ amountFen: 10_000_001, channel: 'alipay' }],
    [{ amountFen: 123.4, channel: 'wechat' }], [{ amountFen: 100, channel: 'cash' }], [{ amountFen: 100, channel: 'wechat', extra: 1 }],
  ])('refuses the recharge request %j before it reaches main', (req) => {
    expect(CALLS.rechargeStart.req.safeParse(req).success).toBe(false);
  });

  it('takes the customer\'s PIN only as 4–12 digits, and a supervisor\'s note only with some words in it', () => {
    expect(CALLS.rechargeResume.req.safeParse({ id: 'r1', pin: '909090' }).success).toBe(true);
    expect(CALLS.rechargeResume.req.safeParse({ id: 'r1' }).success).toBe(true);
    for (const pin of ['123', '1234567890123', '12a456', '']) expect(CALLS.rechargeLoad.req.safeParse({ id: 'r1', pin }).success, pin).toBe(false);
    expect(CALLS.dayReopen.req.safeParse({ date: '2026-03-01', note: '客户补办' }).success).toBe(true);
    for (const note of ['', ' ', 'x', '  y  ', 'z'.repeat(201)]) expect(CALLS.dayReopen.req.safeParse({ date: '2026-03-01', note }).success, note).toBe(false);
    expect(CALLS.dayClose.req.safeParse({ date: '2026-03-01', carryOverNote: ' ' }).success).toBe(false);
    expect(CALLS.adminResolve.req.safeParse({ id: 'r1', note: '已更正', state: 'CONFIRMED' }).success).toBe(false); // no state is ever typed
  });

  it('accepts the largest single load, 100,000.00 yuan', () => {
    expect(CALLS.rechargeStart.req.safeParse({ amountFen: 10_000_000, channel: 'wechat' }).success).toBe(true);
  });

  it('refuses an operator id with anything but letters and digits, and a sign-in without a password', () => {
    expect(CALLS.signIn.req.safeParse({ operatorId: 'A01', password: '123456' }).success).toBe(true);
    expect(CALLS.signIn.req.safeParse({ operatorId: "x' OR 1", password: '123456' }).success).toBe(false);
    expect(CALLS.signIn.req.safeParse({ operatorId: '', password: '123456' }).success).toBe(false);
    expect(CALLS.signIn.req.safeParse({ operatorId: 'A01' }).success).toBe(false);
    expect(CALLS.signIn.req.safeParse({ operatorId: 'A01', password: '' }).success).toBe(false);
  });

  it('lets only sign-in, supervisor recovery, status, the estate status, reading the settings and the first-run set-up through before sign-in; the audit log, 柜员管理, 补打, resolving 需管理员, closing or reopening the day, 系统设置 and the support bundle are for supervisors', () => {
    // setupCreateSupervisor is refused by main once any operator exists (main/ipc/setup-handlers.ts).
    expect(CALL_NAMES.filter((n) => CALLS[n].role === 'any').sort())
      .toEqual(['estateStatus', 'recoverSupervisor', 'settings', 'setupCreateSupervisor', 'setupStatus', 'signIn', 'status']);
    expect(CALL_NAMES.filter((n) => CALLS[n].role === 'supervisor').sort()).toEqual([
      'adminResolve', 'auditList', 'clientKeyPassphrase', 'dayClose', 'dayReopen', 'operatorAdd', 'operatorDisable', 'operatorEnable', 'operatorList',
      'operatorResetPassword', 'operatorUnlock', 'printTest', 'printers', 'receiptReprint', 'recoveryCodeTake', 'settingsFileAccept', 'settingsSave', 'supportBundle',
    ]);
  });

  it('builds window.counter with one verb per call, routed by name, and nothing generic', async () => {
    const seen: [CallName, unknown][] = [];
    const api = buildCounterApi(async (name, req) => { seen.push([name, req]); return { ok: true, data: name }; }, () => () => {});
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    expect(await api.pending({})).toEqual({ ok: true, data: 'pending' });
    await api.rechargeGet({ id: 'r1' });
    expect(seen).toEqual([['pending', {}], ['rechargeGet', { id: 'r1' }]]);
    expect('invoke' in api).toBe(false);
  });

  it('refuses to subscribe to an event the contract does not name', () => {
    const api = buildCounterApi(async () => ({ ok: true, data: null }), () => () => {});
    expect(() => api.on('shutdown' as 'card', () => {})).toThrow(/unknown event/);
  });
});
