/**
 * Which load key INITIALIZE FOR LOAD names (docs/card-protocol.md §2–3): a card whose version (0015 byte
 * 9) has the high nibble 5 holds both algorithms and is loaded with its SM4 key; every other card with
 * its 3DES key. The indexes are the issuer's (settings `loadKeyIndex`): 01 and 41 where nothing else is known.
 */
export interface LoadKeyIndexes {
  /** The 3DES load key (DLK), 01. */
  tdes: number;
  /** The SM4 load key of a dual-algorithm card, 41. */
  sm4: number;
}

export const DEFAULT_LOAD_KEYS: LoadKeyIndexes = { tdes: 0x01, sm4: 0x41 };

/** True for a dual-algorithm (SM4) card: card version 0x50–0x5F. */
export function isDualAlgorithm(cardVersion: number): boolean {
  return cardVersion >> 4 === 5;
}

export function loadKeyIndex(cardVersion: number, keys: LoadKeyIndexes = DEFAULT_LOAD_KEYS): number {
  return isDualAlgorithm(cardVersion) ? keys.sm4 : keys.tdes;
}
