import { ecb, loadMessages, padIso, xor, type LoadMacInput, type Mac2Input, type TacInput } from './pboc';

/**
 * SM4 (GB/T 32907) and the purse crypto of dual-algorithm cards, for the simulators only.
 *
 * HYPOTHESIS — the SM4 purse formulas of ETC cards are not public (docs/card-protocol.md §3). What is
 * known: diversification is `SM4(MK, D ‖ NOT D)`, and SM4 secure messaging on Chinese COS pads with
 * `80 00…` to 16-byte blocks and keeps 4 bytes of the MAC. This module carries the 3DES formulas over
 * on that basis:
 *  - card key   = Div(Div(MK, issuerId), internalNo), Div(K, D) = SM4(K, D ‖ NOT D) (16 bytes);
 *  - session key SESLK = SM4(DLK, random(4) ‖ onlineSerial(2) ‖ 80 00…) — the 3DES input, padded to 16;
 *  - MAC        = SM4 CBC-MAC, IV 00×16, `80 00…` padding to 16 bytes, leftmost 4 bytes;
 *  - MAC1, MAC2, TAC cover the same bytes as on 3DES cards; the TAC key is the card's SM4 TAC key itself
 *    (SM4 has one 16-byte key, so there are no halves to XOR).
 * The simulated card and host agree on it, which is all a simulator can promise; replace it when a real
 * SM4 trace exists. The counter never computes any of it.
 */
const BLOCK = 16;

export function sm4Ecb(key: Buffer, data: Buffer, decrypt = false): Buffer {
  if (key.length !== BLOCK) throw new RangeError('SM4 key must be 16 bytes');
  if (data.length % BLOCK !== 0) throw new RangeError('SM4 data must be a multiple of 16 bytes');
  return ecb('sm4-ecb', key, data, decrypt);
}

/** SM4 diversification (dual-algorithm cards): `SM4(MK, D ‖ NOT D)` with an 8-byte factor D. */
export function diversifySm4(key: Buffer, factor: Buffer): Buffer {
  if (factor.length !== 8) throw new RangeError('diversification factor must be 8 bytes');
  const not = Buffer.from(factor.map((b) => ~b & 0xff));
  return sm4Ecb(key, Buffer.concat([factor, not]));
}

export function sm4CardKey(master: Buffer, issuerId: Buffer, internalNo: Buffer): Buffer {
  return diversifySm4(diversifySm4(master, issuerId), internalNo);
}

/** SM4 CBC-MAC with IV 0 over `data ‖ 80 00…` (16-byte blocks); the leftmost 4 bytes. */
export function sm4Mac(key: Buffer, data: Buffer): Buffer {
  const padded = padIso(data, BLOCK);
  let chain: Buffer = Buffer.alloc(BLOCK);
  for (let off = 0; off < padded.length; off += BLOCK) chain = sm4Ecb(key, xor(chain, padded.subarray(off, off + BLOCK)));
  return chain.subarray(0, 4);
}

export function sm4SessionLoadKey(dlk: Buffer, random: Buffer, onlineSerial: number): Buffer {
  const input = Buffer.alloc(6);
  random.copy(input, 0, 0, 4);
  input.writeUInt16BE(onlineSerial, 4);
  return sm4Ecb(dlk, padIso(input, BLOCK));
}

export const sm4Mac1 = (ses: Buffer, oldBalanceFen: number, i: LoadMacInput) => sm4Mac(ses, loadMessages.mac1(oldBalanceFen, i));
export const sm4Mac2 = (ses: Buffer, i: Mac2Input) => sm4Mac(ses, loadMessages.mac2(i));
export const sm4Tac = (dtk: Buffer, i: TacInput) => sm4Mac(dtk, loadMessages.tac(i));
