import { z } from 'zod';
import type { CardInfo } from './card';
import type { HostOrderStatus } from './host-api';
import type { Result } from './errors';
import { MAX_LOAD_FEN } from './money';
import type { Fen } from './money';
import type { PayChannel, RechargeEvent, RechargeRecord, RechargeState } from './recharge';

/**
 * The one IPC contract between the renderer and main (design.md §1, style.md practice 1). Every call is a
 * key of `CALLS` with its zod request schema and its response type; every event a key of `EVENTS`.
 * Channel names are derived from the keys here and nowhere else: main's handler registration, the
 * preload's `window.counter` and the browser bridge's client are all built from these two objects.
 */

export const OPERATOR_ROLES = ['operator', 'supervisor'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];
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

/** Actions the audit log records (main/auth/audit.ts). */
export const AUDIT_ACTIONS = [
  'sign-in', 'sign-in-failed', 'sign-in-locked', 'sign-out', 'reprint', 'day-close', 'settings-change',
  'resume-other', 'unlock', 'operator-add',
  'operator-disable', 'operator-enable', 'password-upgrade', 'recovery-code-issued', 'recovery-used', 'recovery-failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One row of the append-only audit log: who (and in which role) did what to what. */
export interface AuditEntry {
  seq: number;
  at: string;
  operatorId: string;
  role: string;
  action: AuditAction;
  target: string | null;
  detail: Record<string, unknown>;
}

export interface SignedInOperator { operatorId: string; name: string; role: OperatorRole }
export interface OperatorView extends SignedInOperator {
  locked: boolean;
  failedAttempts: number;
  disabled: boolean;
  createdAt: string;
}

/** What the 读卡 step shows: the card, why it may not be loaded (i18n code), and what blocks it (rule 3). */
export interface CardReadView {
  card: CardInfo;
  refusal: string | null;
  blocking: RechargeRecord[];
  /** The host's unresolved records for this card made elsewhere: 圈存 them first. */
  hostHalfRecords: { orderId: string; amountFen: Fen; createdAt: string }[];
  /** False when the host could not be asked (offline): the card was still read. */
  hostChecked: boolean;
}

/** The status bar, and what the renderer needs after a reload (it holds no truth of its own). */
export interface CounterStatus {
  training: boolean;
  terminalId: string;
  branch: string;
  operatorId: string | null;
  operatorName: string | null;
  role: OperatorRole | null;
  readers: string[];
  reader: string | null;
  cardPresent: boolean;
  /** null until the host has been asked anything. */
  hostOnline: boolean | null;
  /** The recharge this counter's wizard is in the middle of, if any. */
  activeRechargeId: string | null;
}

export interface SettingsView {
  terminalId: string;
  branch: string;
  hostUrl: string | null;
  readerName: string | null;
  printerName: string | null;
  pinEncoding: 'bcd' | 'ascii';
  cardMaxBalanceFen: Fen;
  training: boolean;
  /** Training only: the in-process host simulator's address (its pay page and test API); null otherwise. */
  trainingHostUrl: string | null;
  /** The receipt's paper when none is asked for. */
  receiptFormat: ReceiptFormatName;
}

export interface TrainingProfile { id: string; label: string }

/** 充值记录's status column: 已圈存 / 未圈存 / 待处理 / 需管理员 / 已取消 / 已退款. */
export type RecordStatus = 'loaded' | 'unloaded' | 'pending' | 'needs-admin' | 'cancelled' | 'refunded';
/**
 * One row of 充值记录: the local journal's recharge and the host's order for it merged (by clientOrderId =
 * recharge id, or order id). `action` says what its 圈存 button does: `resume` the local recharge
 * (rechargeResume), `adopt` a paid host order this journal never saw (recordLoad), or nothing.
 */
export interface RecordRow {
  key: string;
  rechargeId: string | null;
  orderId: string | null;
  createdAt: string;
  cardNo: string;
  plate: string;
  plateColor: number;
  amountFen: Fen;
  channel: PayChannel;
  tradeNo: string | null;
  state: RechargeState | null;
  hostStatus: HostOrderStatus | null;
  status: RecordStatus;
  source: 'local' | 'host' | 'both';
  action: 'resume' | 'adopt' | null;
  operatorId: string | null;
  terminalId: string | null;
}
export interface RecordsView {
  rows: RecordRow[];
  /** False when the host could not be asked: only this terminal's journal is shown. */
  hostChecked: boolean;
}

export const RECEIPT_FORMATS = ['80mm', 'A5'] as const;
export type ReceiptFormatName = (typeof RECEIPT_FORMATS)[number];
/** A slip put on paper: always archived as PDF; `pdfBase64` lets browser mode offer it as a download. */
export interface PrintResult {
  fileName: string;
  /** The archive's copy number: null for the original, N for 补打 N. */
  reprint: number | null;
  printed: boolean;
  /** Why paper failed (the PDF is archived all the same). */
  error: { code: string; message: string } | null;
  /** True when the original was archived before: nothing new was printed. */
  already: boolean;
  pdfBase64: string;
}
export interface FileDownload { fileName: string; mime: string; base64: string }

export interface Tally { count: number; sumFen: Fen }
/** 日结: main/report's day report, what blocks closing the day, and whether it was closed. */
export interface DayView {
  report: {
    date: string;
    byChannel: Record<PayChannel, Tally>;
    loaded: Tally; repaired: Tally; unloaded: Tally; pending: Tally; needsAdmin: Tally; cancelled: Tally; refundsDue: Tally;
    totals: { recharges: number; paid: Tally };
  };
  blockers: {
    loadInFlight: boolean;
    unresolved: { id: string; state: RechargeState; cardNo: string; plate: string; amountFen: Fen; createdAt: string }[];
    canClose: boolean;
  };
  closed: { at: string; operatorId: string } | null;
}
export interface RechargeDetail { record: RechargeRecord; events: RechargeEvent[] }

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
  /** From PAID: write the card (圈存). */
  rechargeLoad: call<RechargeRecord>()(byId),
  rechargeResume: call<RechargeRecord>()(byId),
  rechargeGet: call<RechargeDetail | null>()(byId),
  /** Leaves the wizard: the active recharge is forgotten by the wizard, and stays in 待处理 if not final. */
  rechargeDismiss: call<null>()(none),
  pending: call<RechargeRecord[]>()(none),
  /** 充值记录: the journal and the host merged; a window over 30 days is refused (RECORDS_WINDOW_TOO_LONG). */
  records: call<RecordsView>()(z.object({
    plate: z.string().min(1).max(16),
    plateColor: z.number().int().min(0).max(99),
    from: isoDate,
    to: isoDate,
  }).strict()),
  /** 圈存 of a paid host order this journal does not hold (engine.adoptHostOrder), its card in the reader. */
  recordLoad: call<RechargeRecord>()(z.object({ orderId: z.string().min(1).max(64) }).strict()),
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
  /** Closes the day: refused while a load is in flight or anything is unresolved; audited (`day-close`); once per day. */
  dayClose: call<DayView>('supervisor')(z.object({ date: isoDate }).strict()),
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
} as const;

export type CallName = keyof typeof CALLS;
export type CallRequest<K extends CallName> = z.input<(typeof CALLS)[K]['req']>;
export type CallParsed<K extends CallName> = z.output<(typeof CALLS)[K]['req']>;
export type CallResponse<K extends CallName> = (typeof CALLS)[K] extends CallSpec<z.ZodType, infer R> ? R : never;

/** Events main pushes to every window. */
export interface EventPayloads {
  /** A reader plugged or removed. */
  readers: { readers: string[] };
  /** A card inserted or removed. */
  card: { reader: string | null; present: boolean };
  /** A recharge entered a new state (journaled). */
  recharge: RechargeRecord;
  /** A payment check answered (automatic or forced). */
  payment: { id: string; state: RechargeState; checkedAt: string };
  /** The host answered, or could not be reached. */
  host: { online: boolean };
}
export type EventName = keyof EventPayloads;
/** Runtime list of event names; the `satisfies` keeps it equal to `EventPayloads`' keys. */
export const EVENTS = { readers: 1, card: 1, recharge: 1, payment: 1, host: 1 } as const satisfies Record<EventName, 1>;

export const CALL_NAMES = Object.keys(CALLS) as CallName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** The IPC channel of a call (Electron) and its path segment (browser bridge: POST /rpc/<name>). */
export const callChannel = (name: CallName): string => `counter:${name}`;
export const eventChannel = (name: EventName): string => `counter-event:${name}`;
export const isCallName = (s: string): s is CallName => Object.hasOwn(CALLS, s);
export const isEventName = (s: string): s is EventName => Object.hasOwn(EVENTS, s);

/** `window.counter`: one method per call, answering `Result`; `on` subscribes to an event. */
export type CounterApi = {
  [K in CallName]: (req: CallRequest<K>) => Promise<Result<CallResponse<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

export type Invoke = (name: CallName, req: unknown) => Promise<Result<unknown>>;
export type Subscribe = (name: EventName, listener: (payload: unknown) => void) => () => void;

/**
 * Builds `window.counter` from a transport: the preload passes ipcRenderer-based functions, the browser
 * client fetch/SSE-based ones. Nothing else may expose a generic invoke.
 */
export function buildCounterApi(invoke: Invoke, subscribe: Subscribe): CounterApi {
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) api[name] = (req: unknown) => invoke(name, req ?? {});
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new Error(`unknown event: ${String(event)}`);
    return subscribe(event, listener);
  };
  return api as CounterApi;
}
