import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { cardKey } from './pboc';

/** The key file of docs/architecture.md §4, shared by the host simulator and virtual cards. */
const hex32 = z.string().regex(/^[0-9a-fA-F]{32}$/, 'key must be 32 hex digits');
export const KeyFileSchema = z.object({
  masterKeys: z.array(
    z.object({
      usage: z.enum(['load', 'tac', 'purchase', 'pin']),
      keyIndex: z.number().int().min(0).max(255),
      version: z.number().int().min(0).max(255),
      alg: z.enum(['3des', 'sm4']),
      key: hex32,
    }),
  ),
});
export type KeyFile = z.infer<typeof KeyFileSchema>;
export type MasterKey = KeyFile['masterKeys'][number];

export function loadKeyFile(path: string): KeyFile {
  return KeyFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export function findMasterKey(keys: KeyFile, usage: MasterKey['usage'], keyIndex?: number): MasterKey {
  const k = keys.masterKeys.find((m) => m.usage === usage && (keyIndex === undefined || m.keyIndex === keyIndex));
  if (!k) throw new Error(`no ${usage} master key${keyIndex === undefined ? '' : ` with index ${keyIndex}`} in key file`);
  return k;
}

/** A card's diversified key for `usage` (docs/card-protocol.md §3), from its 0015 issuer id and internal number. */
export function deriveCardKey(keys: KeyFile, usage: MasterKey['usage'], issuerIdHex: string, internalNoHex: string, keyIndex?: number): Buffer {
  const mk = findMasterKey(keys, usage, keyIndex);
  if (mk.alg !== '3des') throw new Error('SM4 card keys are not supported yet (docs/card-protocol.md §3: formulas UNCONFIRMED)');
  return cardKey(Buffer.from(mk.key, 'hex'), Buffer.from(issuerIdHex, 'hex'), Buffer.from(internalNoHex, 'hex'));
}
