import { z } from 'zod';
import type { CardInfo } from '../card';
import type { RecordsQuery } from '../host-api';
import { MAX_LOAD_FEN } from '../money';
import type { PosVoucher } from '../pos';
import type { RechargeRecord } from '../recharge';
import { RECEIPT_FORMATS, SettingsChangeSchema } from '../settings';
import type { CallName } from './names';
import type { PrinterView, PrintTestResult, SettingsSaved, SetupStatus, SetupSupervisor } from './setup-views';
import {
  AUDIT_ACTIONS, type AdminResolution, type EstateStatus, type AuditEntry, type CardReadView, type CounterStatus, type DayView, type FileDownload,
  type OperatorRole, type OperatorView, type PendingItem, type PinHoldView, type PrintResult, type RechargeDetail, type RecordsView,
  type SettingsView, type SignedInOperator, type SupervisorRecovered, type TrainingProfile,
} from './views';
import { OPERATOR_ROLES, type BusinessDayView } from './views';

/**
 * The one IPC contract between the renderer and main (docs/architecture.md §1): every call with its zod
 * request schema, who may make it, and its response type. Channel names are derived from the call names
 * (names.ts) and nowhere else: main's handler registration, the preload's `window.counter` and the
 * browser bridge's client are all built from them.
 */

/**
 * Who may make a call, checked in main (main/ipc/register.ts), never only hidden in the UI:
 * `any` — also before sign-in; `operator` — any signed-in operator (a supervisor too); `supervisor` — supervisors only.
 */
export type CallRole = 'any' | OperatorRole;

/** A call: the request schema, who may make it, and the response type carried as a phantom. */
export interface CallSpec<Req extends z.ZodType, Res> {
  readonly req: Req;
  readonly role: CallRole;
  /** Never set at run time; it only carries the response type. */
  readonly res?: Res;
}
function call<Res>(role: CallRole = 'operator') {
  return <Req extends z.ZodType>(req: Req): CallSpec<Req, Res> => ({ req, role });
}

const none = z.object({}).strict();
const byId = z.object({ id: z.string().min(1).max(64) }).strict();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/**
 * The customer's card PIN, typed by the operator after the card refused the default one (main/recharge/pin-gate.ts).
 * Sent once, for this call only; never journaled, logged or audited.
 */
const customerPin = z.string().regex(/^\d{4,12}$/).optional();
/** A supervisor's note (carry-over of NEEDS_ADMIN, reopening a day, a resolution): audited. */
const note = z.string().trim().min(2).max(200);

/** 充值记录's query: the host's `RecordsQuery` (contract/host-api.ts) in local dates; the journal's port takes the same type. */
const recordsQuery = z.object({
  plate: z.string().min(1).max(16),
  plateColor: z.number().int().min(0).max(99),
  from: isoDate,
  to: isoDate,
}).strict();
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _recordsQueryPin: Same<z.output<typeof recordsQuery>, RecordsQuery> = true;

export const CALLS = {
  signIn: call<SignedInOperator>('any')(z.object({
    operatorId: z.string().regex(/^[A-Za-z0-9]{1,16}$/),
    password: z.string().min(1).max(128),
  }).strict()),
  signOut: call<null>()(none),
  status: call<CounterStatus>('any')(none),
  readers: call<string[]>()(none),
  /** 读卡 for the wizard: refusal and blocking recharges included. */
  readCard: call<CardReadView>()(none),
  /** 卡片检测: any card, with its last transactions. */
  cardCheck: call<CardInfo>()(none),
  rechargeStart: call<RechargeRecord>()(z.object({
    amountFen: z.number().int().positive().max(MAX_LOAD_FEN),
    channel: z.enum(['wechat', 'alipay']),
  }).strict()),
  rechargeCheckPayment: call<RechargeRecord>()(byId),
  rechargeCancel: call<RechargeRecord>()(byId),
  /** From PAID: write the card (圈存). `pin`: the customer's, when the card holds a wrong-PIN answer (CARD_PIN_REQUIRED). */
  rechargeLoad: call<RechargeRecord>()(z.object({ id: byId.shape.id, pin: customerPin }).strict()),
  rechargeResume: call<RechargeRecord>()(z.object({ id: byId.shape.id, pin: customerPin }).strict()),
  rechargeGet: call<RechargeDetail | null>()(byId),
  /** Leaves the wizard: the active recharge is forgotten by the wizard, and stays in 待处理 if not final. */
  rechargeDismiss: call<null>()(none),
  pending: call<PendingItem[]>()(none),
  /** 充值记录: the journal and the host merged; a window over 30 days is refused (RECORDS_WINDOW_TOO_LONG). */
  records: call<RecordsView>()(recordsQuery),
  /** 圈存 of a paid host order this journal does not hold (engine.adoptHostOrder), its card in the reader. */
  recordLoad: call<RechargeRecord>()(z.object({ orderId: z.string().min(1).max(64), pin: customerPin }).strict()),
  /** The original receipt of a loaded recharge: archived as PDF, printed when a printer is set. Again: `already`. */
  receiptPrint: call<PrintResult>()(z.object({ id: byId.shape.id, format: z.enum(RECEIPT_FORMATS).optional() }).strict()),
  /** 补打: a copy marked 补打, for supervisors; audited (`reprint`). */
  receiptReprint: call<PrintResult>('supervisor')(z.object({ id: byId.shape.id, format: z.enum(RECEIPT_FORMATS).optional() }).strict()),
  /** The evidence slip of a NEEDS_ADMIN recharge (A4), archived and printed. */
  evidencePrint: call<PrintResult>()(byId),
  /** 日结 of a local date: report, blockers, closure. Anyone signed in may look. */
  dayView: call<DayView>()(z.object({ date: isoDate }).strict()),
  /** 打印日结单 (A4), archived. */
  dayReportPrint: call<PrintResult>()(z.object({ date: isoDate }).strict()),
  /** The day's recharges as CSV (UTF-8 with BOM) or XLSX, for a download. */
  dayExport: call<FileDownload>()(z.object({ date: isoDate, format: z.enum(['csv', 'xlsx']) }).strict()),
  /**
   * Closes the day: refused while a load is in flight or anything is unresolved; audited (`day-close`). With
   * `carryOverNote`, the day's NEEDS_ADMIN recharges (and nothing else) may stay open, carried over with the note.
   */
  dayClose: call<DayView>('supervisor')(z.object({ date: isoDate, carryOverNote: note.optional() }).strict()),
  settings: call<SettingsView>('any')(none),
  /** The audit log between two local dates (inclusive), newest first. */
  auditList: call<AuditEntry[]>('supervisor')(z.object({
    from: isoDate,
    to: isoDate,
    action: z.enum(AUDIT_ACTIONS).optional(),
  }).strict()),
  operatorList: call<OperatorView[]>('supervisor')(none),
  /** Clears a lockout (5 wrong passwords); audited. */
  operatorUnlock: call<OperatorView>('supervisor')(z.object({ operatorId: z.string().regex(/^[A-Za-z0-9]{1,16}$/) }).strict()),
  trainingProfiles: call<TrainingProfile[]>()(none),
  trainingInsert: call<null>()(z.object({ profileId: z.string().min(1).max(64) }).strict()),
  trainingRemove: call<null>()(none),
  /** 模拟扫码支付: completes the payment on the host simulator (training mode only). */
  trainingPay: call<null>()(byId),
  /**
   * 付款码: the code the scanner typed; its channel comes from its shape (a code of no known shape is
   * refused before anything is done). PAID, or ORDERED while the customer confirms on the phone.
   */
  rechargePayCode: call<RechargeRecord>()(z.object({
    amountFen: z.number().int().positive().max(MAX_LOAD_FEN),
    authCode: z.string().min(1).max(64),
  }).strict()),
  /**
   * 银行卡(POS): with `slip`, the slip the operator typed (manual entry; the fields' shapes are checked in
   * main, with the operator's message); without, a charge on the integrated MIS-POS. PAID, or refused.
   */
  rechargePos: call<RechargeRecord>()(z.object({
    amountFen: z.number().int().positive().max(MAX_LOAD_FEN),
    slip: z.object({
      referenceNo: z.string().max(32), voucherNo: z.string().max(32), posTerminalNo: z.string().max(32),
      amountFen: z.number().int().positive().max(MAX_LOAD_FEN),
    }).strict().optional(),
  }).strict()),
  /** 模拟 POS 刷卡: a slip the simulated POS printed (booked with the simulated acquirer), to practise manual entry. */
  trainingPosSlip: call<PosVoucher & { amountFen: number }>()(z.object({ amountFen: z.number().int().positive().max(MAX_LOAD_FEN) }).strict()),
  /** 需管理员处理: every NEEDS_ADMIN recharge, oldest first. */
  needsAdmin: call<RechargeRecord[]>()(none),
  /** The supervisor presents the card: probed again (never CREDIT), resolved by what it shows; audited (`admin-resolve`). */
  adminResolve: call<AdminResolution>('supervisor')(z.object({ id: byId.shape.id, note: note.optional(), pin: customerPin }).strict()),
  /** 退款说明 for the customer of a paid recharge not on the card (A5 or 80 mm), archived as PDF. */
  refundSlipPrint: call<PrintResult>()(z.object({ id: byId.shape.id, format: z.enum(RECEIPT_FORMATS).optional() }).strict()),
  /** Whether the card refused a PIN here (then VERIFY waits for the operator), with the tries left. */
  pinHold: call<PinHoldView | null>()(z.object({ cardNo: z.string().regex(/^\d{16,20}$/) }).strict()),
  /** Opens a closed day again (a supervisor's, with the reason); audited (`day-reopen`). */
  dayReopen: call<DayView>('supervisor')(z.object({ date: isoDate, note }).strict()),
  // The counter's session (main/ipc/session.ts, docs/security.md): idle lock, supervisor confirmation, recovery.
  /** The signed-in operator's password again: ends an idle lock (SESSION_LOCKED) and renews the confirmation supervisor calls need (AUTH_REAUTH_REQUIRED). */
  unlock: call<null>()(z.object({ password: z.string().min(1).max(128) }).strict()),
  /** The window saw a key or a click (sent at most every few seconds): the idle lock counts from the last one. */
  activity: call<null>()(none),
  /** 恢复主管账号 on the sign-in screen (main/auth recovery): the journal's recovery code and a new password; answers the new code, shown once. */
  recoverSupervisor: call<SupervisorRecovered>('any')(z.object({
    operatorId: z.string().regex(/^[A-Za-z0-9]{1,16}$/),
    code: z.string().min(1).max(64),
    newPassword: z.string().min(1).max(256),
  }).strict()),

  // 初始化设置 and 系统设置 (docs/ui.md "Set-up and settings"). Main also checks, beyond the role, that set-up is incomplete.
  setupStatus: call<SetupStatus>('any')(none),
  /** The first supervisor of a real counter, before anyone can sign in: refused once any operator exists (SETUP_DONE). */
  setupCreateSupervisor: call<SetupSupervisor>('any')(z.object({
    operatorId: z.string().regex(/^[A-Za-z0-9]{1,16}$/),
    name: z.string().trim().min(1).max(32),
    password: z.string().min(1).max(128),
  }).strict()),
  /** The recovery code of this start's admin bootstrap (ETC_COUNTER_ADMIN_PASSWORD), once; null after. */
  recoveryCodeTake: call<string | null>('supervisor')(none),
  /** 系统设置: checked, written atomically, applied, audited (`settings-change`, old → new). */
  settingsSave: call<SettingsSaved>('supervisor')(SettingsChangeSchema),
  printers: call<PrinterView[]>('supervisor')(none),
  printTest: call<PrintTestResult>('supervisor')(z.object({
    printer: z.string().min(1).max(128),
    format: z.enum(RECEIPT_FORMATS),
  }).strict()),

  // A counter PC in a bank's estate (docs/release.md §6–§10).
  /** Policy locks, an outside change of the settings file, the terminal id, the client key, the last backup, a restored window. */
  estateStatus: call<EstateStatus>('any')(none),
  /** A supervisor acknowledges an outside change of the settings file (audited `settings-file`, kind `accepted`). */
  settingsFileAccept: call<null>('supervisor')(none),
  /** The passphrase of an encrypted client key, sealed with the OS's protection (docs/release.md §8); never stored in clear. */
  clientKeyPassphrase: call<null>('supervisor')(z.object({ passphrase: z.string().min(1).max(1024) }).strict()),
  /** The support bundle as a zip download (logs, versions, redacted settings, journal verify, pending, devices, audit). */
  supportBundle: call<FileDownload>('supervisor')(none),
  // 读卡's business day, 柜员管理 (supervisors) and 修改密码 (everyone signed in); each change audited (main/auth).
  /** Today's business date (Beijing) and whether its 日结 is done: 读卡 says so before an amount is typed. */
  businessDay: call<BusinessDayView>()(none),
  /** A new account; the password rules apply (main/auth/password.ts). Audited `operator-add`. */
  operatorAdd: call<OperatorView>('supervisor')(z.object({
    operatorId: z.string().regex(/^[A-Za-z0-9]{1,16}$/),
    name: z.string().trim().min(1).max(32),
    role: z.enum(OPERATOR_ROLES),
    password: z.string().min(1).max(256),
  }).strict()),
  /** Someone who left: never deleted; refused for the last usable supervisor. Audited. */
  operatorDisable: call<OperatorView>('supervisor')(z.object({ operatorId: z.string().regex(/^[A-Za-z0-9]{1,16}$/) }).strict()),
  operatorEnable: call<OperatorView>('supervisor')(z.object({ operatorId: z.string().regex(/^[A-Za-z0-9]{1,16}$/) }).strict()),
  /** A forgotten password: a new one set by a supervisor (not their own), the lockout lifted. Audited `password-reset`. */
  operatorResetPassword: call<OperatorView>('supervisor')(z.object({
    operatorId: z.string().regex(/^[A-Za-z0-9]{1,16}$/),
    newPassword: z.string().min(1).max(256),
  }).strict()),
  /** The signed-in operator's own password: the current one first (a wrong one counts towards the lockout). Audited. */
  passwordChange: call<null>()(z.object({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(1).max(256),
  }).strict()),
} as const satisfies { [K in CallName]: CallSpec<z.ZodType, unknown> };

export type CallRequest<K extends CallName> = z.input<(typeof CALLS)[K]['req']>;
export type CallParsed<K extends CallName> = z.output<(typeof CALLS)[K]['req']>;
export type CallResponse<K extends CallName> = (typeof CALLS)[K] extends CallSpec<z.ZodType, infer R> ? R : never;

