import type { CardInfo } from '../card';
import type { HostOrderStatus, HostRefund } from '../host-api';
import type { Fen } from '../money';
import type { PosVoucher } from '../pos';
import type { PayChannel, RechargeEvent, RechargeRecord, RechargeState } from '../recharge';
import type { HiddenSetting, Settings } from '../settings';
import type { WitnessCheck } from '../witness';

/**
 * What crosses the IPC boundary (docs/architecture.md §1): the shapes of every answer and event. Types and
 * a few constant lists only, no schema library: the preload and the renderer take what they need from here
 * without bundling the request schemas (calls.ts).
 */

export const OPERATOR_ROLES = ['operator', 'supervisor'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** Actions the audit log records (main/auth/audit.ts). */
export const AUDIT_ACTIONS = [
  'sign-in', 'sign-in-failed', 'sign-in-locked', 'sign-out', 'reprint', 'day-close', 'settings-change',
  'resume-other', 'unlock', 'operator-add',
  'operator-disable', 'operator-enable', 'password-upgrade', 'recovery-code-issued', 'recovery-used', 'recovery-failed',
  'admin-resolve', 'day-reopen',
  // A counter PC in a bank's estate (docs/release.md): the settings file's fingerprint, journal backups, support bundles.
  'settings-file', 'journal-backup', 'support-bundle',
  // 柜员管理 and 修改密码 (main/auth/operators.ts changePassword, resetPassword).
  'password-change', 'password-reset',
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
/** 恢复主管账号's answer: who was recovered and the journal's new recovery code, shown once. */
export interface SupervisorRecovered { operatorId: string; recoveryCode: string }
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
  /** The card's maximum balance under the settings (by issuer and card type). */
  maxBalanceFen: Fen;
  /**
   * The most this card may still take: its maximum balance less its balance, and no more than the host's
   * loadable amount when the host was asked (0 when full). Amounts above it are refused before any payment.
   */
  roomFen: Fen;
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
  /** This window's session is idle-locked (settings.idleLockMinutes): only `unlock`, `signOut`, `status` and `settings` pass. */
  locked: boolean;
}

/**
 * The settings as the window sees them: every field of the settings schema (contract/settings.ts) but the
 * hidden ones, so a new setting reaches the window without anyone copying it here.
 */
export type SettingsView = Omit<Settings, HiddenSetting> & {
  training: boolean;
  /** Training only: the in-process host simulator's address (its pay page and test API); null otherwise. */
  trainingHostUrl: string | null;
};

export interface TrainingProfile { id: string; label: string }

/** 充值记录's status column: 已圈存 / 未圈存 / 待处理 / 需管理员 / 已取消 / 退款中 / 已退款. */
export type RecordStatus = 'loaded' | 'unloaded' | 'pending' | 'needs-admin' | 'cancelled' | 'refunding' | 'refunded';
/** Paper a row of 充值记录 offers: the receipt (补打), the evidence slip, the customer's refund slip (退款说明). */
export type RecordPaper = 'receipt' | 'evidence' | 'refund-slip';
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
  /** What can be printed for it (main/recharge/host-status.ts decides, as for `action`). */
  paper: RecordPaper[];
  /** The host's refund facts (expected date, refund no), from its record or the journal's last word. */
  refund: HostRefund | null;
  operatorId: string | null;
  terminalId: string | null;
  /** How it was paid as staff name it: a payment code apart from a QR order of the same channel (`payWayOf`). */
  way: PayWay;
}

/** 待处理: a recharge that is not final, with the refund facts of one the host is refunding (退款中, expected date). */
export type PendingItem = RechargeRecord & { refund: HostRefund | null };
export interface RecordsView {
  rows: RecordRow[];
  /** False when the host could not be asked: only this terminal's journal is shown. */
  hostChecked: boolean;
}

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
  /**
   * The slip's HTML — the very document the archived PDF was made from — when no printer took it: the window
   * prints it in its own print dialog (browser mode, docs/ui.md "Receipts"). Null when printed, and for `already`.
   */
  html: string | null;
}
export interface FileDownload { fileName: string; mime: string; base64: string }

export interface Tally { count: number; sumFen: Fen }

/** The day's accounts (日结), as main/report computes them. Every recharge counts on the local date it was created. */
export interface DayReport {
  date: string;
  terminalId: string;
  branch: string;
  training: boolean;
  generatedAt: string; // ISO
  /** Money taken per channel: every recharge that reached PAID, whatever became of it. */
  byChannel: Record<PayChannel, Tally>;
  loaded: Tally; // CONFIRMED | VERIFIED — 已圈存
  repaired: Tally; // loaded after an UNLOADED event — 补圈存 (a subset of `loaded`)
  unloaded: Tally; // UNLOADED — 未圈存
  pending: Tally; // not final (READ … WRITTEN)
  needsAdmin: Tally; // NEEDS_ADMIN — 需管理员
  cancelled: Tally; // CANCELLED — never paid
  refundsDue: Tally; // paid but UNLOADED, NEEDS_ADMIN or REFUNDING: owed to customers unless loaded later
  refunding: Tally; // REFUNDING — 退款中 (a subset of refundsDue)
  refunded: Tally; // REFUNDED — 已退款
  /** Every paid recharge of the day not on a card, oldest first: what is owed back and what went back. */
  refunds: RefundLine[];
  totals: { recharges: number; paid: Tally };
  /**
   * The day's POS slips (docs/pos.md), oldest first: every recharge a bank card paid, and what became of
   * it. `voidOnPos`: charged but not on the card and not going to be (UNLOADED, or CANCELLED after the POS
   * charged) — the counter voids it on the POS (撤销) the same day; the host never refunds a POS payment.
   */
  posSlips: PosSlipLine[];
  /**
   * The journal's hash chains at the end of the day (docs/security.md): the last event and audit row and one
   * digest of both, printed on the 日结单 and carried in the export, so a later rewrite of history shows as a
   * digest that no longer matches the paper (`etc-counter journal verify --date`). Null where the source has none.
   */
  chain: DayChainHead | null;
}

/** The chain heads of a day (main/journal/chain.ts): positions of the last event and audit row, and their digest (hex). */
export interface DayChainHead { events: number; audit: number; digest: string }

/** One POS slip of the day report: the recharge it paid and the slip's fields (bank card masked). */
export interface PosSlipLine {
  rechargeId: string;
  createdAt: string;
  plate: string;
  amountFen: Fen;
  state: RechargeState;
  voucher: PosVoucher;
  voidOnPos: boolean;
}

/** One line of 日结's refunds: due (未圈存 / 需管理员, no refund yet), refunding (退款中) or refunded (已退款). */
export interface RefundLine {
  id: string;
  orderId: string | null;
  createdAt: string;
  cardNo: string;
  plate: string;
  amountFen: Fen;
  channel: PayChannel;
  tradeNo: string | null;
  state: RechargeState;
  status: 'due' | 'refunding' | 'refunded';
  expectedDate: string | null;
  refundNo: string | null;
  refundedAt: string | null;
}

/**
 * One order in 对账 (reconciliation of a day, main/report/reconcile.ts): the journal's recharge and the host's
 * order for it (matched by clientOrderId = recharge id, or by order id). `problem` and `todo` (an i18n
 * key: what staff do about it) are set on the mismatched, host-only and journal-only rows.
 */
export interface ReconcileRow {
  key: string;
  rechargeId: string | null;
  orderId: string | null;
  createdAt: string;
  cardNo: string;
  plate: string;
  channel: string;
  /** The journal's amount where it has the recharge, else the host's. */
  amountFen: Fen;
  hostAmountFen: Fen | null;
  state: RechargeState | null;
  hostStatus: HostOrderStatus | null;
  /** What disagrees: the amount, the status, or the POS slip (channel `pos`: merchant, POS terminal, voucher or reference no). */
  problem: 'amount' | 'status' | 'pos' | null;
  todo: string | null;
  /** The POS slip's reference no (the journal's, else the host's) for a bank-card recharge, else null. */
  posReferenceNo: string | null;
  /** The host's refund facts (expected date, refund no) where it has them. */
  refund: HostRefund | null;
}

/** 对账 of one local date: the four lists (JSON keys of `journal reconcile --json` too). */
export interface Reconciliation {
  date: string;
  terminalId: string;
  /** The host's business days (Beijing) asked for to cover the local date. */
  hostDays: string[];
  generatedAt: string;
  /** When the host's own reconciliation with the channels covered the day (its refund job ran), else null. */
  reconciledAt: string | null;
  matched: ReconcileRow[];
  hostOnly: ReconcileRow[];
  journalOnly: ReconcileRow[];
  mismatched: ReconcileRow[];
  /** The journal file against the heads the host witnessed (contract/witness.ts); absent when the host sends none. */
  witness?: WitnessCheck | null;
}

/** What stands in the way of closing the day (main/report: dayCloseBlockers). */
export interface DayCloseBlockers {
  /** A CREDIT may be on its way to a card right now. */
  loadInFlight: boolean;
  /** Recharges that must be finished or handed to the administrator first, oldest first. */
  unresolved: { id: string; state: RechargeState; cardNo: string; plate: string; amountFen: Fen; createdAt: string }[];
  canClose: boolean;
  /** True when all that blocks is the day's NEEDS_ADMIN recharges: a supervisor may carry them over with a note. */
  canCarryOver: boolean;
}

/** A closed day: who closed it and when, and the NEEDS_ADMIN recharges carried over with the note. */
export interface DayClosureView { at: string; operatorId: string; note: string | null; carriedOver: string[] }

/** 日结: main/report's day report, what blocks closing the day, whether it was closed, and 对账 with the host. */
export interface DayView {
  report: DayReport;
  blockers: DayCloseBlockers;
  closed: DayClosureView | null;
  /** null when the host could not be asked: `reconcileError` says why. */
  reconciliation: Reconciliation | null;
  reconcileError: { code: string; message: string } | null;
}

/** What this counter knows of a card's PIN after a wrong answer (no VERIFY without the operator since). */
export interface PinHoldView { cardNo: string; triesLeft: number | null; blocked: boolean }

/**
 * A supervisor's resolution of a NEEDS_ADMIN recharge, decided by the card (main/recharge/admin-resolve.ts):
 * CONFIRMED (the card shows the load), UNLOADED (it proves the load absent), or UNRESOLVED (still
 * contradictory: nothing changed but the new evidence, journaled). The evidence slip shows old and new.
 */
export interface AdminResolution {
  record: RechargeRecord;
  outcome: 'CONFIRMED' | 'UNLOADED' | 'UNRESOLVED';
  /** The i18n code of what the card and host showed, and its message for the supervisor. */
  reason: string;
  message: string;
  slip: PrintResult | null;
  slipError: { code: string; message: string } | null;
}
export interface RechargeDetail { record: RechargeRecord; events: RechargeEvent[] }

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

/**
 * A counter PC in a bank's estate (docs/release.md §6–§10): what the status bar and 系统设置 show beside
 * the settings — fields the machine policy locks, an outside change of the settings file, the terminal id
 * never set, how the client key is kept, the last journal backup, and a window main restored after its
 * page crashed or hung (told once).
 */
export interface EstateStatus {
  /** A release build (one data folder per machine) or a development checkout. */
  release: boolean;
  /** Settings the machine policy sets: locked in 系统设置, refused by settingsSave. */
  locked: string[];
  /** The settings file changed outside the app and no supervisor has acknowledged it. */
  settingsFileChanged: { at: string; fields: string[] } | null;
  /** Real mode: whether the terminal id was set (policy, 初始化设置, --config); no money is taken without it. */
  terminalIdSet: boolean;
  /** How the terminal's client key is kept: none, a plain PEM file (warned), passphrase-protected, or the Windows store. */
  clientKey: 'none' | 'plain' | 'protected' | 'store';
  lastBackup: { at: string; ok: boolean; reason: string; message: string | null } | null;
  /** The window's page crashed or stopped answering and main restored it; shown to the clerk once. */
  windowRestored: { at: string; reason: string } | null;
}

/**
 * How a recharge was paid, as staff name it (contract/i18n/screens.ts UI_WAY_NAME_*): the channel, and for
 * WeChat and Alipay whether the customer scanned our QR or showed their own payment code (contract/format.ts `payWayOf`). A
 * host order this journal never held is only known by its channel.
 */
export type PayWay = PayChannel | 'wechat_qr' | 'alipay_qr' | 'wechat_code' | 'alipay_code';

/** 读卡's word on the business day (Beijing, contract/format.ts): its date, and whether its 日结 is done — then no recharge starts. */
export interface BusinessDayView { date: string; closed: boolean }
