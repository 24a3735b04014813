import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import type { RechargeRecord } from '../../contract/recharge';
import { decisionData } from '../../contract/recharge-events';
import { SettingsSchema } from '../../contract/settings';
import { composeTraining, type TrainingServices } from '../compose/training';
import { localDateOf } from '../journal/dates';
import { ChromiumPrinter } from '../print/chromium-printer';
import type { Handlers } from './handler';
import { createHandlers } from './handlers';
import { CounterSession, DEFAULT_CLIENT } from './session';

/**
 * The paper and day-end handlers over real training services: what each refuses, the evidence slip of a
 * NEEDS_ADMIN recharge, and the day close blocked by unfinished work. (Roles are the gate's: register.test.)
 */
let s: TrainingServices;
let h: Handlers;
let dataDir: string;
let loaded: RechargeRecord;
let ordered: RechargeRecord;
let needsAdmin: RechargeRecord;
const today = localDateOf(new Date());

async function paid(amountFen: number): Promise<RechargeRecord> {
  const r = await s.engine.start({ amountFen, channel: 'wechat', operatorId: 'S01' });
  await s.training?.pay(r.id);
  return s.engine.checkPayment(r.id);
}
const code = (e: unknown): string => (isAppError(e) ? e.code : String(e));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'paper-'));
  s = await composeTraining({ settings: SettingsSchema.parse({}), dataDir, printer: new ChromiumPrinter() });
  const session = new CounterSession(s.settings, true);
  session.signIn(DEFAULT_CLIENT, { operatorId: 'S01', name: '培训主管', role: 'supervisor' });
  h = createHandlers(s, session, () => {});
  s.training?.insert('normal');
  loaded = await s.engine.load((await paid(1000)).id);
  ordered = await s.engine.start({ amountFen: 200, channel: 'alipay', operatorId: 'S01' });
  s.training?.insert('near-max');
  const p = await paid(300);
  needsAdmin = s.journal.append(p.id, 'NEEDS_ADMIN', decisionData('interrupted', { verdict: 'CONTRADICTION', reason: 'test', hostStatus: 'PAID', evidence: null }),
    { error: 'RECHARGE_NEEDS_ADMIN' });
}, 60_000);
afterAll(async () => {
  await s?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('paper and 日结 handlers', () => {
  it('prints the original receipt once (then hands back the archived one) and numbers 补打 copies', async () => {
    expect(loaded.state).toBe('VERIFIED');
    const first = await h.receiptPrint({ id: loaded.id });
    expect(first).toMatchObject({ fileName: `${loaded.id}-receipt.pdf`, reprint: null, already: false, printed: false, error: null });
    expect(Buffer.from(first.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    // No printer set: the window gets the document itself for its print dialog (docs/ui.md "Receipts").
    expect(first.html).toMatch(/^<!DOCTYPE html>/);
    expect(first.html).toContain(loaded.id);
    expect(first.html).toContain('ETC 陇通卡充值回单');
    expect(await h.receiptPrint({ id: loaded.id })).toMatchObject({ already: true, pdfBase64: first.pdfBase64, html: null });
    const copy = await h.receiptReprint({ id: loaded.id, format: 'A5' });
    expect(copy).toMatchObject({ reprint: 1, fileName: `${loaded.id}-receipt-reprint-1.pdf` });
    expect(copy.html).toContain('补打');
    const audit = s.auth.audit.list({ from: today, to: today, action: 'reprint' });
    expect(audit[0]).toMatchObject({ operatorId: 'S01', target: loaded.id, detail: { copy: 1, format: 'A5' } });
  });

  it('prints the 卡片联机序号 that 卡片检测 lists for the same load (the card\'s 0018 log)', async () => {
    s.training?.insert('normal');
    const card = await h.cardCheck({});
    const mine = card.transactions.filter((tx) => tx.type === 0x02 && tx.amountFen === loaded.amountFen && tx.terminalId === loaded.terminalId);
    expect(mine).toHaveLength(1);
    const html = (await h.receiptReprint({ id: loaded.id })).html ?? '';
    expect(html).toContain(`<th>卡片联机序号</th><td class="mono">${mine[0]?.serial}</td>`);
    expect(mine[0]?.serial).toBe((loaded.onlineSerial ?? NaN) + 1);
  });

  it('refuses a receipt for an unpaid recharge and an evidence slip for anything but NEEDS_ADMIN', async () => {
    expect(code(await h.receiptPrint({ id: ordered.id }).catch((e: unknown) => e))).toBe('RECEIPT_NOTHING_PAID');
    expect(code(await h.evidencePrint({ id: loaded.id }).catch((e: unknown) => e))).toBe('PRINT_EVIDENCE_NOT_NEEDED');
    const slip = await h.evidencePrint({ id: needsAdmin.id });
    expect(slip.fileName).toBe(`${needsAdmin.id}-evidence.pdf`);
    expect((await h.evidencePrint({ id: needsAdmin.id })).reprint).toBe(1); // printed again: numbered, never overwritten
  });

  it('reports the day and refuses to close it with unfinished and NEEDS_ADMIN work listed, or a day to come', async () => {
    const day = await h.dayView({ date: today });
    expect(day.report).toMatchObject({ loaded: { count: 1, sumFen: 1000 }, needsAdmin: { count: 1, sumFen: 300 }, pending: { count: 1, sumFen: 200 } });
    expect(day.blockers.unresolved.map((u) => u.id).sort()).toEqual([ordered.id, needsAdmin.id].sort());
    expect(day.closed).toBeNull();
    expect(code(await h.dayClose({ date: today }).catch((e: unknown) => e))).toBe('DAY_CLOSE_UNRESOLVED');
    expect(code(await h.dayClose({ date: '2999-01-01' }).catch((e: unknown) => e))).toBe('DAY_CLOSE_FUTURE');
    expect(s.auth.audit.list({ from: today, to: today, action: 'day-close' })).toEqual([]);
    const csv = await h.dayExport({ date: today, format: 'csv' });
    expect(csv.fileName).toBe(`etc-000001000050-${today}.csv`);
    const lines = Buffer.from(csv.base64, 'base64').toString('utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(5); // header, three recharges, the day's hash-chain head
    expect(lines.at(-1)).toContain('校验码');
  });
});
