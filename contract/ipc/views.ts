import type { CardInfo } from '../card';
import type { HostOrderStatus } from '../host-api';
import type { Fen } from '../money';
import type { PayChannel, RechargeEvent, RechargeRecord, RechargeState } from '../recharge';
import type { HiddenSetting, Settings } from '../settings';

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
  refundsDue: Tally; // paid but UNLOADED or NEEDS_ADMIN: owed to customers unless loaded later
  totals: { recharges: number; paid: Tally };
}

/** What stands in the way of closing the day (main/report: dayCloseBlockers). */
export interface DayCloseBlockers {
  /** A CREDIT may be on its way to a card right now. */
  loadInFlight: boolean;
  /** Recharges that must be finished or handed to the administrator first, oldest first. */
  unresolved: { id: string; state: RechargeState; cardNo: string; plate: string; amountFen: Fen; createdAt: string }[];
  canClose: boolean;
}

/** 日结: main/report's day report, what blocks closing the day, and whether it was closed. */
export interface DayView {
  report: DayReport;
  blockers: DayCloseBlockers;
  closed: { at: string; operatorId: string } | null;
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
