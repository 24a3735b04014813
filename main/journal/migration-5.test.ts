import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PosVoucher } from '../../contract/pos';
import { MIGRATIONS } from './migrations';
import { SqliteJournal } from './sqlite-journal';
import { newRecharge, scratchDir, OPENED, note } from './test-support';

let scratch: ReturnType<typeof scratchDir>;
beforeEach(() => { scratch = scratchDir(); });
afterEach(() => scratch.remove());

const slip: PosVoucher = {
  merchantNo: '898620154110001', posTerminalNo: '62010088', batchNo: null, voucherNo: '000123', referenceNo: '103100000123',
  authCode: null, cardNoMasked: null, at: '2025-03-01T02:31:00.000Z',
};

describe('migration 5 (POS slip, payment code, card and key versions)', () => {
  it('adds the columns to a journal of migration 3, its rows keep everything and read the new fields as null', () => {
    const path = scratch.file('journal.sqlite');
    const old = SqliteJournal.open(path, { migrations: MIGRATIONS.filter((m) => m.version <= 3) });
    old.close();
    const db = new Database(path);
    db.prepare(`INSERT INTO recharges (id, createdAt, localDate, updatedAt, state, training, terminalId, operatorId, cardNo, plate,
      plateColor, amountFen, channel, balanceBeforeFen) VALUES ('r-old', 'x', '2025-03-01', 'x', 'CONFIRMED', 0, 't', 'o', '62010000000000000001',
      '甘A12345', 0, 100, 'wechat', 0)`).run();
    db.close();
    const j = SqliteJournal.open(path);
    try {
      expect(j.get('r-old')).toMatchObject({ state: 'CONFIRMED', posVoucher: null, authCodeMasked: null, cardVersion: null, keyVersion: null, algId: null });
    } finally {
      j.close();
    }
  });

  it('a recharge keeps its POS slip (JSON), masked payment code and card version from creation, key version and algorithm from INIT', () => {
    const j = SqliteJournal.open(scratch.file('journal.sqlite'));
    try {
      const r = j.create(newRecharge({ channel: 'pos', posVoucher: slip, cardVersion: 0x50, authCodeMasked: null }), OPENED);
      expect(j.get(r.id)).toMatchObject({ channel: 'pos', posVoucher: slip, cardVersion: 0x50 });
      const full = { ...slip, batchNo: '000012', authCode: 'A1B2C3', cardNoMasked: '622848******0018' };
      j.append(r.id, 'ORDERED', note(), { orderId: 'O1', posVoucher: full });
      j.append(r.id, 'PAID', note());
      j.append(r.id, 'INIT', note(), { onlineSerial: 4, keyVersion: 2, algId: 4 });
      expect(j.get(r.id)).toMatchObject({ posVoucher: full, keyVersion: 2, algId: 4 });
      const code = j.create(newRecharge({ authCodeMasked: '1345**********6789' }), OPENED);
      expect(j.get(code.id)?.authCodeMasked).toBe('1345**********6789');
    } finally {
      j.close();
    }
  });

  it('the database refuses what is not JSON, or a version outside a byte', () => {
    const path = scratch.file('journal.sqlite');
    const j = SqliteJournal.open(path);
    const r = j.create(newRecharge(), OPENED);
    j.close();
    const db = new Database(path);
    try {
      expect(() => db.prepare("UPDATE recharges SET posVoucher = 'not json' WHERE id = ?").run(r.id)).toThrow(/CHECK/);
      expect(() => db.prepare('UPDATE recharges SET algId = 256 WHERE id = ?').run(r.id)).toThrow(/CHECK/);
      expect(() => db.prepare('UPDATE recharges SET cardVersion = -1 WHERE id = ?').run(r.id)).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
