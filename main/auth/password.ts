import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes: scrypt with N=2^15, r=8, p=1, a 16-byte salt and a 32-byte key, stored as
 * `scrypt$N$r$p$salt$hash` (salt and hash base64). The parameters travel with the hash, so raising them
 * later leaves old hashes verifiable.
 */
export const SCRYPT = { N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

function scrypt(password: string, salt: Buffer, keylen: number, o: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFC'), salt, keylen, o, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that at N=2^15, r=8, so allow headroom. */
const maxmem = (N: number, r: number): number => 128 * N * r * 2;

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
  // Bounds keep a tampered row from asking for gigabytes of memory.
  const sane = Number.isInteger(N) && N >= 2 ** 10 && N <= 2 ** 20 && (N & (N - 1)) === 0 &&
    Number.isInteger(R) && R >= 1 && R <= 32 && Number.isInteger(P) && P >= 1 && P <= 16;
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

/**
 * A hash of nothing anyone knows: an unknown operator id is checked against it, so that it costs the same
 * scrypt time as a wrong password and cannot be told apart by timing.
 */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(18).toString('base64'));
  return decoy;
}
