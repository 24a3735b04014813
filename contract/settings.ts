import { z } from 'zod';
import { hostUrlProblem } from './host-url';
import { POS_FIELD_PATTERNS, POS_MODES } from './pos';

/**
 * The terminal's settings (docs/architecture.md §4, §5): one schema for the settings file in the data folder,
 * `--config FILE` and the command-line flags (main/config.ts layers them), for the 系统设置 screen's changes
 * (`SETTING_FIELDS`, `SETTINGS_EDITABLE`) and for what the window is shown of them (`SettingsView`,
 * contract/ipc/views.ts). It lives in the contract so that a new field reaches the window's view by
 * construction: the view is derived from this type, never copied field by field.
 */

/** Which counter main runs: the bank's (real host, real reader, real money) or 培训模式's sandbox. */
export const COUNTER_MODES = ['real', 'training'] as const;
export type CounterMode = (typeof COUNTER_MODES)[number];

/** Paper of the receipt printer: 80 mm thermal roll or A5 sheets. */
export const RECEIPT_FORMATS = ['80mm', 'A5'] as const;
export type ReceiptFormatName = (typeof RECEIPT_FORMATS)[number];

const path = z.string().trim().min(1).max(1024);

/**
 * One card maximum balance (docs/card-protocol.md §5): for the cards of one issuer network (the card number's first four
 * digits, 6201 = Gansu) and one card type (22 储值卡); null matches any. The first rule that matches a card wins.
 */
export const CardMaxRuleSchema = z.object({
  network: z.string().regex(/^\d{4}$/, 'network must be 4 digits').nullable().default(null),
  cardType: z.number().int().min(0).max(255).nullable().default(null),
  maxFen: z.number().int().positive(),
}).strict();
export type CardMaxRule = z.infer<typeof CardMaxRuleSchema>;

/**
 * Each field's rule without its default: the settings file adds the defaults (`SettingsSchema`); a change
 * from the 系统设置 screen is checked field by field with these, so a missing field stays missing.
 */
export const SETTING_FIELDS = {
  /** `--training` also chooses training; nothing else does — never a missing host (docs/decisions.md). */
  mode: z.enum(COUNTER_MODES),
  terminalId: z.string().regex(/^[0-9A-Fa-f]{12}$/, 'terminalId must be 12 hex digits'),
  branch: z.string().trim().min(1).max(40),
  /** `https://`, or `http://` for a loopback host only (contract/host-url.ts). */
  hostUrl: z.string().trim().max(512).refine((u) => hostUrlProblem(u) === null, {
    message: 'hostUrl must be https:// (plain http:// only for a host on this machine, the simulator)',
  }).nullable(),
  /** The issuer's CA certificate (PEM file) the host's certificate must chain to; null = the system's CAs. */
  hostCaFile: path.nullable(),
  /** The terminal's client certificate and its private key (PEM files) for mutual TLS; both or neither. */
  clientCertFile: path.nullable(),
  clientKeyFile: path.nullable(),
  pinEncoding: z.enum(['bcd', 'ascii']),
  defaultPin: z.string().regex(/^\d{4,12}$/, 'defaultPin must be 4–12 digits'),
  readerName: z.string().trim().min(1).max(128).nullable(),
  journalPath: path.nullable(),
  printerName: z.string().trim().min(1).max(128).nullable(),
  receiptFormat: z.enum(RECEIPT_FORMATS),
  /** Card maximum balance in fen where no rule of `cardMaxBalanceRules` matches (docs/card-protocol.md §5: unconfirmed, so configurable). */
  cardMaxBalanceFen: z.number().int().positive(),
  /** Card maximum balances by issuer network and card type, first match wins (`cardMaxBalanceFor`). */
  cardMaxBalanceRules: z.array(CardMaxRuleSchema).max(32),
  /** Minutes without a key or click after which the window locks (the password unlocks it; the wizard keeps its state). */
  idleLockMinutes: z.number().int().min(1).max(240),
  /**
   * The POS bank-card channel of a self-operated outlet (docs/pos.md): `off` (default), `mis` (an integrated
   * MIS-POS charges the amount) or `manual` (the operator types the slip). `merchantNo` (商户号, 15 digits)
   * is the outlet's POS merchant, required for `manual`.
   */
  pos: z.object({
    mode: z.enum(POS_MODES).default('off'),
    merchantNo: z.string().regex(POS_FIELD_PATTERNS.merchantNo, 'pos.merchantNo must be 15 digits').nullable().default(null),
  }).refine((p) => p.mode !== 'manual' || p.merchantNo !== null, { message: 'pos.merchantNo is required with pos.mode "manual"', path: ['merchantNo'] }),
  /**
   * The issuer's load keys for INITIALIZE FOR LOAD (docs/card-protocol.md §2–3): 3DES (01) on every card,
   * SM4 (41) on a dual-algorithm card (card version 5x).
   */
  loadKeyIndex: z.object({
    tdes: z.number().int().min(0).max(255).default(0x01),
    sm4: z.number().int().min(0).max(255).default(0x41),
  }),
  /**
   * The terminal's client certificate from the Windows certificate store (LocalMachine\My) by its SHA-1
   * thumbprint, instead of the two files (docs/release.md §8). Usually set by machine policy.
   */
  clientCertThumbprint: z.string().regex(/^[0-9A-Fa-f]{40}$/, 'clientCertThumbprint must be 40 hex digits').nullable(),
  /** Journal backups kept in `<data folder>/backups` (and in `backupCopyDir`): the newest N (docs/recovery.md). */
  backupKeep: z.number().int().min(1).max(365),
  /** A second folder every backup is copied to (a bank share), or null. */
  backupCopyDir: path.nullable(),
} as const;

export const SettingsSchema = z.object({
  mode: SETTING_FIELDS.mode.default('real'),
  terminalId: SETTING_FIELDS.terminalId.default('000001000050'),
  branch: SETTING_FIELDS.branch.default('培训网点'),
  hostUrl: SETTING_FIELDS.hostUrl.default(null),
  hostCaFile: SETTING_FIELDS.hostCaFile.default(null),
  clientCertFile: SETTING_FIELDS.clientCertFile.default(null),
  clientKeyFile: SETTING_FIELDS.clientKeyFile.default(null),
  pinEncoding: SETTING_FIELDS.pinEncoding.default('bcd'),
  defaultPin: SETTING_FIELDS.defaultPin.default('123456'),
  readerName: SETTING_FIELDS.readerName.default(null),
  journalPath: SETTING_FIELDS.journalPath.default(null),
  printerName: SETTING_FIELDS.printerName.default(null),
  receiptFormat: SETTING_FIELDS.receiptFormat.default('80mm'),
  cardMaxBalanceFen: SETTING_FIELDS.cardMaxBalanceFen.default(100_000_000),
  // Gansu stored-value cards: ¥5,000 (docs/decisions.md, "The card's maximum balance").
  cardMaxBalanceRules: SETTING_FIELDS.cardMaxBalanceRules.default([{ network: '6201', cardType: 22, maxFen: 500_000 }]),
  idleLockMinutes: SETTING_FIELDS.idleLockMinutes.default(5),
  pos: SETTING_FIELDS.pos.default({ mode: 'off', merchantNo: null }),
  loadKeyIndex: SETTING_FIELDS.loadKeyIndex.default({ tdes: 0x01, sm4: 0x41 }),
  clientCertThumbprint: SETTING_FIELDS.clientCertThumbprint.default(null),
  backupKeep: SETTING_FIELDS.backupKeep.default(14),
  backupCopyDir: SETTING_FIELDS.backupCopyDir.default(null),
} satisfies { [K in keyof typeof SETTING_FIELDS]: z.ZodType });
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * Settings no window is shown (main/ipc answers `settings` without them): the card's default PIN, and
 * where the journal lives on disk. Every other field, present and future, is part of `SettingsView`.
 */
export const SETTINGS_HIDDEN = ['defaultPin', 'journalPath'] as const satisfies readonly (keyof Settings)[];
export type HiddenSetting = (typeof SETTINGS_HIDDEN)[number];

/**
 * What 系统设置 (and the set-up's settings step) may change, supervisors only. Not here: the journal's path
 * (a file on disk, moved only with the program closed) and the load keys (the issuer's, docs/card-protocol.md §2–3).
 */
export const SETTINGS_EDITABLE = [
  'hostUrl', 'hostCaFile', 'clientCertFile', 'clientKeyFile', 'terminalId', 'branch', 'readerName', 'printerName',
  'receiptFormat', 'pinEncoding', 'defaultPin', 'idleLockMinutes', 'mode',
  // The outlet's POS and the card maximum balance (docs/pos.md, docs/card-protocol.md §5).
  'pos', 'cardMaxBalanceFen', 'cardMaxBalanceRules',
] as const satisfies readonly (keyof Settings)[];
export type EditableSetting = (typeof SETTINGS_EDITABLE)[number];

/** Settings whose values are never shown back or written in the audit log in clear. */
export const SETTINGS_SECRET = ['defaultPin'] as const satisfies readonly EditableSetting[];

/**
 * The settings screen's request: some editable fields with the right types, nothing else. Each value's rule
 * (`SETTING_FIELDS`) is checked in main field by field (main/settings/system.ts), so a refusal names the
 * field in words staff read (SETTINGS_FIELD_INVALID, HOST_URL_*), not in a schema's English.
 */
const text = z.string().max(2048);
export const SettingsChangeSchema = z.object({
  hostUrl: text.nullable(),
  hostCaFile: text.nullable(),
  clientCertFile: text.nullable(),
  clientKeyFile: text.nullable(),
  terminalId: text,
  branch: text,
  readerName: text.nullable(),
  printerName: text.nullable(),
  receiptFormat: SETTING_FIELDS.receiptFormat,
  pinEncoding: SETTING_FIELDS.pinEncoding,
  defaultPin: text,
  idleLockMinutes: z.number(),
  mode: SETTING_FIELDS.mode,
  pos: z.object({ mode: z.string().max(16), merchantNo: text.nullable() }).strict(),
  cardMaxBalanceFen: z.number(),
  cardMaxBalanceRules: z.array(z.object({ network: text.nullable(), cardType: z.number().nullable(), maxFen: z.number() }).strict()).max(64),
} satisfies { [K in EditableSetting]: z.ZodType }).partial().strict();
export type SettingsChange = Partial<Pick<Settings, EditableSetting>>;

/** The maximum balance of `card` under the settings: the first rule for its network and type, else `cardMaxBalanceFen`. */
export function cardMaxBalanceFor(
  s: Pick<Settings, 'cardMaxBalanceFen' | 'cardMaxBalanceRules'>, card: { network: string; cardType: number },
): number {
  const rule = s.cardMaxBalanceRules.find((r) => (r.network === null || r.network === card.network) && (r.cardType === null || r.cardType === card.cardType));
  return rule ? rule.maxFen : s.cardMaxBalanceFen;
}
