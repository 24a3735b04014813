import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../../contract/errors';

/**
 * Password hashes: scrypt with N=2^17, r=8, p=1, a 16-byte salt and a 32-byte key, stored as
 * `scrypt$N$r$p$salt$hash` (salt and hash base64). The parameters travel with the hash, so an older
 * hash (N=2^15 before journal migration 4) still verifies, and sign-in replaces it with one of today's
 * parameters (`needsUpgrade`). Recovery codes (recovery.ts) are hashed the same way.
 *
 * scrypt needs 128·N·r bytes: 128 MiB at these parameters, so one derivation runs at a time (a burst of
 * sign-ins or guesses queues instead of taking half a gigabyte), and a stored hash asking for more than
 * today's N is refused unread rather than run.
 */
export const SCRYPT = { N: 2 ** 17, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

/** New passwords (training's demo accounts excepted): at least 8 characters and not only digits. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** Node refuses when 128·N·r exceeds maxmem; a little headroom over exactly that. */
const maxmem = (N: number, r: number): number => 128 * N * r + 2 ** 20;

let queue: Promise<unknown> = Promise.resolve();

function scrypt(secret: string, salt: Buffer, keylen: number, o: ScryptOptions): Promise<Buffer> {
  const run = (): Promise<Buffer> => new Promise((resolve, reject) => {
    scryptCb(secret.normalize('NFC'), salt, keylen, o, (err, key) => (err ? reject(err) : resolve(key)));
  });
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = SCRYPT;
  const salt = randomBytes(SCRYPT.saltBytes);
  const key = await scrypt(password, salt, SCRYPT.keyBytes, { N, r, p, maxmem: maxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface Parsed { N: number; r: number; p: number; salt: Buffer; key: Buffer }

function parse(stored: string): Parsed | null {
  const [tag, n, r, p, salt, key] = stored.split('$');
  if (tag !== 'scrypt' || salt === undefined || key === undefined) return null;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  // Bounds keep a tampered row from asking for more memory or time than today's parameters.
  const sane = Number.isInteger(N) && N >= 2 ** 10 && N <= SCRYPT.N && (N & (N - 1)) === 0 &&
    Number.isInteger(R) && R >= 1 && R <= SCRYPT.r && Number.isInteger(P) && P >= 1 && P <= 4;
  if (!sane) return null;
  const out = { N, r: R, p: P, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
  return out.salt.length >= 8 && out.key.length >= 16 ? out : null;
}

/** Timing-safe: the whole derived key is compared with `timingSafeEqual`. An unreadable hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (!h) return false;
  const got = await scrypt(password, h.salt, h.key.length, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h.N, h.r) });
  return timingSafeEqual(got, h.key);
}

/** True when a (verified) hash was made with weaker parameters than today's: sign-in re-hashes it. */
export function needsUpgrade(stored: string): boolean {
  const h = parse(stored);
  return h !== null && (h.N < SCRYPT.N || h.r !== SCRYPT.r || h.p !== SCRYPT.p || h.key.length !== SCRYPT.keyBytes || h.salt.length < SCRYPT.saltBytes);
}

/** The N of a stored hash (for the audit row of an upgrade), or null when unreadable. */
export function costOf(stored: string): number | null {
  return parse(stored)?.N ?? null;
}

/** Throws the rule a new password breaks: AUTH_PASSWORD_TOO_SHORT, _TOO_LONG, _DIGITS_ONLY or _SAME_AS_ID. */
export function checkPasswordPolicy(password: string, operatorId: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) throw new AppError('AUTH_PASSWORD_TOO_SHORT', { min: PASSWORD_MIN_LENGTH });
  if (length > PASSWORD_MAX_LENGTH) throw new AppError('AUTH_PASSWORD_TOO_LONG', { max: PASSWORD_MAX_LENGTH });
  if (/^\d+$/.test(password)) throw new AppError('AUTH_PASSWORD_DIGITS_ONLY');
  if (password.toLowerCase() === operatorId.toLowerCase()) throw new AppError('AUTH_PASSWORD_SAME_AS_ID');
}

/**
 * A hash of nothing anyone knows: an unknown operator id is checked against it, so that it costs the same
 * scrypt time as a wrong password and cannot be told apart by timing.
 */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(18).toString('base64'));
  return decoy;
}
