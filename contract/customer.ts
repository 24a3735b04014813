import type { Fen } from './money';

/**
 * The customer display (客显, docs/ui.md "Customer display"): what the customer's window shows, and the
 * messages by which the clerk's window tells it. Both windows are pages of the counter's own origin; the
 * clerk's posts on the BroadcastChannel `CUSTOMER_CHANNEL`, the customer's answers nothing but a hello. No
 * other data of the clerk's screen ever crosses: a view holds only what the customer is shown. Written without
 * zod on purpose — the clerk's first view imports it — and checked by hand (`readCustomerMessage`).
 */
export const CUSTOMER_CHANNEL = 'etc-counter/customer-display';
/** The clerk's window says its view again this often, so that a display opened later, or a lost message, catches up. */
export const CUSTOMER_HEARTBEAT_MS = 3_000;
/** A display that has heard nothing this long (the clerk's window closed) goes back to its welcome. */
export const CUSTOMER_STALE_MS = 12_000;

export type CustomerPayWay = 'qr' | 'code' | 'pos';
export type CustomerQrChannel = 'wechat' | 'alipay';

/** The plate the customer recognises the card by; colour as the card codes it (contract/card.ts PLATE_COLORS). */
export interface CustomerPlate { plate: string; color: number }

export type CustomerScreen =
  /** Nothing under way (or the clerk's window is locked or signed out): a welcome. */
  | { screen: 'idle' }
  /** The amount the clerk asks the customer to confirm, in figures and in 大写. */
  | { screen: 'confirm'; amountFen: Fen; plate: CustomerPlate | null }
  /** How to pay: the QR code to scan (支付二维码), the customer's own payment code (付款码) or the POS. */
  | { screen: 'pay'; way: CustomerPayWay; channel: CustomerQrChannel | null; qrPayload: string | null; amountFen: Fen; plate: CustomerPlate | null }
  /** The card is being written: 请勿拔卡. */
  | { screen: 'loading'; amountFen: Fen; plate: CustomerPlate | null }
  /** Loaded: the balance before and after. */
  | { screen: 'done'; amountFen: Fen; balanceBeforeFen: Fen; balanceAfterFen: Fen; plate: CustomerPlate | null }
  /** Not loaded (cancelled, refused, interrupted): the clerk explains; nothing technical on the customer's screen. */
  | { screen: 'not-done'; amountFen: Fen };

export type CustomerView = CustomerScreen & { training: boolean };

export type CustomerMessage =
  /** The clerk's window: its view, `seq` counting up per sender `from`. */
  | { kind: 'view'; from: string; seq: number; view: CustomerView }
  /** A display that has just opened asks for the view. */
  | { kind: 'hello' };

const MAX_FEN = 1_000_000_000_000; // far above any card's balance: a bound, not a business rule
const isFen = (x: unknown): x is Fen => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 && x <= MAX_FEN;
const isText = (x: unknown, max: number): x is string => typeof x === 'string' && x.length <= max;
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function readPlate(x: unknown): CustomerPlate | null | undefined {
  if (x === null) return null;
  if (!isObject(x) || !isText(x.plate, 16) || typeof x.color !== 'number' || !Number.isInteger(x.color) || x.color < 0 || x.color > 255) return undefined;
  return { plate: x.plate, color: x.color };
}

/** A view as received, or null when it is not one (anything malformed is ignored, never shown). */
export function readCustomerView(x: unknown): CustomerView | null {
  if (!isObject(x) || typeof x.training !== 'boolean') return null;
  const training = x.training;
  const plate = readPlate(x.plate ?? null);
  switch (x.screen) {
    case 'idle':
      return { screen: 'idle', training };
    case 'confirm':
    case 'loading':
      if (!isFen(x.amountFen) || plate === undefined) return null;
      return { screen: x.screen, amountFen: x.amountFen, plate, training };
    case 'pay': {
      const way = x.way === 'qr' || x.way === 'code' || x.way === 'pos' ? x.way : null;
      const channel = x.channel === 'wechat' || x.channel === 'alipay' ? x.channel : x.channel === null ? null : undefined;
      const qrPayload = x.qrPayload === null || isText(x.qrPayload, 2048) ? x.qrPayload : undefined;
      if (!way || channel === undefined || qrPayload === undefined || !isFen(x.amountFen) || plate === undefined) return null;
      return { screen: 'pay', way, channel, qrPayload, amountFen: x.amountFen, plate, training };
    }
    case 'done':
      if (!isFen(x.amountFen) || !isFen(x.balanceBeforeFen) || !isFen(x.balanceAfterFen) || plate === undefined) return null;
      return { screen: 'done', amountFen: x.amountFen, balanceBeforeFen: x.balanceBeforeFen, balanceAfterFen: x.balanceAfterFen, plate, training };
    case 'not-done':
      return isFen(x.amountFen) ? { screen: 'not-done', amountFen: x.amountFen, training } : null;
    default:
      return null;
  }
}

/** A message as received on the channel, or null when it is none of ours. */
export function readCustomerMessage(x: unknown): CustomerMessage | null {
  if (!isObject(x)) return null;
  if (x.kind === 'hello') return { kind: 'hello' };
  if (x.kind !== 'view' || !isText(x.from, 64) || x.from === '' || typeof x.seq !== 'number' || !Number.isSafeInteger(x.seq)) return null;
  const view = readCustomerView(x.view);
  return view ? { kind: 'view', from: x.from, seq: x.seq, view } : null;
}
