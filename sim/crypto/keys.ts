import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../contract/errors';
import { loadSuite, type SuiteAlg } from './suite';

/**
 * The key file of docs/architecture.md §4, shared by the host simulator and virtual cards. It holds
 * TRAINING master keys only: the file must say so in `purpose`, and the loader refuses one that does
 * not — a real issuer's keys live in the issuer's key store, never in a file the simulators read.
 * Load keys are found by key index (01 = 3DES, 41 = SM4 on dual-algorithm cards); TAC keys by algorithm.
 */
const hex32 = z.string().regex(/^[0-9a-fA-F]{32}$/, 'key must be 32 hex digits');
const MasterKeySchema = z.object({
  usage: z.enum(['load', 'tac', 'purchase', 'pin']),
  keyIndex: z.number().int().min(0).max(255),
  version: z.number().int().min(0).max(255),
  alg: z.enum(['3des', 'sm4']),
  key: hex32,
});
export const KeyFileSchema = z.object({
  purpose: z.string().regex(/training/i, 'purpose must declare the keys as training keys ("training and tests only …")'),
  masterKeys: z.array(MasterKeySchema).refine(
    (ks) => new Set(ks.map((k) => `${k.usage}/${k.keyIndex}`)).size === ks.length,
    'each usage + keyIndex may appear once',
  ),
});
export type KeyFile = z.infer<typeof KeyFileSchema>;
export type MasterKey = KeyFile['masterKeys'][number];

/** Reads and checks a key file; a file that is not one (or not a training one) is refused with SIM_KEYS_INVALID. */
export function loadKeyFile(path: string): KeyFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AppError('SIM_KEYS_INVALID', { file: path, detail: e instanceof Error ? e.message : String(e) }, { cause: e });
  }
  const r = KeyFileSchema.safeParse(json);
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('SIM_KEYS_INVALID', { file: path, detail });
  }
  return r.data;
}

export interface MasterKeyQuery { keyIndex?: number; alg?: SuiteAlg; version?: number }

/**
 * The master key for `usage` matching the query; with neither key index nor algorithm given, the 3DES
 * one (what every card has). Throws when the file has none.
 */
export function findMasterKey(keys: KeyFile, usage: MasterKey['usage'], query: number | MasterKeyQuery = {}): MasterKey {
  const q: MasterKeyQuery = typeof query === 'number' ? { keyIndex: query } : query;
  const alg = q.alg ?? (q.keyIndex === undefined ? '3des' : undefined);
  const k = keys.masterKeys.find((m) => m.usage === usage && (q.keyIndex === undefined || m.keyIndex === q.keyIndex)
    && (alg === undefined || m.alg === alg) && (q.version === undefined || m.version === q.version));
  if (!k) throw new Error(`no ${usage} master key matching ${JSON.stringify(q)} in key file`);
  return k;
}

/** A card's diversified key (docs/card-protocol.md §3) with its master's algorithm, from 0015 issuer id and internal number. */
export function deriveCardKey(
  keys: KeyFile, usage: MasterKey['usage'], issuerIdHex: string, internalNoHex: string, query: number | MasterKeyQuery = {},
): Buffer {
  const mk = findMasterKey(keys, usage, query);
  return loadSuite(mk.alg).cardKey(Buffer.from(mk.key, 'hex'), Buffer.from(issuerIdHex, 'hex'), Buffer.from(internalNoHex, 'hex'));
}
