import type { EventPayloads } from './views';

/**
 * The names of the IPC contract and the channels derived from them, with no runtime dependency at all: the
 * sandboxed preload builds `window.counter` from these alone (api.ts). calls.ts keys its request schemas
 * by `CallName` with `satisfies`, so a name here without a schema there, or a schema without a name, does
 * not compile.
 */
export const CALL_NAMES = [
  'signIn', 'signOut', 'status', 'readers', 'readCard', 'cardCheck',
  'rechargeStart', 'rechargeCheckPayment', 'rechargeCancel', 'rechargeLoad', 'rechargeResume', 'rechargeGet', 'rechargeDismiss',
  'pending', 'records', 'recordLoad',
  'receiptPrint', 'receiptReprint', 'evidencePrint', 'dayView', 'dayReportPrint', 'dayExport', 'dayClose',
  'settings', 'auditList', 'operatorList', 'operatorUnlock',
  'trainingProfiles', 'trainingInsert', 'trainingRemove', 'trainingPay',
  'rechargePayCode', 'rechargePos', 'trainingPosSlip',
  // The money after "paid" (docs/architecture.md §3a): refunds, the supervisor's resolution, PIN holds, reopening a day.
  'needsAdmin', 'adminResolve', 'refundSlipPrint', 'pinHold', 'dayReopen',
  'unlock', 'activity', 'recoverSupervisor',
  'setupStatus', 'setupCreateSupervisor', 'recoveryCodeTake', 'settingsSave', 'printers', 'printTest',
  // A counter PC in a bank's estate (docs/release.md): policy, settings file, client key, support bundle.
  'estateStatus', 'settingsFileAccept', 'clientKeyPassphrase', 'supportBundle',
  // 读卡's business day, 柜员管理 and 修改密码 (main/ipc/clerk-handlers.ts).
  'businessDay', 'operatorAdd', 'operatorDisable', 'operatorEnable', 'operatorResetPassword', 'passwordChange',
] as const;
export type CallName = (typeof CALL_NAMES)[number];

export type EventName = keyof EventPayloads;
/** Runtime list of event names; the `satisfies` keeps it equal to `EventPayloads`' keys. */
export const EVENTS = { readers: 1, card: 1, recharge: 1, payment: 1, host: 1 } as const satisfies Record<EventName, 1>;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** The IPC channel of a call (Electron) and its path segment (browser bridge: POST /rpc/<name>). */
export const callChannel = (name: CallName): string => `counter:${name}`;
export const eventChannel = (name: EventName): string => `counter-event:${name}`;
const CALL_SET: ReadonlySet<string> = new Set(CALL_NAMES);
export const isCallName = (s: string): s is CallName => CALL_SET.has(s);
export const isEventName = (s: string): s is EventName => Object.hasOwn(EVENTS, s);
