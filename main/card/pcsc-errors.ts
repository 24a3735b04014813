import { AppError } from '../../contract/errors';

/** PC/SC return codes (pcsc-lite `pcsclite.h`) that decide which AppError an operator sees. */
export const SCARD = {
  E_CANCELLED: 0x80100002,
  E_INVALID_HANDLE: 0x80100003,
  E_UNKNOWN_READER: 0x80100009,
  E_TIMEOUT: 0x8010000a,
  E_SHARING_VIOLATION: 0x8010000b,
  E_NO_SMARTCARD: 0x8010000c,
  E_PROTO_MISMATCH: 0x8010000f,
  E_COMM_ERROR: 0x80100013,
  E_NOT_TRANSACTED: 0x80100016,
  E_READER_UNAVAILABLE: 0x80100017,
  E_NO_SERVICE: 0x8010001d,
  E_SERVICE_STOPPED: 0x8010001e,
  E_NO_READERS_AVAILABLE: 0x8010002e,
  E_COMM_DATA_LOST: 0x8010002f,
  W_UNSUPPORTED_CARD: 0x80100065,
  W_UNRESPONSIVE_CARD: 0x80100066,
  W_UNPOWERED_CARD: 0x80100067,
  W_RESET_CARD: 0x80100068,
  W_REMOVED_CARD: 0x80100069,
} as const;

/** Where the error happened: the same PC/SC code means "no card yet" at connect but "card pulled" later. */
export type PcscPhase = 'start' | 'connect' | 'transmit';

/** pcsclite formats errors as "SCardTransmit error: Card was removed.(0x80100069)". */
export function pcscCode(err: unknown): number | null {
  const msg = err instanceof Error ? err.message : String(err);
  const m = /\(0x([0-9a-fA-F]{8})\)/.exec(msg);
  return m?.[1] ? parseInt(m[1], 16) : null;
}

const READER_GONE: readonly number[] = [SCARD.E_UNKNOWN_READER, SCARD.E_READER_UNAVAILABLE, SCARD.E_NO_READERS_AVAILABLE];
const SERVICE_GONE: readonly number[] = [SCARD.E_NO_SERVICE, SCARD.E_SERVICE_STOPPED];
const NO_CARD: readonly number[] = [SCARD.W_REMOVED_CARD, SCARD.E_NO_SMARTCARD];
const MUTE_CARD: readonly number[] = [SCARD.W_UNRESPONSIVE_CARD, SCARD.W_UNPOWERED_CARD, SCARD.W_UNSUPPORTED_CARD, SCARD.E_NOT_TRANSACTED];
/**
 * During a transmit each of these means the command may or may not have reached the card: the card or
 * reader went away, the card was reset by someone else, or the link broke. All are CARD_REMOVED.
 */
const LOST_MID_COMMAND: readonly number[] = [
  ...NO_CARD, ...MUTE_CARD, ...READER_GONE, ...SERVICE_GONE,
  SCARD.W_RESET_CARD, SCARD.E_COMM_ERROR, SCARD.E_COMM_DATA_LOST, SCARD.E_CANCELLED,
];

/** Maps a pcsclite error to the AppError an operator can act on. */
export function mapPcscError(err: unknown, phase: PcscPhase, reader = ''): AppError {
  const code = pcscCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  const cause = { cause: err };
  if (phase === 'start') return new AppError('PCSC_UNAVAILABLE', { detail }, cause);
  if (code === null) {
    // pcsclite's own JS check when its handle is not connected.
    if (/not connected/i.test(detail)) return new AppError('CARD_NOT_CONNECTED', { reader }, cause);
    return new AppError('PCSC_ERROR', { detail }, cause);
  }
  if (code === SCARD.E_TIMEOUT) return new AppError('CARD_TIMEOUT', { reader }, cause);
  if (phase === 'transmit') {
    if (LOST_MID_COMMAND.includes(code)) return new AppError('CARD_REMOVED', { reader, pcsc: hex(code) }, cause);
    if (code === SCARD.E_INVALID_HANDLE) return new AppError('CARD_NOT_CONNECTED', { reader }, cause);
    return new AppError('PCSC_ERROR', { detail }, cause);
  }
  if (NO_CARD.includes(code)) return new AppError('CARD_ABSENT', { reader }, cause);
  if (MUTE_CARD.includes(code)) return new AppError('CARD_UNRESPONSIVE', { reader }, cause);
  if (READER_GONE.includes(code)) return new AppError('READER_NOT_FOUND', { reader }, cause);
  if (SERVICE_GONE.includes(code)) return new AppError('PCSC_UNAVAILABLE', { detail }, cause);
  if (code === SCARD.E_SHARING_VIOLATION) return new AppError('CARD_IN_USE', { reader }, cause);
  return new AppError('PCSC_ERROR', { detail }, cause);
}

function hex(code: number): string {
  return `0x${code.toString(16).toUpperCase()}`;
}
