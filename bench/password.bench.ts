/**
 * `node --import tsx bench/password.bench.ts` — what a sign-in costs in scrypt (main/auth/password.ts):
 * hashing and verifying at today's N=2^17 and at the former N=2^15, and the first sign-in after an
 * upgrade (verify the old hash + make the new one). Prints medians; asserts nothing.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { hashPassword, SCRYPT, verifyPassword } from '../main/auth/password';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;
}

const password = 'counter-pass-1';
const today = await hashPassword(password);
const salt = randomBytes(16);
const older = ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'),
  scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 2 ** 20 }).toString('base64')].join('$');

const hash = await median(() => hashPassword(password));
const verify = await median(() => verifyPassword(password, today));
const verifyOld = await median(() => verifyPassword(password, older));
console.log(`scrypt per sign-in (${RUNS} runs each, medians; ${128 * SCRYPT.N * SCRYPT.r / 2 ** 20} MiB per derivation at N=2^17)`);
console.log(`  hash,   N=2^17   ${hash.toFixed(0)} ms`);
console.log(`  verify, N=2^17   ${verify.toFixed(0)} ms   (a sign-in)`);
console.log(`  verify, N=2^15   ${verifyOld.toFixed(0)} ms   (before migration 4)`);
console.log(`  upgrade sign-in  ${(verifyOld + hash).toFixed(0)} ms   (once per account: verify the old hash, make the new one)`);
