import { groupCardNo } from '../contract/format';
import type { AuditAction, AuditEntry } from '../contract/ipc';
import { RECHARGE_STATES, type RechargeState } from '../contract/recharge';
import { L, localTime, stateLabel, yuan } from './i18n';

/**
 * 审计日志's 详情 column: each action's detail (as main/auth and main/ipc write it) as one Chinese sentence a
 * supervisor reads, never raw JSON. A detail key the sentence does not use — or a whole detail of a shape
 * this table does not know — is added as a readable 「名称：值」 list.
 */
type Detail = Record<string, unknown>;
interface Sentence { key: string; params: Record<string, string | number>; uses: string[] }
type Phrase = (d: Detail) => Sentence | null;

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isTally = (v: unknown): v is { count: number; sumFen: number } =>
  typeof v === 'object' && v !== null && num((v as Detail).count) && num((v as Detail).sumFen);
const tally = (t: { count: number; sumFen: number }): string => L('UI_AUDIT_TALLY', { count: t.count, amount: yuan(t.sumFen) });
const isState = (v: unknown): v is RechargeState => RECHARGE_STATES.includes(v as RechargeState);
/** The card number in groups of four, joined by no-break spaces: a narrow column wraps the sentence, never the number. */
const cardNoText = (cardNo: string): string => groupCardNo(cardNo).replace(/ /g, '\u00a0');
/** The message of `key`, or `otherwise` where the table has no such key (L shows an unknown key as itself). */
const known = (key: string, otherwise: string): string => (L(key) === key ? otherwise : L(key));

// Audit rows also name the first-run setup ('system') and sign-in attempts with an id that does not exist ('unknown').
const ROLE_KEYS: Record<string, string> = {
  operator: 'AUTH_ROLE_OPERATOR', supervisor: 'AUTH_ROLE_SUPERVISOR', system: 'UI_AUDIT_ROLE_SYSTEM', unknown: 'UI_AUDIT_ROLE_UNKNOWN',
};
export const roleLabel = (r: string): string => (ROLE_KEYS[r] ? L(ROLE_KEYS[r]) : r);

const SIGN_IN_REFUSALS: Record<string, string> = {
  locked: 'UI_AUDIT_DETAIL_SIGN_IN_REFUSED_LOCKED',
  disabled: 'UI_AUDIT_DETAIL_SIGN_IN_REFUSED_DISABLED',
  tampered: 'UI_AUDIT_DETAIL_SIGN_IN_REFUSED_TAMPERED',
};

/** A file's size as staff read it: KB or MB. */
const sizeText = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
/** Where a supervisor did it: the window or the command line. */
const viaText = (via: unknown): string => L(via === 'cli' ? 'UI_AUDIT_VIA_CLI' : 'UI_AUDIT_VIA_WINDOW');

const PHRASES: Partial<Record<AuditAction, Phrase>> = {
  'sign-in-failed': (d): Sentence | null => {
    if (d.reason === 'unknown id' && num(d.attempt)) {
      return { key: 'UI_AUDIT_DETAIL_SIGN_IN_UNKNOWN_ID', params: { attempt: d.attempt }, uses: ['reason', 'attempt'] };
    }
    const refusal = typeof d.reason === 'string' ? SIGN_IN_REFUSALS[d.reason] : undefined;
    if (refusal) return { key: refusal, params: {}, uses: ['reason'] };
    if (d.reason === undefined && num(d.attempt)) {
      return { key: 'UI_AUDIT_DETAIL_SIGN_IN_WRONG_PASSWORD', params: { attempt: d.attempt }, uses: ['attempt'] };
    }
    return null;
  },
  'sign-in-locked': (d) => (num(d.attempt)
    ? { key: 'UI_AUDIT_DETAIL_SIGN_IN_LOCKED', params: { attempt: d.attempt }, uses: ['attempt'] }
    : null),
  unlock: (d) => {
    if (typeof d.wasLocked !== 'boolean' || !num(d.failedAttempts)) return null;
    const key = d.wasLocked ? 'UI_AUDIT_DETAIL_UNLOCK_LOCKED' : 'UI_AUDIT_DETAIL_UNLOCK_NOT_LOCKED';
    return { key, params: { failed: d.failedAttempts }, uses: ['wasLocked', 'failedAttempts'] };
  },
  'operator-add': (d) => (str(d.role) && str(d.name)
    ? { key: 'UI_AUDIT_DETAIL_OPERATOR_ADD', params: { role: roleLabel(d.role), name: d.name }, uses: ['role', 'name'] }
    : null),
  'resume-other': (d) => {
    if (!str(d.owner) || !isState(d.state) || !str(d.cardNo) || !num(d.amountFen) || (d.via !== 'load' && d.via !== 'resume')) return null;
    return {
      key: 'UI_AUDIT_DETAIL_RESUME_OTHER',
      params: { owner: d.owner, cardNo: cardNoText(d.cardNo), amount: yuan(d.amountFen), state: stateLabel(d.state), via: L(`UI_AUDIT_VIA_${d.via}`) },
      uses: ['owner', 'state', 'via', 'cardNo', 'amountFen'],
    };
  },
  reprint: (d) => {
    if (!num(d.copy) || !str(d.format) || !str(d.cardNo) || !num(d.amountFen) || typeof d.printed !== 'boolean') return null;
    return {
      key: 'UI_AUDIT_DETAIL_REPRINT',
      params: {
        copy: d.copy, format: known(`UI_RECEIPT_FORMAT_${d.format}`, d.format), cardNo: cardNoText(d.cardNo), amount: yuan(d.amountFen),
        printed: L(d.printed ? 'UI_AUDIT_PRINTED_YES' : 'UI_AUDIT_PRINTED_NO'),
      },
      uses: ['copy', 'format', 'cardNo', 'amountFen', 'printed'],
    };
  },
  'day-close': (d) => {
    const { recharges, paid, loaded, unloaded, refundsDue } = d;
    if (!num(recharges) || !isTally(paid) || !isTally(loaded) || !isTally(unloaded) || !isTally(refundsDue)) return null;
    return {
      key: 'UI_AUDIT_DETAIL_DAY_CLOSE',
      params: { recharges, paid: tally(paid), loaded: tally(loaded), unloaded: tally(unloaded), refundsDue: tally(refundsDue) },
      uses: ['recharges', 'paid', 'loaded', 'unloaded', 'refundsDue'],
    };
  },
  'day-reopen': (d): Sentence | null => {
    if (!str(d.note)) return null;
    if (str(d.closedAt) && str(d.closedBy)) {
      return { key: 'UI_AUDIT_DETAIL_DAY_REOPEN', params: { at: localTime(d.closedAt), by: d.closedBy, note: d.note }, uses: ['note', 'closedAt', 'closedBy'] };
    }
    return { key: 'UI_AUDIT_DETAIL_DAY_REOPEN_PLAIN', params: { note: d.note }, uses: ['note', 'closedAt', 'closedBy'] };
  },
  'sign-in': (d): Sentence | null => {
    if (d.via === 'cli' && str(d.command)) return { key: 'UI_AUDIT_DETAIL_SIGN_IN_VIA_CLI', params: { command: d.command }, uses: ['via', 'command'] };
    if (d.via === 'unlock') return { key: 'UI_AUDIT_DETAIL_SIGN_IN_VIA_UNLOCK', params: {}, uses: ['via'] };
    return null;
  },
  'sign-out': (d) => {
    const key = d.reason === 'account-disabled' ? 'UI_AUDIT_DETAIL_SIGN_OUT_DISABLED' : d.reason === 'account-missing' ? 'UI_AUDIT_DETAIL_SIGN_OUT_MISSING'
      : d.reason === 'idle' ? 'UI_AUDIT_DETAIL_SIGN_OUT_IDLE' : null;
    return key ? { key, params: {}, uses: ['reason'] } : null;
  },
  'password-upgrade': (d) => (num(d.fromN) && num(d.toN) && d.fromN > 0 && d.toN > 0
    ? { key: 'UI_AUDIT_DETAIL_PASSWORD_UPGRADE', params: { from: Math.log2(d.fromN), to: Math.log2(d.toN) }, uses: ['fromN', 'toN'] }
    : null),
  'recovery-code-issued': (d) => (typeof d.reason === 'string' && L(`UI_AUDIT_DETAIL_RECOVERY_ISSUED_${d.reason.replace(/-/g, '_')}`) !== `UI_AUDIT_DETAIL_RECOVERY_ISSUED_${d.reason.replace(/-/g, '_')}`
    ? { key: `UI_AUDIT_DETAIL_RECOVERY_ISSUED_${d.reason.replace(/-/g, '_')}`, params: {}, uses: ['reason'] }
    : null),
  'recovery-failed': (d) => (typeof d.wellFormed === 'boolean'
    ? { key: d.wellFormed ? 'UI_AUDIT_DETAIL_RECOVERY_FAILED' : 'UI_AUDIT_DETAIL_RECOVERY_FAILED_MALFORMED', params: {}, uses: ['wellFormed'] }
    : null),
  'recovery-used': (d) => (num(d.failedAttempts) ? { key: 'UI_AUDIT_DETAIL_RECOVERY_USED', params: { failed: d.failedAttempts }, uses: ['wasLocked', 'failedAttempts'] } : null),
  'operator-disable': (d) => (typeof d.wasDisabled === 'boolean'
    ? { key: d.wasDisabled ? 'UI_AUDIT_DETAIL_DISABLE_AGAIN' : 'UI_AUDIT_DETAIL_DISABLE', params: {}, uses: ['wasDisabled'] } : null),
  'operator-enable': (d) => (typeof d.wasDisabled === 'boolean'
    ? { key: d.wasDisabled ? 'UI_AUDIT_DETAIL_ENABLE' : 'UI_AUDIT_DETAIL_ENABLE_AGAIN', params: {}, uses: ['wasDisabled'] } : null),
  'admin-resolve': (d) => {
    if (!str(d.cardNo) || !num(d.amountFen) || !isState(d.from) || !isState(d.to) || !str(d.outcome)) return null;
    return {
      key: 'UI_AUDIT_DETAIL_ADMIN_RESOLVE',
      params: {
        cardNo: cardNoText(d.cardNo), amount: yuan(d.amountFen), outcome: known(`UI_AUDIT_OUTCOME_${d.outcome}`, d.outcome),
        from: stateLabel(d.from), to: stateLabel(d.to), note: str(d.note) ? d.note : '—',
      },
      uses: ['cardNo', 'amountFen', 'outcome', 'from', 'to', 'note'],
    };
  },
  'password-change': (d): Sentence => (d.wrongCurrent === true && num(d.attempt)
    ? { key: 'UI_AUDIT_DETAIL_PASSWORD_WRONG', params: { attempt: d.attempt }, uses: ['wrongCurrent', 'attempt'] }
    : { key: 'UI_AUDIT_DETAIL_PASSWORD_CHANGED', params: {}, uses: [] }),
  'password-reset': (d) => ({
    key: 'UI_AUDIT_DETAIL_PASSWORD_RESET',
    params: { unlocked: d.wasLocked === true && num(d.failedAttempts) ? L('UI_AUDIT_DETAIL_RESET_UNLOCKED', { failed: d.failedAttempts }) : '' },
    uses: ['wasLocked', 'failedAttempts'],
  }),
  // A counter PC in a bank's estate (main/settings/file-audit.ts, main/cli/journal-*.ts, support bundles). The file's
  // fingerprint and snapshot stay in the row for support; the sentence says what happened.
  'settings-file': (d) => {
    if (!str(d.kind) || L(`UI_AUDIT_DETAIL_SETTINGS_FILE_${d.kind}`) === `UI_AUDIT_DETAIL_SETTINGS_FILE_${d.kind}`) return null;
    const fields = Array.isArray(d.fields) ? d.fields.filter(str).map(keyLabel).join('、') : '';
    return { key: `UI_AUDIT_DETAIL_SETTINGS_FILE_${d.kind}`, params: { fields: fields || '—' }, uses: ['kind', 'sha256', 'snapshot', 'fields'] };
  },
  'journal-backup': (d): Sentence | null => {
    if (num(d.bytes)) return { key: 'UI_AUDIT_DETAIL_BACKUP', params: { size: sizeText(d.bytes), via: viaText(d.via) }, uses: ['bytes', 'via'] };
    // The files' paths stay in the row (support reads them in the export); the sentence says what happened.
    if (str(d.restoredFrom)) return { key: 'UI_AUDIT_DETAIL_RESTORE', params: {}, uses: ['restoredFrom', 'replaced'] };
    return null;
  },
  'support-bundle': (d) => (num(d.bytes)
    ? { key: 'UI_AUDIT_DETAIL_SUPPORT_BUNDLE', params: { size: sizeText(d.bytes), via: viaText(d.via) }, uses: ['bytes', 'via'] }
    : null),
};

/** A recharge id (a UUID) is no word for anyone: the recharge by its card's last digits and its amount instead. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 审计日志's 对象 column: an operator id, a date, 系统设置, or a recharge named by its card and amount — never its UUID. */
export function auditTargetText(e: Pick<AuditEntry, 'action' | 'target' | 'detail'>): string {
  if (e.action === 'settings-change') return L('UI_AUDIT_TARGET_SETTINGS');
  if (e.target === null || e.target === '') return '—';
  if (!UUID.test(e.target)) return e.target;
  const { cardNo, amountFen } = e.detail;
  return str(cardNo) && num(amountFen)
    ? L('UI_AUDIT_TARGET_RECHARGE', { tail: cardNo.slice(-4), amount: yuan(amountFen) })
    : L('UI_AUDIT_TARGET_RECHARGE_PLAIN');
}

/** The label of a detail key: its i18n name where the table has one (UI_AUDIT_KEY_<key>), else 其他 (never the English key). */
const keyLabel = (key: string): string => known(`UI_AUDIT_KEY_${key}`, L('UI_AUDIT_KEY_OTHER'));
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** 系统设置's POS: the way it takes cards and its merchant no. */
function posText(v: Detail): string {
  const mode = typeof v.mode === 'string' ? known(`UI_SETTINGS_POS_${v.mode}`, v.mode) : '—';
  return v.mode === 'off' ? mode : L('UI_AUDIT_POS_VALUE', { mode, merchant: str(v.merchantNo) ? v.merchantNo : '—' });
}
/** One card-maximum rule: network, card type, maximum. */
function ruleText(v: Detail): string {
  const network = str(v.network) ? v.network : L('UI_SETTINGS_MAX_ANY');
  const type = num(v.cardType) ? known(`CARD_TYPE_${v.cardType}`, String(v.cardType)) : L('UI_SETTINGS_MAX_ANY');
  return L('UI_AUDIT_MAX_RULE', { network, type, amount: num(v.maxFen) ? yuan(v.maxFen) : '—' });
}

/** A value in words: amounts in yuan, card numbers grouped, states and roles by name, old → new pairs. */
export function valueText(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return L(v ? 'UI_AUDIT_YES' : 'UI_AUDIT_NO');
  if (num(v)) return /Fen$/.test(key) ? `${yuan(v)} 元` : String(v);
  if (typeof v === 'string') {
    if (key === 'cardNo') return cardNoText(v);
    if ((key === 'state' || key === 'from' || key === 'to') && isState(v)) return stateLabel(v);
    if (key === 'hostStatus') return known(`HOST_STATUS_${v}`, v);
    if (key === 'outcome') return known(`UI_AUDIT_OUTCOME_${v}`, v);
    if (key === 'role') return roleLabel(v);
    if (key === 'mode') return known(`UI_SETTINGS_MODE_${v}`, v);
    if (key === 'receiptFormat' || key === 'format') return known(`UI_RECEIPT_FORMAT_${v}`, v);
    if (key === 'pinEncoding') return known(`UI_SETTINGS_PIN_${v}`, v);
    if (key === 'reason') return known(`UI_AUDIT_REASON_${v.replace(/\W+/g, '_')}`, v);
    if (ISO_INSTANT.test(v)) return localTime(v);
    return v;
  }
  if (key === 'evidence' && typeof v === 'object') return L('UI_AUDIT_EVIDENCE_KEPT');
  if (key === 'carriedOver' && Array.isArray(v)) return L('UI_AUDIT_COUNT', { count: v.length }); // recharge ids: no word for anyone
  if (key === 'pos' && typeof v === 'object' && !Array.isArray(v) && 'mode' in v) return posText(v as Detail);
  if (key === 'cardMaxBalanceRules' && Array.isArray(v)) return v.length === 0 ? L('UI_AUDIT_NONE') : v.map((x) => ruleText(x as Detail)).join('；');
  if (Array.isArray(v)) return v.map((x) => valueText(key, x)).join('、');
  if (isTally(v)) return tally(v);
  if (typeof v === 'object') {
    const o = v as Detail;
    const pair = 'old' in o && 'new' in o ? [o.old, o.new] : 'from' in o && 'to' in o ? [o.from, o.to] : null;
    if (pair && Object.keys(o).length === 2) return `${valueText(key, pair[0])} → ${valueText(key, pair[1])}`;
    return `（${listText(o)}）`;
  }
  return String(v);
}

function listText(d: Detail, skip: readonly string[] = []): string {
  return Object.entries(d).filter(([k]) => !skip.includes(k)).map(([k, v]) => `${keyLabel(k)}：${valueText(k, v)}`).join('，');
}

export function auditDetailText(action: string, detail: Detail): string {
  if (Object.keys(detail).length === 0) return '';
  const sentence = PHRASES[action as AuditAction]?.(detail) ?? null;
  const rest = listText(detail, sentence?.uses ?? []);
  const parts = [sentence ? L(sentence.key, sentence.params) : '', rest].filter((p) => p !== '');
  return parts.join('；');
}
