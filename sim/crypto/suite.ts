import { cardKey, mac1, mac2, sessionLoadKey, tac, type LoadMacInput, type Mac2Input, type TacInput } from './pboc';
import { sm4CardKey, sm4Mac1, sm4Mac2, sm4SessionLoadKey, sm4Tac } from './sm4';

/**
 * The purse crypto of one card algorithm, as the virtual card and the host simulator both use it
 * (docs/card-protocol.md §3). `3des` is PBOC as published (golden vectors in pboc.test.ts); `sm4` is a
 * HYPOTHESIS (./sm4.ts) until a real SM4 trace exists. Which one a load uses follows the key index the
 * counter sent INIT (01 → 3DES, 41 → SM4) and, on the host, the algorithm id INIT answered.
 */
export type SuiteAlg = '3des' | 'sm4';

export interface LoadSuite {
  readonly alg: SuiteAlg;
  /** True for the suite whose formulas are guessed, not published. */
  readonly hypothesis: boolean;
  /** A card's key from a master key: `Div(Div(master, issuerId), internalNo)`. */
  cardKey(master: Buffer, issuerId: Buffer, internalNo: Buffer): Buffer;
  sessionLoadKey(dlk: Buffer, random: Buffer, onlineSerial: number): Buffer;
  mac1(sesLk: Buffer, oldBalanceFen: number, i: LoadMacInput): Buffer;
  mac2(sesLk: Buffer, i: Mac2Input): Buffer;
  tac(dtk: Buffer, i: TacInput): Buffer;
}

export const PBOC_3DES: LoadSuite = { alg: '3des', hypothesis: false, cardKey, sessionLoadKey, mac1, mac2, tac };

export const SM4_HYPOTHESIS: LoadSuite = {
  alg: 'sm4', hypothesis: true, cardKey: sm4CardKey, sessionLoadKey: sm4SessionLoadKey, mac1: sm4Mac1, mac2: sm4Mac2, tac: sm4Tac,
};

export function loadSuite(alg: SuiteAlg): LoadSuite {
  return alg === 'sm4' ? SM4_HYPOTHESIS : PBOC_3DES;
}
