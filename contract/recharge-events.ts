import { z } from 'zod';

/**
 * What each journal event of a recharge records (docs/architecture.md §2): one shape per step of the recharge
 * machine, told apart by `step`. The engine writes only these; the journal decodes every stored event into one
 * of them (`decodeEventData`), older journals' untyped events included, so nothing downstream guesses at fields.
 */

const fen = z.number().int();
const hex = z.string();
const hostStatus = z.enum(['AWAITING_PAYMENT', 'PAID', 'CLOSED', 'LOADED', 'UNLOADED', 'REFUNDING', 'REFUNDED']);

export const CardEvidenceSchema = z.object({
  balanceFen: fen,
  onlineSerial: z.number().int(),
  loadRecord: z.object({ serial: z.number().int(), amountFen: fen, terminalId: z.string(), at: z.string() }).nullable(),
});

const voucher = z.object({
  merchantNo: z.string(), posTerminalNo: z.string(), batchNo: z.string().nullable(), voucherNo: z.string(),
  referenceNo: z.string(), authCode: z.string().nullable(), cardNoMasked: z.string().nullable(), at: z.string(),
});

const refund = z.object({
  businessDay: z.string(), expectedDate: z.string(), heldForCard: z.boolean(),
  refundNo: z.string().nullable(), refundedAt: z.string().nullable(),
});

/** What the confirmation of a load told (or tells) the host: the TAC, or the card's evidence. */
const confirmation = z.object({ onlineSerial: z.number().int(), newBalanceFen: fen, tac: z.string().nullable(), evidence: CardEvidenceSchema.nullable() });

/** An external side effect about to happen (docs/architecture.md §2, write-ahead intents) and until when its outcome may still arrive. */
export const INTENT_ACTIONS = ['create-order', 'close-order', 'micropay', 'pos-charge', 'init', 'unloaded'] as const;
export type IntentAction = (typeof INTENT_ACTIONS)[number];

/** How a card decision was reached (decide.ts): an interrupted load, a load this journal never authorized, a supervisor's re-check. */
export const DECISION_VIA = ['interrupted', 'elsewhere', 'foreign', 'resolution', 'card-refused'] as const;

export const EventDataSchema = z.discriminatedUnion('step', [
  /** READ: the card was read and the recharge opened (how the customer will pay). */
  z.object({
    step: z.literal('opened'), cardVersion: z.number().int().nullable(), validUntil: z.string().nullable(),
    entry: z.enum(['qr', 'code', 'pos-manual', 'pos-mis']), pos: z.string().nullable(), authCode: z.string().nullable(),
  }),
  /** READ: a paid host order this journal did not hold, taken over for 圈存 here. */
  z.object({
    step: z.literal('adopted'), orderId: z.string(), terminalId: z.string(), hostStatus, cancelledTwin: z.string().nullable(),
  }),
  /** Any state: the journal's promise of a side effect outside the process, written before it happens. */
  z.object({
    step: z.literal('intent'), action: z.enum(INTENT_ACTIONS), deadline: z.string().nullable(), amountFen: fen.nullable(),
    authCode: z.string().nullable(),
  }),
  /** READ or CANCELLED: what the integrated POS answered (CANCELLED: an approval that came for a recharge already ended — owed). */
  z.object({
    step: z.literal('pos'), outcome: z.enum(['approved', 'declined', 'unknown', 'not-found', 'owed']),
    answerCode: z.string().nullable(), message: z.string().nullable(), voucher: voucher.nullable(), error: z.string().nullable(),
  }),
  /** ORDERED: the host order exists. */
  z.object({ step: z.literal('ordered'), orderId: z.string(), channelStatus: z.string().nullable() }),
  /** ORDERED: the customer's payment code was answered: still being confirmed on the phone, or refused. */
  z.object({
    step: z.literal('micropay'), outcome: z.enum(['waiting', 'refused']), channelStatus: z.string().nullable(),
    hostCode: z.string().nullable(), message: z.string().nullable(),
  }),
  /** ORDERED: the acquirer's full POS slip, as the host answered the order. */
  z.object({ step: z.literal('acquirer-slip'), voucher }),
  /** PAID: the host reported the payment. */
  z.object({ step: z.literal('paid'), hostStatus, channelStatus: z.string().nullable() }),
  /** CANCELLED / UNLOADED / REFUNDING / REFUNDED / NEEDS_ADMIN on the host's word alone (docs/architecture.md §3a). */
  z.object({
    step: z.literal('host-word'), hostStatus, channelStatus: z.string().nullable(), refund: refund.nullable(), reason: z.string().nullable(),
  }),
  /** CANCELLED: the order was closed unpaid (by the operator, on expiry, on resume) or never made. */
  z.object({
    step: z.literal('cancelled'), by: z.enum(['operator', 'expired', 'resume', 'pos-none', 'code-refused']),
    orderId: z.string().nullable(), channelStatus: z.string().nullable(),
  }),
  /** CANCELLED: the host refused the POS slip; a slip the POS charged is voided on the POS the same day. */
  z.object({ step: z.literal('pos-refused'), hostCode: z.string(), message: z.string(), voidOnPos: z.boolean() }),
  /** INIT: INITIALIZE FOR LOAD answered. */
  z.object({
    step: z.literal('init'), oldBalanceFen: fen, onlineSerial: z.number().int(), random: hex, mac1: hex,
    keyVersion: z.number().int(), algId: z.number().int(), keyIndex: z.number().int(), cardVersion: z.number().int(),
  }),
  /** AUTHORIZED: the host's MAC2 — the intent of CREDIT FOR LOAD, durable before it is sent. */
  z.object({
    step: z.literal('authorized'), mac2: hex, hostDate: z.string(), hostTime: z.string(), oldBalanceFen: fen, onlineSerial: z.number().int(),
  }),
  /** WRITTEN: the card took the load (its TAC), or a decision from the card proved it (`decision`). */
  z.object({ step: z.literal('written'), tac: z.string().nullable(), newBalanceFen: fen, evidence: CardEvidenceSchema.nullable() }),
  /** Any state a card decision moves to: what the card showed and what it was taken to mean. */
  z.object({
    step: z.literal('decision'), via: z.enum(DECISION_VIA), verdict: z.enum(['LOADED', 'NOT_LOADED', 'CONTRADICTION', 'UNCLEAR']),
    reason: z.string(), evidence: CardEvidenceSchema.nullable(), hostStatus: hostStatus.nullable(),
    /** `foreign`: what the confirmation of another terminal's load found on the card will say. */
    confirmation: confirmation.nullable(),
    /** `card-refused`: the card's (or the host's) refusal before anything was written: 9402, an expired card … */
    refusal: z.string().nullable(),
    /** `resolution`: the supervisor who presented the card, the note, the outcome and the error it had before. */
    resolution: z.object({
      by: z.string(), note: z.string().nullable(), outcome: z.enum(['CONFIRMED', 'UNLOADED', 'UNRESOLVED']), previousError: z.string().nullable(),
    }).nullable(),
  }),
  /** CONFIRMED: the host accepted the TAC or the evidence. */
  z.object({ step: z.literal('confirmed'), hostStatus }),
  /** VERIFIED: the balance read back. */
  z.object({ step: z.literal('verified'), balanceFen: fen }),
  /** NEEDS_ADMIN: the balance read back after 已圈存 is not the one expected. */
  z.object({ step: z.literal('balance-mismatch'), balanceFen: fen, expectedFen: fen }),
  /** NEEDS_ADMIN: the host refused the card's own proof (or its evidence). */
  z.object({
    step: z.literal('host-refused'), hostCode: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])),
    request: confirmation.nullable(), evidence: CardEvidenceSchema.nullable(),
  }),
  /** The same state again: the program was made to quit (shut down, SIGTERM) while this recharge's card step was in flight. */
  z.object({ step: z.literal('forced-quit'), reason: z.string() }),
  /** The same state again: an attempt that failed without anything new having happened (host down, card pulled). */
  z.object({ step: z.literal('error'), code: z.string() }),
  /** An event of an older journal whose shape is not one of these (kept as its JSON text; shown as it is). */
  z.object({ step: z.literal('legacy'), json: z.string() }),
]);

export type EventData = z.infer<typeof EventDataSchema>;
export type EventStep = EventData['step'];
/** The event of one step, by its name: `StepData<'init'>`. */
export type StepData<S extends EventStep> = Extract<EventData, { step: S }>;
export type CardEvidenceData = z.infer<typeof CardEvidenceSchema>;

/** A decision from the card, with the fields a `via` does not use left empty. */
export function decisionData(
  via: StepData<'decision'>['via'], d: Pick<StepData<'decision'>, 'verdict' | 'reason' | 'evidence' | 'hostStatus'> & Partial<StepData<'decision'>>,
): StepData<'decision'> {
  return { step: 'decision', via, confirmation: null, refusal: null, resolution: null, ...d };
}

/** The supervisor's resolution recorded by a decision event, or null. */
export function resolutionOf(d: EventData): StepData<'decision'>['resolution'] {
  return d.step === 'decision' ? d.resolution : null;
}

/** The host status an event recorded, where it recorded one. */
export function hostStatusOf(d: EventData): z.infer<typeof hostStatus> | null {
  switch (d.step) {
    case 'adopted': case 'paid': case 'host-word': case 'confirmed': return d.hostStatus;
    case 'decision': return d.hostStatus;
    default: return null;
  }
}

/** The card evidence an event recorded, where it recorded some. */
export function evidenceOf(d: EventData): CardEvidenceData | null {
  switch (d.step) {
    case 'written': case 'decision': case 'host-refused': return d.evidence;
    default: return null;
  }
}
