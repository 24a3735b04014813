import { z } from 'zod';
import {
  MAX_ORDER_WAIT_MS,
  type AuthorizeRequest, type AuthorizeResponse, type CardCheckRequest, type CardCheckResponse, type CardEvidence,
  type ConfirmRequest, type CreateOrderRequest, type HostErrorBody, type HostOrder, type HostRecord, type HostRefund,
  type MicropayRequest, type OrderWaitQuery, type PosVoucher, type RecordsQuery, type SignInRequest, type SignInResponse,
  type TerminalDay, type TerminalDayOrder, type TerminalDayTotal, type UnloadedRequest,
  type ChainPosition, type HostWitness, type JournalWitness,
} from './host-api';
import { POS_FIELD_PATTERNS } from './pos';

/**
 * zod schemas for the issuer-host API (docs/architecture.md §3). The simulator validates request bodies with them;
 * the HTTP adapter validates every answer before the engine sees it. Each schema is pinned to its
 * interface in host-api.ts by a type assertion at the bottom, so the two cannot drift apart.
 */
const hex = (digits: number) => z.string().regex(new RegExp(`^[0-9A-Fa-f]{${digits}}$`), `${digits} hex digits`);
const chars = (n: number, what: string) => z.string().regex(new RegExp(`^[0-9A-Za-z]{${n}}$`), `${what}: ${n} letters or digits`);
const digitsOf = (n: number, what: string) => z.string().regex(new RegExp(`^\\d{${n}}$`), `${what}: ${n} digits`);
/** Card amounts and balances are 4-byte unsigned fen (docs/card-protocol.md §5). */
const fen = z.number().int().min(0).max(0xffff_ffff);
const isoTime = z.string().min(1);

export const CardNoSchema = z.string().regex(/^\d{20}$/, 'card number must be 20 digits');
export const PayChannelSchema = z.enum(['wechat', 'alipay', 'pos']);
/** The host's channels are the journal's (contract/host-api.ts `HostChannel`). */
export const HostChannelSchema = PayChannelSchema;
export const HostOrderStatusSchema = z.enum(['AWAITING_PAYMENT', 'PAID', 'CLOSED', 'LOADED', 'UNLOADED', 'REFUNDING', 'REFUNDED']);
export const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');
export const TerminalIdSchema = hex(12);

/** A POS slip (contract/pos.ts); batch no, auth code and card mask are null on a slip the operator typed. */
export const PosVoucherSchema = z.object({
  merchantNo: digitsOf(15, 'merchantNo'),
  posTerminalNo: chars(8, 'posTerminalNo'),
  batchNo: digitsOf(6, 'batchNo').nullable(),
  voucherNo: digitsOf(6, 'voucherNo'),
  referenceNo: chars(12, 'referenceNo'),
  authCode: chars(6, 'authCode').nullable(),
  cardNoMasked: z.string().regex(POS_FIELD_PATTERNS.cardNoMasked, 'cardNoMasked: first 6 digits, *, last 4 digits').nullable(),
  at: z.iso.datetime({ offset: true }),
});

// ── requests ──────────────────────────────────────────────────────────────────────────────────────
export const SignInRequestSchema = z.object({
  terminalId: TerminalIdSchema,
  operatorId: z.string().min(1).max(32),
});

export const CardCheckRequestSchema = z.object({ balanceFen: fen.nullable().optional() });

export const CreateOrderRequestSchema = z.object({
  clientOrderId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'clientOrderId: 1–64 letters, digits, - or _'),
  cardNo: CardNoSchema,
  plate: z.string().min(1).max(16),
  plateColor: z.number().int().min(0).max(255),
  amountFen: fen.min(1),
  channel: HostChannelSchema,
  terminalId: TerminalIdSchema,
  balanceFen: fen,
  posVoucher: PosVoucherSchema.optional(),
}).superRefine((r, ctx) => {
  if (r.channel === 'pos' && r.posVoucher === undefined) {
    ctx.addIssue({ code: 'custom', path: ['posVoucher'], message: 'required for channel pos' });
  } else if (r.channel !== 'pos' && r.posVoucher !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['posVoucher'], message: 'only for channel pos' });
  }
});

/** Query strings arrive as text: `waitMs` is coerced; out of range or not a number fails here. */
export const OrderWaitQuerySchema = z.object({
  waitMs: z.coerce.number().int().min(0).max(MAX_ORDER_WAIT_MS).optional(),
  unless: HostOrderStatusSchema.optional(),
});

/** The shape check of the code itself is contract/payment-code.ts, answered with its own code. */
export const MicropayRequestSchema = z.object({ authCode: z.string().min(1).max(32) });

export const AuthorizeRequestSchema = z.object({
  cardNo: CardNoSchema,
  onlineSerial: z.number().int().min(0).max(0xffff),
  oldBalanceFen: fen,
  amountFen: fen.min(1),
  random: hex(8),
  keyVersion: z.number().int().min(0).max(255),
  algId: z.number().int().min(0).max(255),
  terminalId: TerminalIdSchema,
  mac1: hex(8),
  cardVersion: z.number().int().min(0).max(255).optional(),
});

export const CardEvidenceSchema = z.object({
  balanceFen: fen,
  onlineSerial: z.number().int().min(0).max(0xffff),
  loadRecord: z.object({ serial: z.number().int().min(0).max(0xffff), amountFen: fen, terminalId: hex(12), at: z.string() }).nullable(),
});

/** A chain's head in a witness (docs/architecture.md §3c). */
export const ChainPositionSchema = z.object({ last: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), hash: hex(64) });
export const JournalWitnessSchema = z.object({
  journalId: hex(32),
  events: ChainPositionSchema,
  audit: ChainPositionSchema,
  operators: ChainPositionSchema,
  closures: ChainPositionSchema,
  pins: ChainPositionSchema,
});
export const HostWitnessSchema = z.object({
  terminalId: z.string(),
  witness: JournalWitnessSchema.nullable(),
  receivedAt: isoTime.nullable(),
});

export const ConfirmRequestSchema = z.object({
  onlineSerial: z.number().int().min(0).max(0xffff),
  newBalanceFen: fen,
  tac: hex(8).nullable(),
  evidence: CardEvidenceSchema.nullable(),
  witness: JournalWitnessSchema.optional(),
}).refine((r) => r.tac !== null || r.evidence !== null, { message: 'either tac or evidence is required' });

export const UnloadedRequestSchema = z.object({ evidence: CardEvidenceSchema, witness: JournalWitnessSchema.optional() });

export const RecordsQuerySchema = z.object({
  plate: z.string().min(1).max(16),
  plateColor: z.coerce.number().int().min(0).max(255),
  from: DateSchema,
  to: DateSchema,
});

// ── answers ───────────────────────────────────────────────────────────────────────────────────────
export const HostRefundSchema = z.object({
  businessDay: DateSchema,
  expectedDate: DateSchema,
  heldForCard: z.boolean(),
  refundNo: z.string().nullable(),
  refundedAt: isoTime.nullable(),
});

export const HostOrderSchema = z.object({
  orderId: z.string().min(1),
  clientOrderId: z.string().min(1),
  status: HostOrderStatusSchema,
  channelStatus: z.string(),
  channel: HostChannelSchema,
  cardNo: z.string(),
  plate: z.string(),
  plateColor: z.number().int(),
  amountFen: fen,
  terminalId: z.string(),
  qrPayload: z.string(),
  tradeNo: z.string().nullable(),
  createdAt: isoTime,
  expiresAt: isoTime,
  paidAt: isoTime.nullable(),
  loadedAt: isoTime.nullable(),
  refund: HostRefundSchema.nullable(),
  posVoucher: PosVoucherSchema.nullable(),
});

export const SignInResponseSchema = z.object({ token: z.string().min(1), hostTime: isoTime });

export const CardCheckResponseSchema = z.object({
  cardNo: z.string(),
  loadableFen: fen,
  halfRecords: z.array(HostOrderSchema),
  unloadedRecords: z.array(HostOrderSchema),
});

export const AuthorizeResponseSchema = z.object({
  mac2: hex(8),
  hostDate: z.string().regex(/^\d{8}$/),
  hostTime: z.string().regex(/^\d{6}$/),
});

export const HostRecordSchema = HostOrderSchema.pick({
  orderId: true, clientOrderId: true, cardNo: true, plate: true, plateColor: true, amountFen: true, channel: true,
  tradeNo: true, status: true, createdAt: true, loadedAt: true, refund: true,
});
export const HostRecordsSchema = z.array(HostRecordSchema);

export const TerminalDayOrderSchema = HostOrderSchema.pick({
  orderId: true, clientOrderId: true, cardNo: true, plate: true, plateColor: true, amountFen: true, channel: true,
  channelStatus: true, status: true, tradeNo: true, terminalId: true, createdAt: true, paidAt: true, loadedAt: true,
  refund: true, posVoucher: true,
}).extend({ loadTerminalId: z.string().nullable() });

export const TerminalDayTotalSchema = z.object({
  channel: HostChannelSchema, status: HostOrderStatusSchema, count: z.number().int().min(0), amountFen: z.number().int().min(0),
});

export const TerminalDaySchema = z.object({
  terminalId: z.string(),
  day: DateSchema,
  generatedAt: isoTime,
  reconciledAt: isoTime.nullable(),
  orders: z.array(TerminalDayOrderSchema),
  totals: z.array(TerminalDayTotalSchema),
  witness: HostWitnessSchema.optional(),
});

export const HostErrorBodySchema = z.object({
  code: z.string().min(1), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

// Compile-time pins: each schema's output is exactly its interface (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Pins = [
  Same<z.infer<typeof SignInRequestSchema>, SignInRequest>,
  Same<z.infer<typeof CardCheckRequestSchema>, CardCheckRequest>,
  Same<z.infer<typeof CreateOrderRequestSchema>, CreateOrderRequest>,
  Same<z.infer<typeof PosVoucherSchema>, PosVoucher>,
  Same<z.infer<typeof OrderWaitQuerySchema>, OrderWaitQuery>,
  Same<z.infer<typeof MicropayRequestSchema>, MicropayRequest>,
  Same<z.infer<typeof AuthorizeRequestSchema>, AuthorizeRequest>,
  Same<z.infer<typeof CardEvidenceSchema>, CardEvidence>,
  Same<z.infer<typeof ConfirmRequestSchema>, ConfirmRequest>,
  Same<z.infer<typeof UnloadedRequestSchema>, UnloadedRequest>,
  Same<z.infer<typeof RecordsQuerySchema>, RecordsQuery>,
  Same<z.infer<typeof HostRefundSchema>, HostRefund>,
  Same<z.infer<typeof HostOrderSchema>, HostOrder>,
  Same<z.infer<typeof SignInResponseSchema>, SignInResponse>,
  Same<z.infer<typeof CardCheckResponseSchema>, CardCheckResponse>,
  Same<z.infer<typeof AuthorizeResponseSchema>, AuthorizeResponse>,
  Same<z.infer<typeof HostRecordSchema>, HostRecord>,
  Same<z.infer<typeof TerminalDayOrderSchema>, TerminalDayOrder>,
  Same<z.infer<typeof TerminalDayTotalSchema>, TerminalDayTotal>,
  Same<z.infer<typeof TerminalDaySchema>, TerminalDay>,
  Same<z.infer<typeof HostErrorBodySchema>, HostErrorBody>,
  Same<z.infer<typeof ChainPositionSchema>, ChainPosition>,
  Same<z.infer<typeof JournalWitnessSchema>, JournalWitness>,
  Same<z.infer<typeof HostWitnessSchema>, HostWitness>,
];
const _pins: Pins = [
  true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
  true, true, true,
];
