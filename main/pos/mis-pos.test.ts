import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors';
import { encodeAnswer, type MisAnswer } from '../../contract/mis-pos';
import type { PosVoucher } from '../../contract/pos';
import { SimMisPos, type BookCharge } from '../../sim/pos/mis-pos';
import { MisPosTerminal } from './mis-pos';
import type { MisPosLink } from './port';

const REF = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const noSleep = { sleep: () => Promise.resolve() };
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** The acquirer as a list: every booking numbered, as sim/host/acquirer.ts does. */
function acquirer() {
  const booked: (PosVoucher & { amountFen: number })[] = [];
  const book: BookCharge = (c) => {
    const n = String(booked.length + 1).padStart(6, '0');
    const v = { ...c, batchNo: '000001', voucherNo: n, referenceNo: `103100${n}`, authCode: 'A1B2C3', at: '2025-03-01T02:31:00.000Z', amountFen: c.amountFen };
    booked.push(v);
    return v;
  };
  return { booked, book };
}
const simPos = (book: BookCharge, statePath?: string) =>
  new SimMisPos({ merchantNo: '898620154110001', posTerminalNo: '62010088', book, statePath, timeoutAfterMs: 1 });
const terminal = (link: MisPosLink) => new MisPosTerminal(link, { label: 'MIS-POS 62010088', clock: noSleep, queryTries: 2 });

describe('MisPosTerminal over the simulated MIS-POS', () => {
  it('a sale: one charge booked with the acquirer, its slip answered (time in Beijing)', async () => {
    const acq = acquirer();
    const out = await terminal(simPos(acq.book)).charge({ orderRef: REF, amountFen: 20_000 });
    expect(out).toEqual({
      kind: 'approved', answerCode: '00', amountFen: 20_000,
      voucher: {
        merchantNo: '898620154110001', posTerminalNo: '62010088', batchNo: '000001', voucherNo: '000001', referenceNo: '103100000001',
        authCode: 'A1B2C3', cardNoMasked: '622848******0018', at: '2025-03-01T10:31:00+08:00',
      },
    });
    expect(acq.booked).toHaveLength(1);
  });

  it('the POS charges and then never answers: the result query by our reference gets the slip — never a second sale', async () => {
    const acq = acquirer();
    const pos = simPos(acq.book);
    pos.setFaults({ timeoutAfterCharge: 1 });
    const out = await terminal(pos).charge({ orderRef: REF, amountFen: 20_000 });
    expect(out).toMatchObject({ kind: 'approved', voucher: { voucherNo: '000001' } });
    expect(pos.sales(REF)).toBe(1);
    expect(acq.booked).toHaveLength(1);
  });

  it('when the queries time out as well: POS_OUTCOME_UNKNOWN, and a later query (resume) finds the slip', async () => {
    const acq = acquirer();
    const pos = simPos(acq.book);
    pos.setFaults({ timeoutAfterCharge: 1, queryTimeouts: 2 });
    const t = terminal(pos);
    await expect(t.charge({ orderRef: REF, amountFen: 20_000 })).rejects.toMatchObject({ code: 'POS_OUTCOME_UNKNOWN' });
    expect(await t.query(REF)).toMatchObject({ kind: 'approved', amountFen: 20_000 });
    expect(pos.sales(REF)).toBe(1);
  });

  it('a decline is answered as such; a reference the POS never saw queries as null', async () => {
    const acq = acquirer();
    const pos = simPos(acq.book);
    pos.setFaults({ decline: '55' });
    expect(await terminal(pos).charge({ orderRef: REF, amountFen: 100 })).toEqual({ kind: 'declined', answerCode: '55', message: '密码错误' });
    expect(acq.booked).toHaveLength(0);
    expect(await terminal(pos).query('never-seen')).toBeNull();
  });

  it('the POS keeps its memory in its state file: another process finds the answer of a sale it never heard', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mis-pos-'));
    dirs.push(dir);
    const acq = acquirer();
    const before = simPos(acq.book, join(dir, 'pos.json'));
    before.setFaults({ timeoutAfterCharge: 1, queryTimeouts: 5 });
    await expect(terminal(before).charge({ orderRef: REF, amountFen: 300 })).rejects.toMatchObject({ code: 'POS_OUTCOME_UNKNOWN' });
    const after = simPos(acq.book, join(dir, 'pos.json'));
    after.setFaults({ queryTimeouts: 0 });
    expect(await terminal(after).query(REF)).toMatchObject({ kind: 'approved', amountFen: 300 });
    expect(after.sales(REF)).toBe(1);
  });
});

describe('MisPosTerminal: answers it cannot trust are asked after, never charged again', () => {
  const line = (over: Partial<MisAnswer>): string => encodeAnswer({
    answerCode: '00', merchantNo: '898620154110001', posTerminalNo: '62010088', batchNo: '000012', voucherNo: '000123',
    referenceNo: '103100000123', authCode: '', cardNoMasked: '622848******0018', date: '20250301', time: '103100',
    amountFen: 500, orderRef: REF, message: '', ...over,
  });
  /** A link that answers from a script and records every request's type. */
  function scripted(answers: (string | AppError)[]) {
    const sent: string[] = [];
    const link: MisPosLink = {
      transact: (req) => {
        sent.push(req.slice(0, 2));
        const next = answers.shift() ?? new AppError('POS_LINK_TIMEOUT');
        return next instanceof AppError ? Promise.reject(next) : Promise.resolve(next);
      },
    };
    return { link, sent };
  }

  it.each([
    ['an unknown answer code', line({ answerCode: '96' })],
    ['another order’s answer', line({ orderRef: 'someone-else' })],
    ['another amount', line({ amountFen: 499 })],
    ['a garbled line', 'ERR'],
    ['a malformed slip', line({ voucherNo: '12' })],
  ])('%s: the result query decides', async (_what, first) => {
    const { link, sent } = scripted([first, line({})]);
    expect(await terminal(link).charge({ orderRef: REF, amountFen: 500 })).toMatchObject({ kind: 'approved', voucher: { voucherNo: '000123', authCode: null } });
    expect(sent).toEqual(['00', 'Q1']);
  });

  it('a POS that cannot be reached, and has no record of the sale: declined as not charged (25)', async () => {
    const { link, sent } = scripted([new AppError('POS_LINK_DOWN', { detail: 'COM3' }), line({ answerCode: '25', voucherNo: '', referenceNo: '' })]);
    expect(await terminal(link).charge({ orderRef: REF, amountFen: 500 })).toEqual({ kind: 'declined', answerCode: '25', message: 'POS 没有收到这笔交易，未扣款' });
    expect(sent).toEqual(['00', 'Q1']);
  });

  it('gives up after its query tries: POS_OUTCOME_UNKNOWN, with one sale sent in all', async () => {
    const { link, sent } = scripted([new AppError('POS_LINK_TIMEOUT')]);
    await expect(terminal(link).charge({ orderRef: REF, amountFen: 500 })).rejects.toMatchObject({ code: 'POS_OUTCOME_UNKNOWN' });
    expect(sent).toEqual(['00', 'Q1', 'Q1']);
  });
});
