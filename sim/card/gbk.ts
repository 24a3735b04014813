import iconv from 'iconv-lite';

/**
 * GBK text in the card's fixed-width fields (plate, holder name: docs/card-protocol.md §1). A module of its
 * own so that the profile schema (which checks the fit) and the file layouts (which write the bytes) share
 * it without importing each other.
 */

/** True when `s` survives a GBK round trip and takes at most `max` bytes. */
export function gbkFits(s: string, max: number): boolean {
  const bytes = iconv.encode(s, 'gbk');
  return bytes.length <= max && iconv.decode(bytes, 'gbk') === s;
}

/** GBK text, 00-padded to `len` bytes (the card's fixed-width text fields). */
export function gbkField(s: string, len: number): Buffer {
  const out = Buffer.alloc(len);
  iconv.encode(s, 'gbk').copy(out, 0, 0, len);
  return out;
}
