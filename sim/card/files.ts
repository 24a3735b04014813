import { gbkField } from './gbk';
import type { CardProfile, ProfileTransaction } from './profile';

/** Byte layouts of the card's elementary files (docs/card-protocol.md §1). */

export const RECORD_0018_LENGTH = 23;
export const FILE_0016_LENGTH = 55;

/** BCD of a digit string; an odd count is padded with F, as PBOC pads PINs. */
export function bcd(digits: string): Buffer {
  return Buffer.from(digits.length % 2 === 0 ? digits : `${digits}F`, 'hex');
}

/** The PIN as VERIFY carries it: BCD (`12 34 56`) or ASCII digits (`31 32 …`), per issuer. */
export function encodePin(pin: string, encoding: 'bcd' | 'ascii'): Buffer {
  return encoding === 'bcd' ? bcd(pin) : Buffer.from(pin, 'ascii');
}

/** 0015 issuer basic data: 43 bytes, or 50 with vehicle class and 6 reserved bytes. */
export function encode0015(p: CardProfile): Buffer {
  const plateColor = Buffer.alloc(2);
  plateColor.writeUInt16BE(p.plateColor, 0);
  const parts = [
    Buffer.from(p.issuerId, 'hex'),
    Buffer.from([p.cardType, p.cardVersion]),
    bcd(p.network),
    bcd(p.internalNo),
    bcd(p.validFrom),
    bcd(p.validUntil),
    gbkField(p.plate, 12),
    Buffer.from([p.userType]),
    plateColor,
  ];
  if (p.format === 50) parts.push(Buffer.from([p.vehicleClass]), Buffer.alloc(6));
  return Buffer.concat(parts);
}

/** 0016 cardholder data, 55 bytes: flags, GBK name, ASCII id number, id type. */
export function encode0016(p: CardProfile): Buffer {
  const out = Buffer.alloc(FILE_0016_LENGTH);
  // [0] holder identity flag and [1] staff flag: 00 for an ordinary customer.
  gbkField(p.holderName, 20).copy(out, 2);
  Buffer.from(p.holderIdNumber, 'ascii').copy(out, 22, 0, 32);
  out[54] = p.holderIdType;
  return out;
}

/** One 23-byte 0018 record. */
export function encode0018(t: ProfileTransaction): Buffer {
  const out = Buffer.alloc(RECORD_0018_LENGTH);
  out.writeUInt16BE(t.serial, 0);
  out.writeUIntBE(t.overdraftFen, 2, 3);
  out.writeUInt32BE(t.amountFen, 5);
  out[9] = t.type;
  Buffer.from(t.terminalId, 'hex').copy(out, 10);
  bcd(t.at.slice(0, 10).replace(/-/g, '') + t.at.slice(11).replace(/:/g, '')).copy(out, 16);
  return out;
}

/** `YYYY-MM-DDThh:mm:ss` from the BCD host date (4 B) and time (3 B) of a CREDIT FOR LOAD. */
export function atFromBcd(date: Buffer, time: Buffer): string {
  const d = date.toString('hex');
  const t = time.toString('hex');
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}`;
}
