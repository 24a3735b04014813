import iconv from 'iconv-lite';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { PLATE_COLORS, type CardTransaction } from '../../contract/card';
import { toHex } from './apdu';

/** Decoders for the card files of docs/card-protocol.md §1. Offsets are 0-based, as in that table. */

/** Issuer basic data (0015), 43 B on older cards, 50 B since 2019. */
export interface IssuerFile {
  issuerId: string; // 16 hex
  issuerProvince: string;
  cardType: number;
  cardTypeName: string;
  cardVersion: number;
  network: string; // 4 digits
  internalNo: string; // 16 digits
  cardNo: string; // network + internal number, 20 digits
  validFrom: string; // YYYY-MM-DD
  validUntil: string;
  plate: string;
  userType: number;
  plateColor: number;
  plateColorName: string;
  vehicleClass: number | null; // only in the 50-byte format
}

/** Cardholder file (0016), 55 B. */
export interface HolderFile {
  holderIdentity: number;
  staffFlag: number;
  holderName: string | null;
  idNumber: string | null;
  idType: number;
}

export const FILE_0015_SHORT = 43;
export const FILE_0016_LENGTH = 55;
export const RECORD_0018_LENGTH = 23;

export function parse0015(b: Buffer): IssuerFile {
  if (b.length < FILE_0015_SHORT) bad('0015', `${b.length} bytes, expected 43 or 50`);
  const network = bcd(b, 10, 2, '0015');
  const internalNo = bcd(b, 12, 8, '0015');
  const cardType = byte(b, 8);
  const plateColor = byte(b, 42); // 2 bytes `00 0X`: the code is the low byte
  return {
    issuerId: toHex(b.subarray(0, 8)),
    issuerProvince: gbkText(b.subarray(0, 4)),
    cardType,
    cardTypeName: cardTypeName(cardType),
    cardVersion: byte(b, 9),
    network,
    internalNo,
    cardNo: network + internalNo,
    validFrom: bcdDate(b, 20, '0015'),
    validUntil: bcdDate(b, 24, '0015'),
    plate: gbkText(b.subarray(28, 40)),
    userType: byte(b, 40),
    plateColor,
    plateColorName: plateColorName(plateColor),
    vehicleClass: b.length > FILE_0015_SHORT ? byte(b, 43) : null,
  };
}

export function parse0016(b: Buffer): HolderFile {
  if (b.length < FILE_0016_LENGTH) bad('0016', `${b.length} bytes, expected 55`);
  const name = gbkText(b.subarray(2, 22));
  const idNumber = b.subarray(22, 54).toString('latin1').replace(/[\0\xff ]+$/u, '');
  return {
    holderIdentity: byte(b, 0),
    staffFlag: byte(b, 1),
    holderName: name === '' ? null : name,
    idNumber: idNumber === '' ? null : idNumber,
    idType: byte(b, 54),
  };
}

/** An unused slot of the cyclic 0018 file: some cards answer those with all 00 or all FF instead of 6A83. */
export function isEmptyRecord(b: Buffer): boolean {
  return b.every((x) => x === 0x00) || b.every((x) => x === 0xff);
}

export function parse0018(b: Buffer): CardTransaction {
  if (b.length < RECORD_0018_LENGTH) bad('0018', `${b.length} bytes, expected 23`);
  const date = bcdDate(b, 16, '0018');
  const time = bcd(b, 20, 3, '0018');
  return {
    serial: b.readUInt16BE(0),
    overdraftFen: b.readUIntBE(2, 3),
    amountFen: b.readUInt32BE(5),
    type: byte(b, 9),
    terminalId: toHex(b.subarray(10, 16)),
    at: `${date}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}`,
  };
}

export function cardTypeName(type: number): string {
  const key = `CARD_TYPE_${type}`;
  const name = t(key);
  return name === key ? t('CARD_TYPE_UNKNOWN', { type: `0x${type.toString(16).toUpperCase().padStart(2, '0')}` }) : name;
}

export function plateColorName(code: number): string {
  return PLATE_COLORS[code]?.zh ?? t('CARD_PLATE_COLOR_UNKNOWN', { code });
}

export function transactionTypeName(type: number): string {
  const key = `CARD_TXN_TYPE_${type}`;
  const name = t(key);
  return name === key ? t('CARD_TXN_TYPE_UNKNOWN', { type }) : name;
}

/** GBK text padded with 00 (some issuers pad with FF or spaces); undecodable padding is dropped too. */
export function gbkText(b: Buffer): string {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0x00 || b[end - 1] === 0xff || b[end - 1] === 0x20)) end--;
  const nul = b.subarray(0, end).indexOf(0x00);
  return iconv.decode(b.subarray(0, nul === -1 ? end : nul), 'gbk').trim();
}

/** BCD digits; a nibble above 9 means the file is not what we think it is. */
export function bcd(b: Buffer, offset: number, length: number, file: string): string {
  const s = toHex(b.subarray(offset, offset + length));
  if (!/^\d*$/.test(s)) bad(file, `bytes ${offset}..${offset + length - 1} are not BCD: ${s}`);
  return s;
}

/** CCYYMMDD in BCD → YYYY-MM-DD. */
export function bcdDate(b: Buffer, offset: number, file: string): string {
  const s = bcd(b, offset, 4, file);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

function byte(b: Buffer, i: number): number {
  return b[i] ?? 0;
}

function bad(file: string, detail: string): never {
  throw new AppError('CARD_FILE_FORMAT', { file, detail });
}
