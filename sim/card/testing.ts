import { fileURLToPath } from 'node:url';
import { loadKeyFile, deriveCardKey, type KeyFile } from '../crypto/keys';
import { mac2, sessionLoadKey } from '../crypto/pboc';
import { loadCardProfile, type CardProfile } from './profile';
import type { VirtualCard } from './virtual-card';

/**
 * Helpers for tests that drive a virtual card: what the issuer host would compute, done test-side with
 * the key file, so a test never asks the card for the answer it is checking.
 */

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixtureKeys(): KeyFile {
  return loadKeyFile(`${FIXTURES}keys.json`);
}

export function fixtureProfile(name: 'normal' | 'account' | 'expired' | 'near-max' | 't0' | 'sm4'): CardProfile {
  return loadCardProfile(`${FIXTURES}cards/${name}.json`);
}

export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');

export interface Reply {
  data: Buffer;
  sw: number;
  /** SW as 4 upper-case hex digits, for readable assertions. */
  swHex: string;
}

/** Sends an APDU given as hex and splits the answer; throws on an empty answer (the card vanished). */
export function send(card: VirtualCard, apdu: string | Buffer): Reply {
  const r = card.transmit(typeof apdu === 'string' ? hex(apdu) : apdu);
  if (r.length < 2) throw new Error('no answer from the card');
  const sw = r.readUInt16BE(r.length - 2);
  return { data: r.subarray(0, r.length - 2), sw, swHex: sw.toString(16).toUpperCase().padStart(4, '0') };
}

/** The APDU for INITIALIZE FOR LOAD (T=1 form, with Le). */
export function initApdu(amountFen: number, terminalId = '000001000050', keyIndex = 1): Buffer {
  const amount = Buffer.alloc(4);
  amount.writeUInt32BE(amountFen, 0);
  return Buffer.concat([hex('805000020B'), Buffer.from([keyIndex]), amount, hex(terminalId), hex('10')]);
}

export interface InitAnswer {
  oldBalanceFen: number;
  serial: number;
  keyVersion: number;
  algId: number;
  random: Buffer;
  mac1: Buffer;
}

export function parseInit(data: Buffer): InitAnswer {
  return {
    oldBalanceFen: data.readUInt32BE(0),
    serial: data.readUInt16BE(4),
    keyVersion: data[6] ?? -1,
    algId: data[7] ?? -1,
    random: data.subarray(8, 12),
    mac1: data.subarray(12, 16),
  };
}

/** MAC2 as the issuer host computes it: from the master key, diversified for this card. */
export function hostMac2(
  profile: CardProfile,
  keys: KeyFile,
  init: InitAnswer,
  p: { amountFen: number; terminalId?: string; hostDate: string; hostTime: string },
): Buffer {
  const dlk = deriveCardKey(keys, 'load', profile.issuerId, profile.internalNo, 1);
  const ses = sessionLoadKey(dlk, init.random, init.serial);
  return mac2(ses, { amountFen: p.amountFen, terminalId: hex(p.terminalId ?? '000001000050'), hostDate: hex(p.hostDate), hostTime: hex(p.hostTime) });
}

export function creditApdu(hostDate: string, hostTime: string, mac: Buffer): Buffer {
  return Buffer.concat([hex('805200000B'), hex(hostDate), hex(hostTime), mac, hex('04')]);
}

/** Select 1001 and verify the profile's PIN: the state a counter reaches before INITIALIZE FOR LOAD. */
export function openApplication(card: VirtualCard): void {
  for (const apdu of ['00A4000002 1001', pinApdu(card.profile.pin, card.profile.pinEncoding)]) {
    const r = send(card, apdu);
    if (r.sw !== 0x9000) throw new Error(`setup step failed with ${r.swHex}`);
  }
}

export function pinApdu(pin: string, encoding: 'bcd' | 'ascii'): Buffer {
  const body = encoding === 'bcd' ? hex(pin.length % 2 ? `${pin}F` : pin) : Buffer.from(pin, 'ascii');
  return Buffer.concat([hex('00200000'), Buffer.from([body.length]), body]);
}
