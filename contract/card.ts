import type { Fen } from './money';

/** Plate colour codes of the current national ETC standard (docs/card-protocol.md §1). */
export const PLATE_COLORS: Record<number, { zh: string; en: string }> = {
  0: { zh: '蓝', en: 'blue' },
  1: { zh: '黄', en: 'yellow' },
  2: { zh: '黑', en: 'black' },
  3: { zh: '白', en: 'white' },
  4: { zh: '渐变绿', en: 'gradient green' },
  5: { zh: '黄绿双拼', en: 'yellow-green' },
  6: { zh: '蓝白渐变', en: 'blue-white gradient' },
  7: { zh: '临时牌照', en: 'temporary' },
  9: { zh: '蓝白渐变', en: 'blue-white gradient (legacy code)' },
  11: { zh: '绿', en: 'green' },
  12: { zh: '红', en: 'red' },
};

export const CARD_TYPE_STORED_VALUE = 0x16; // 储值卡 — the only type a counter may load
export const CARD_TYPE_ACCOUNT = 0x17; // 记账卡

/** One 0018 record (23 B), decoded. `type` 2 = EP load 圈存, 6 = EP purchase, 9 = composite purchase. */
export interface CardTransaction {
  serial: number;
  overdraftFen: Fen;
  amountFen: Fen;
  type: number;
  terminalId: string; // 12 hex digits
  at: string; // ISO local time, e.g. 2014-08-25T10:31:00
}

/** Everything the counter reads from a card (`etc-counter card read --json`). */
export interface CardInfo {
  cardNo: string; // 20 digits: network (4) + internal number (16)
  cardType: number;
  cardTypeName: string;
  cardVersion: number;
  issuerId: string; // 16 hex digits
  issuerProvince: string;
  network: string;
  internalNo: string;
  validFrom: string; // YYYY-MM-DD
  validUntil: string; // YYYY-MM-DD
  plate: string;
  plateColor: number;
  plateColorName: string;
  userType: number;
  vehicleClass: number | null; // null on 43-byte 0015 files
  holderName: string | null;
  balanceFen: Fen;
  transactions: CardTransaction[];
}
