import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * PBOC / JR/T 0025 electronic-purse cryptography for 3DES cards (docs/card-protocol.md §3).
 * Only the simulators and tests hold keys: the desktop app never imports this module.
 */

/** One ECB pass of OpenSSL cipher `alg` without padding (also used by the SM4 suite, ./sm4.ts). */
export function ecb(alg: string, key: Buffer, data: Buffer, decrypt = false): Buffer {
  const c = decrypt ? createDecipheriv(alg, key, null) : createCipheriv(alg, key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

/** DES with an 8-byte key (as 3DES K‖K‖K: OpenSSL 3 has no plain DES) or 3DES with a 16-byte key, ECB. */
export function desEcb(key: Buffer, data: Buffer, decrypt = false): Buffer {
  if (data.length % 8 !== 0) throw new RangeError('DES data must be a multiple of 8 bytes');
  if (key.length === 8) return ecb('des-ede3-ecb', Buffer.concat([key, key, key]), data, decrypt);
  if (key.length === 16) return ecb('des-ede-ecb', key, data, decrypt);
  throw new RangeError(`DES key must be 8 or 16 bytes, got ${key.length}`);
}

/** ISO 7816-4 padding as PBOC uses it: 80, then 00 to a multiple of `block`. Always pads. */
export function padIso(data: Buffer, block = 8): Buffer {
  const padLen = block - (data.length % block);
  const pad = Buffer.alloc(padLen);
  pad[0] = 0x80;
  return Buffer.concat([data, pad]);
}

export function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

/**
 * PBOC MAC: CBC-MAC with IV 0. 8-byte key: single DES throughout; 16-byte key: ISO 9797-1 algorithm 3
 * (DES with K_L on every block, then decrypt K_R and encrypt K_L on the last). Leftmost 4 bytes.
 */
export function pbocMac(key: Buffer, data: Buffer): Buffer {
  const padded = padIso(data);
  const kl = key.subarray(0, 8);
  let chain: Buffer = Buffer.alloc(8);
  for (let off = 0; off < padded.length; off += 8) {
    chain = desEcb(kl, xor(chain, padded.subarray(off, off + 8)));
  }
  if (key.length === 16) {
    chain = desEcb(kl, desEcb(key.subarray(8, 16), chain, true));
  } else if (key.length !== 8) {
    throw new RangeError(`MAC key must be 8 or 16 bytes, got ${key.length}`);
  }
  return chain.subarray(0, 4);
}

/** Key diversification `Div(K, D) = 3DES(K, D) ‖ 3DES(K, NOT D)` with an 8-byte factor D. */
export function diversify(key: Buffer, factor: Buffer): Buffer {
  if (factor.length !== 8) throw new RangeError('diversification factor must be 8 bytes');
  const not = Buffer.from(factor.map((b) => ~b & 0xff));
  return Buffer.concat([desEcb(key, factor), desEcb(key, not)]);
}

/** A card's key from a master key: `Div(Div(master, issuerId), internalNo)`. */
export function cardKey(master: Buffer, issuerId: Buffer, internalNo: Buffer): Buffer {
  return diversify(diversify(master, issuerId), internalNo);
}

/** Session load key `SESLK = 3DES(DLK, random(4) ‖ onlineSerial(2) ‖ 80 00)`. */
export function sessionLoadKey(dlk: Buffer, random: Buffer, onlineSerial: number): Buffer {
  const input = Buffer.alloc(8);
  random.copy(input, 0, 0, 4);
  input.writeUInt16BE(onlineSerial, 4);
  input[6] = 0x80;
  return desEcb(dlk, input);
}

export interface LoadMacInput {
  /** 0x02 for an EP load, 0x01 for an ED load. */
  transType?: number;
  amountFen: number;
  terminalId: Buffer; // 6 B
}
export type Mac2Input = LoadMacInput & { hostDate: Buffer; hostTime: Buffer };
export type TacInput = Mac2Input & { newBalanceFen: number; onlineSerial: number };

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

/**
 * What each load MAC covers, whatever the algorithm (docs/card-protocol.md §3):
 *  MAC1 over oldBalance ‖ amount ‖ type ‖ terminalId; MAC2 over amount ‖ type ‖ terminalId ‖ hostDate ‖ hostTime;
 *  TAC over newBalance ‖ serialBefore ‖ amount ‖ type ‖ terminalId ‖ date ‖ time.
 */
export const loadMessages = {
  mac1: (oldBalanceFen: number, i: LoadMacInput) =>
    Buffer.concat([u32(oldBalanceFen), u32(i.amountFen), Buffer.from([i.transType ?? 2]), i.terminalId]),
  mac2: (i: Mac2Input) => Buffer.concat([u32(i.amountFen), Buffer.from([i.transType ?? 2]), i.terminalId, i.hostDate, i.hostTime]),
  tac: (i: TacInput) => {
    const serial = Buffer.alloc(2);
    serial.writeUInt16BE(i.onlineSerial, 0);
    return Buffer.concat([u32(i.newBalanceFen), serial, u32(i.amountFen), Buffer.from([i.transType ?? 2]), i.terminalId, i.hostDate, i.hostTime]);
  },
};

/** `MAC1 = MAC(SESLK; oldBalance ‖ amount ‖ type ‖ terminalId)`. */
export function mac1(sesLk: Buffer, oldBalanceFen: number, i: LoadMacInput): Buffer {
  return pbocMac(sesLk, loadMessages.mac1(oldBalanceFen, i));
}

/** `MAC2 = MAC(SESLK; amount ‖ type ‖ terminalId ‖ hostDate(4) ‖ hostTime(3))`. */
export function mac2(sesLk: Buffer, i: Mac2Input): Buffer {
  return pbocMac(sesLk, loadMessages.mac2(i));
}

/** TAC key: the two halves of the diversified TAC key XORed. */
export function tacSessionKey(dtk: Buffer): Buffer {
  return xor(dtk.subarray(0, 8), dtk.subarray(8, 16));
}

/** `TAC = MAC(DTK_L XOR DTK_R; newBalance ‖ serialBefore ‖ amount ‖ type ‖ terminalId ‖ date ‖ time)`. */
export function tac(dtk: Buffer, i: TacInput): Buffer {
  return pbocMac(tacSessionKey(dtk), loadMessages.tac(i));
}
