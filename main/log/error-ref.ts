import { randomInt } from 'node:crypto';

/**
 * 错误编号: a short reference an error shown to a clerk carries, and the log line with its context carries
 * too (docs/release.md "Logs and error references"). `E` + 3 + `-` + 2 characters of Crockford's base32 (no
 * I, L, O, U: nothing to misread over the phone), 32^5 ≈ 33 million: a day's errors of one counter never meet.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ERROR_REF = /^E[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{2}$/;

export function newErrorRef(random: (max: number) => number = randomInt): string {
  const pick = (n: number) => Array.from({ length: n }, () => ALPHABET[random(ALPHABET.length)]).join('');
  return `E${pick(3)}-${pick(2)}`;
}

/** A card number as logs and support bundles carry it: the first 4 and last 4 digits (6201************0001). */
export function maskCardNo(cardNo: string): string {
  return cardNo.length <= 8 ? '*'.repeat(cardNo.length) : `${cardNo.slice(0, 4)}${'*'.repeat(cardNo.length - 8)}${cardNo.slice(-4)}`;
}

/** Every run of 16–20 digits (a card number) in a text, masked; shorter numbers (amounts, serials) stay. */
export function maskCardNumbers(text: string): string {
  return text.replace(/(?<!\d)\d{16,20}(?!\d)/g, (m) => maskCardNo(m));
}
