/**
 * Command APDUs as the virtual card receives them, status words it answers, and its ATRs.
 * References: ISO/IEC 7816-3 (ATR, T=0 TPDUs) and 7816-4 (APDU cases); docs/card-protocol.md §2 for the words.
 */

export const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  PIN_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  NO_CURRENT_EF: 0x6986,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  RECORD_NOT_FOUND: 0x6a83,
  WRONG_P1P2: 0x6a86,
  WRONG_OFFSET: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  MAC_ERROR: 0x9302,
  OUT_OF_RANGE: 0x9402,
  KEY_NOT_FOUND: 0x9403,
  MAC_NOT_AVAILABLE: 0x9406,
} as const;

/** 63Cx: wrong PIN, x tries left. */
export const swPinTriesLeft = (n: number): number => 0x63c0 | (n & 0x0f);
/** 6Cxx: wrong Le, xx is the length the card has (00 = 256). */
export const swWrongLe = (n: number): number => 0x6c00 | (n & 0xff);
/** 61xx (T=0): xx bytes wait for GET RESPONSE. */
export const swBytesAvailable = (n: number): number => 0x6100 | (n & 0xff);

export const INS = {
  VERIFY: 0x20,
  INITIALIZE: 0x50,
  CREDIT_FOR_LOAD: 0x52,
  GET_TRANSACTION_PROVE: 0x5a,
  GET_BALANCE: 0x5c,
  SELECT: 0xa4,
  READ_BINARY: 0xb0,
  READ_RECORD: 0xb2,
  GET_RESPONSE: 0xc0,
} as const;

/** ISO commands use CLA 00, the PBOC purse commands CLA 80. */
const INS_CLASS: Record<number, number> = {
  [INS.VERIFY]: 0x00,
  [INS.SELECT]: 0x00,
  [INS.READ_BINARY]: 0x00,
  [INS.READ_RECORD]: 0x00,
  [INS.GET_RESPONSE]: 0x00,
  [INS.INITIALIZE]: 0x80,
  [INS.CREDIT_FOR_LOAD]: 0x80,
  [INS.GET_TRANSACTION_PROVE]: 0x80,
  [INS.GET_BALANCE]: 0x80,
};

/** Commands whose P3 is Le under T=0 (ISO case 2); the others carry data (P3 = Lc). */
const OUTGOING = new Set<number>([INS.READ_BINARY, INS.READ_RECORD, INS.GET_BALANCE, INS.GET_RESPONSE]);

export interface Command {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Buffer;
  /** Ne: null when absent, 256 for a 00 byte. */
  le: number | null;
}

export type Parsed = { ok: true; cmd: Command } | { ok: false; sw: number };

/** True for a case-2 command: the card's answer goes straight back, even under T=0. */
export function isOutgoing(ins: number): boolean {
  return OUTGOING.has(ins);
}

/**
 * Checks class and instruction, then splits the APDU. Under T=1 this is the ISO short-APDU grammar.
 * Under T=0 the card sees a TPDU and knows from INS what P3 means; an APDU-speaking application often
 * still appends Le to a case-4 command, which a T=0 card never receives, so that byte is ignored.
 */
export function parseCommand(apdu: Buffer, protocol: 'T0' | 'T1'): Parsed {
  if (apdu.length < 4) return { ok: false, sw: SW.WRONG_LENGTH };
  const [cla, ins, p1, p2] = [apdu[0] ?? 0, apdu[1] ?? 0, apdu[2] ?? 0, apdu[3] ?? 0];
  // Secure-messaging variants (04/84) are not offered: PBOC loads run in plain.
  if (cla !== 0x00 && cla !== 0x80) return { ok: false, sw: SW.CLA_NOT_SUPPORTED };
  const cls = INS_CLASS[ins];
  if (cls === undefined) return { ok: false, sw: SW.INS_NOT_SUPPORTED };
  if (cls !== cla) return { ok: false, sw: SW.CLA_NOT_SUPPORTED };
  const head = { cla, ins, p1, p2 };
  const body = apdu.subarray(4);
  if (protocol === 'T0') {
    const p3 = body[0] ?? 0;
    if (isOutgoing(ins)) {
      if (body.length > 1) return { ok: false, sw: SW.WRONG_LENGTH };
      return { ok: true, cmd: { ...head, data: Buffer.alloc(0), le: p3 === 0 ? 256 : p3 } };
    }
    if (body.length === 0) return { ok: true, cmd: { ...head, data: Buffer.alloc(0), le: null } };
    if (body.length !== 1 + p3 && body.length !== 2 + p3) return { ok: false, sw: SW.WRONG_LENGTH };
    return { ok: true, cmd: { ...head, data: Buffer.from(body.subarray(1, 1 + p3)), le: null } };
  }
  if (body.length === 0) return { ok: true, cmd: { ...head, data: Buffer.alloc(0), le: null } };
  if (body.length === 1) return { ok: true, cmd: { ...head, data: Buffer.alloc(0), le: body[0] || 256 } };
  const lc = body[0] ?? 0;
  if (lc === 0) return { ok: false, sw: SW.WRONG_LENGTH }; // extended APDUs: not on this card
  const data = Buffer.from(body.subarray(1, 1 + lc));
  if (body.length === 1 + lc) return { ok: true, cmd: { ...head, data, le: null } };
  if (body.length === 2 + lc) return { ok: true, cmd: { ...head, data, le: body[1 + lc] || 256 } };
  return { ok: false, sw: SW.WRONG_LENGTH };
}

/** Data ‖ SW1 SW2. */
export function respond(sw: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.alloc(data.length + 2);
  data.copy(out, 0);
  out.writeUInt16BE(sw, data.length);
  return out;
}

/** Proprietary historical bytes (a category byte other than 00/10/80 means "not ISO coded"). */
const HISTORICAL = Buffer.from('ETC CPU1', 'ascii');

/**
 * Answer-to-reset. T=0: `3B 68 00 00 …` (TB1, TC1, no TD1 — a card without TD1 speaks only T=0, and
 * takes no TCK). T=1: `3B 88 81 31 FE 45 … TCK` — TD1 and TD2 announce T=1 with IFSC 254 (TA3) and
 * BWI 4 / CWI 5 (TB3); a card that offers T=1 must end with TCK, the XOR of T0 through the last byte.
 */
export function buildAtr(protocol: 'T0' | 'T1'): Buffer {
  if (protocol === 'T0') return Buffer.concat([Buffer.from([0x3b, 0x60 | HISTORICAL.length, 0x00, 0x00]), HISTORICAL]);
  const body = Buffer.concat([Buffer.from([0x80 | HISTORICAL.length, 0x81, 0x31, 0xfe, 0x45]), HISTORICAL]);
  const tck = body.reduce((x, b) => x ^ b, 0);
  return Buffer.concat([Buffer.from([0x3b]), body, Buffer.from([tck])]);
}
