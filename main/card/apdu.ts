import { AppError } from '../../contract/errors';

/**
 * ISO 7816-4 short APDUs, the status words of docs/card-protocol.md §2, and the T=0 answer chaining — in one place,
 * so every reader implementation and every card command gets the same behaviour.
 */

/** A command APDU. `le` 1..256 asks for an answer (256 is encoded as `00`); absent = no answer data expected. */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  le?: number;
}

export interface ResponseApdu {
  data: Buffer;
  sw: number;
}

export const SW_OK = 0x9000;

/** Encodes cases 1 (header), 2 (Le), 3 (Lc data) and 4 (Lc data Le); short APDUs only. */
export function encodeApdu(c: CommandApdu): Buffer {
  for (const [name, v] of [['cla', c.cla], ['ins', c.ins], ['p1', c.p1], ['p2', c.p2]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`APDU ${name} out of range: ${v}`);
  }
  const parts: number[] = [c.cla, c.ins, c.p1, c.p2];
  if (c.data && c.data.length > 0) {
    if (c.data.length > 255) throw new RangeError(`APDU data too long for a short APDU: ${c.data.length}`);
    parts.push(c.data.length, ...c.data);
  }
  if (c.le !== undefined) {
    if (!Number.isInteger(c.le) || c.le < 1 || c.le > 256) throw new RangeError(`APDU Le out of range: ${c.le}`);
    parts.push(c.le & 0xff);
  }
  return Buffer.from(parts);
}

/** Upper-case hex without separators. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/** Parses hex, ignoring spaces (`"80 5C 00 02 04"`); anything else that is not hex is an error. */
export function fromHex(hex: string): Buffer {
  const s = hex.replace(/\s+/g, '');
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new RangeError(`not a hex string: ${hex}`);
  return Buffer.from(s, 'hex');
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Splits an answer into data and SW1SW2. Fewer than two bytes means no answer reached us — vpcd reports a
 * card pulled mid-command that way (docs/architecture.md §6) — so the outcome is unknown: CARD_REMOVED.
 */
export function parseResponse(raw: Uint8Array): ResponseApdu {
  if (raw.length < 2) throw new AppError('CARD_REMOVED', { answerBytes: raw.length });
  const b = Buffer.from(raw);
  return { data: b.subarray(0, b.length - 2), sw: b.readUInt16BE(b.length - 2) };
}

/** Status words with their own i18n code; everything else is CARD_SW_UNKNOWN. 63Cx is handled apart. */
const SW_CODES: Record<number, string> = {
  0x6983: 'CARD_SW_6983',
  0x9302: 'CARD_MAC_ERROR',
  0x6a82: 'CARD_SW_6A82',
  0x6a83: 'CARD_SW_6A83',
  0x6a86: 'CARD_SW_6A86',
  0x6700: 'CARD_SW_6700',
  0x6982: 'CARD_SW_6982',
  0x6985: 'CARD_SW_6985',
  0x9303: 'CARD_SW_9303',
  0x9401: 'CARD_SW_9401',
  0x9402: 'CARD_SW_9402',
  0x9403: 'CARD_SW_9403',
  0x9406: 'CARD_SW_9406',
};

/** The AppError for a status word that is not 9000. Every one carries `sw` (4 hex digits). */
export function statusError(sw: number): AppError {
  const hex = swHex(sw);
  if ((sw & 0xfff0) === 0x63c0) return new AppError('CARD_PIN_WRONG', { sw: hex, triesLeft: sw & 0x0f });
  return new AppError(SW_CODES[sw] ?? 'CARD_SW_UNKNOWN', { sw: hex });
}

/** The data of a 9000 answer, optionally checked for length; any other status word throws. */
export function expectOk(r: ResponseApdu, what: string, length?: number): Buffer {
  if (r.sw !== SW_OK) throw statusError(r.sw);
  if (length !== undefined && r.data.length !== length) {
    throw new AppError('CARD_BAD_RESPONSE', { detail: `${what}: ${r.data.length} bytes, expected ${length}` });
  }
  return r.data;
}

/** Sends raw APDU bytes and resolves with the raw answer (which may be shorter than 2 bytes). */
export type RawTransmit = (apdu: Buffer) => Promise<Buffer>;

/** More than this many 61xx/6Cxx rounds for one command means a broken card or reader, not a long answer. */
const MAX_T0_ROUNDS = 16;

/**
 * Sends one command and returns its complete answer, doing the T=0 work: `61xx` → GET RESPONSE
 * `00 C0 00 00 xx` (repeated while the card says 61xx, data concatenated), `6Cxx` → the same command
 * again with Le = xx. T=1 readers never see these status words, so the loop costs them nothing.
 */
export async function exchange(transmit: RawTransmit, command: CommandApdu): Promise<ResponseApdu> {
  let cmd = command;
  let r = parseResponse(await transmit(encodeApdu(cmd)));
  const chunks: Buffer[] = [];
  for (let round = 0; ; round++) {
    const sw1 = r.sw >> 8;
    if (sw1 !== 0x61 && sw1 !== 0x6c) break;
    if (round >= MAX_T0_ROUNDS) {
      throw new AppError('CARD_BAD_RESPONSE', { detail: `endless ${swHex(r.sw)} chain` });
    }
    const le = (r.sw & 0xff) === 0 ? 256 : r.sw & 0xff;
    if (sw1 === 0x61) {
      chunks.push(r.data);
      cmd = { cla: 0x00, ins: 0xc0, p1: 0x00, p2: 0x00, le };
    } else {
      cmd = { ...cmd, le };
    }
    r = parseResponse(await transmit(encodeApdu(cmd)));
  }
  if (chunks.length === 0) return r;
  return { data: Buffer.concat([...chunks, r.data]), sw: r.sw };
}

/** Errors that prove the command never reached the card (refused before sending, or no card to send to). */
const NOT_SENT: ReadonlySet<string> = new Set([
  'CARD_NOT_CONNECTED', 'CARD_ABSENT', 'CARD_PIN_FORMAT', 'INVALID_INPUT', 'READER_NOT_FOUND', 'READER_NONE',
]);

/**
 * Whether, after `e`, nobody knows if the command took effect on the card. Only a status word (the card
 * answered) or an error raised before sending is definite; anything else — CARD_REMOVED, CARD_TIMEOUT, a
 * broken link — is unknown. For CREDIT FOR LOAD that is the "decide from the card" case (docs/card-protocol.md §4).
 */
export function isOutcomeUnknown(e: unknown): boolean {
  if (!(e instanceof AppError)) return true;
  if (typeof e.params.sw === 'string') return false;
  return !NOT_SENT.has(e.code);
}
