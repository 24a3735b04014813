import { z } from 'zod';
import { POS_FIELD_PATTERNS, POS_MODES } from './pos';

/**
 * The terminal's settings (docs/architecture.md §5): one schema for the settings file in the data folder,
 * `--config FILE` and the command-line flags (main/config.ts layers them), and for what the window is shown
 * of them (`SettingsView`, contract/ipc/views.ts). It lives in the contract so that a new field reaches
 * the window's view by construction: the view is derived from this type, never copied field by field.
 */

/** Which counter main runs: the bank's (real host, real reader, real money) or 培训模式's sandbox. */
export type CounterMode = 'real' | 'training';

/** Paper of the receipt printer: 80 mm thermal roll or A5 sheets. */
export const RECEIPT_FORMATS = ['80mm', 'A5'] as const;
export type ReceiptFormatName = (typeof RECEIPT_FORMATS)[number];

export const SettingsSchema = z.object({
  terminalId: z.string().regex(/^[0-9A-Fa-f]{12}$/, 'terminalId must be 12 hex digits').default('000001000050'),
  branch: z.string().default('培训网点'),
  hostUrl: z.string().url().nullable().default(null),
  pinEncoding: z.enum(['bcd', 'ascii']).default('bcd'),
  defaultPin: z.string().regex(/^\d{4,12}$/).default('123456'),
  readerName: z.string().nullable().default(null),
  journalPath: z.string().nullable().default(null),
  printerName: z.string().nullable().default(null),
  receiptFormat: z.enum(RECEIPT_FORMATS).default('80mm'),
  /** Card maximum balance in fen (docs/card-protocol.md §5: unconfirmed, so configurable). */
  cardMaxBalanceFen: z.number().int().positive().default(100_000_000),
  /** Minutes without a key or click after which the window locks (the password unlocks it; the wizard keeps its state). */
  idleLockMinutes: z.number().int().min(1).max(240).default(5),
  /**
   * The POS bank-card channel of a self-operated outlet (docs/pos.md): `off` (default), `mis` (an integrated
   * MIS-POS charges the amount) or `manual` (the operator types the slip). `merchantNo` (商户号, 15 digits)
   * is the outlet's POS merchant, required for `manual`.
   */
  pos: z.object({
    mode: z.enum(POS_MODES).default('off'),
    merchantNo: z.string().regex(POS_FIELD_PATTERNS.merchantNo, 'pos.merchantNo must be 15 digits').nullable().default(null),
  }).refine((p) => p.mode !== 'manual' || p.merchantNo !== null, { message: 'pos.merchantNo is required with pos.mode "manual"', path: ['merchantNo'] })
    .default({ mode: 'off', merchantNo: null }),
  /**
   * The issuer's load keys for INITIALIZE FOR LOAD (docs/card-protocol.md §2–3): 3DES (01) on every card,
   * SM4 (41) on a dual-algorithm card (card version 5x).
   */
  loadKeyIndex: z.object({
    tdes: z.number().int().min(0).max(255).default(0x01),
    sm4: z.number().int().min(0).max(255).default(0x41),
  }).default({ tdes: 0x01, sm4: 0x41 }),
});
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * Settings no window is shown (main/ipc answers `settings` without them): the card's default PIN, and
 * where the journal lives on disk. Every other field, present and future, is part of `SettingsView`.
 */
export const SETTINGS_HIDDEN = ['defaultPin', 'journalPath'] as const satisfies readonly (keyof Settings)[];
export type HiddenSetting = (typeof SETTINGS_HIDDEN)[number];
