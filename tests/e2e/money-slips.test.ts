import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toChineseUppercase } from '../../contract/money';
import type { CallName, CallResponse, PrintResult } from '../../contract/ipc';
import { createHandlers } from '../../main/ipc/handlers';
import { CounterSession, DEFAULT_CLIENT } from '../../main/ipc/session';
import { localDateOf } from '../../main/journal/dates';
import { MoneyWorld } from '../support/money-world';

/**
 * The paper of the money after "paid", through main's handlers and Debian's Chromium, read back with poppler:
 * the customer's refund slip (退款说明, 80 mm and A5), the evidence slip of a supervisor's resolution (old and
 * new evidence), and the 日结单 with 对账 showing one mismatch. PNGs go to artifacts/receipts/.
 */
const ART = join(process.cwd(), 'artifacts', 'receipts');
let w: MoneyWorld;
afterEach(async () => w?.close());

async function counter() {
  const s = await w.counter();
  const session = new CounterSession(s.settings, false);
  session.signIn(DEFAULT_CLIENT, { operatorId: 'S01', name: '主管', role: 'supervisor' });
  const h = createHandlers(s, session, () => undefined);
  const ok = <K extends CallName>(name: K, req: unknown = {}): Promise<CallResponse<K>> => (h[name] as (r: unknown) => Promise<CallResponse<K>>)(req);
  return { s, ok };
}

/** The PDF of a print result as text, and as a PNG artifact. */
function paper(r: PrintResult, png: string): string {
  mkdirSync(ART, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'slip-'));
  const pdf = join(tmp, 'slip.pdf');
  writeFileSync(pdf, Buffer.from(r.pdfBase64, 'base64'));
  execFileSync('pdftoppm', ['-r', '130', '-png', '-singlefile', pdf, join(tmp, 'page')]);
  copyFileSync(join(tmp, 'page.png'), join(ART, png));
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
}

describe('退款说明, the resolution\'s evidence slip and the 日结单 with 对账', () => {
  it('prints the refund slip of a paid, unloaded recharge: amount in figures and 大写, channel, trade no, expected date, the explanation', async () => {
    w = await MoneyWorld.create();
    const { s, ok } = await counter();
    const rec = await s.engine.start({ amountFen: 12_345, channel: 'alipay', operatorId: 'A01' });
    w.sim.pay(rec.orderId ?? '');
    await s.engine.checkPayment(rec.id);
    w.sim.runRefunds('2025-03-08');
    expect((await s.engine.resume(rec.id)).state).toBe('REFUNDING');
    const tradeNo = s.engine.get(rec.id)?.tradeNo ?? '';
    expect(tradeNo).toMatch(/^\d{28}$/);

    const slim = await ok('refundSlipPrint', { id: rec.id, format: '80mm' });
    expect(slim).toMatchObject({ reprint: null, printed: false, error: null });
    expect(slim.fileName).toBe(`${rec.id}-refund.pdf`);
    const text = paper(slim, 'refund-slip-80mm.png');
    for (const want of ['退款说明', '123.45', toChineseUppercase(12_345), '支付宝', tradeNo, '2025-03-10', '2025-03-07', '隔天通过对账后原路退还', '法定节假日顺延，收假后两天内退还']) {
      expect(text.replace(/\s/g, ''), want).toContain(want.replace(/\s/g, ''));
    }
    const a5 = await ok('refundSlipPrint', { id: rec.id, format: 'A5' });
    expect(a5.reprint).toBe(1); // archived again as a numbered copy
    expect(paper(a5, 'refund-slip-A5.png')).toContain('补打');
    // A loaded recharge has no refund slip.
    const done = await s.engine.start({ amountFen: 500, channel: 'wechat', operatorId: 'A01' });
    w.sim.pay(done.orderId ?? '');
    await s.engine.checkPayment(done.id);
    // The card is not blocked by the REFUNDING one: it loads.
    expect((await s.engine.load(done.id)).state).toBe('VERIFIED');
    await expect(ok('refundSlipPrint', { id: done.id })).rejects.toMatchObject({ code: 'PRINT_REFUND_NOT_APPLICABLE' });
  });

  it('the supervisor resolves 需管理员 with the card: CONFIRMED, audited, the evidence slip shows old and new; 对账 before (one mismatch) and after', async () => {
    w = await MoneyWorld.create();
    const { s, ok } = await counter();
    const date = localDateOf(w.clock.now());
    const good = await s.engine.start({ amountFen: 1_000, channel: 'wechat', operatorId: 'A01' });
    w.sim.pay(good.orderId ?? '');
    await s.engine.checkPayment(good.id);
    await s.engine.load(good.id);
    const rec = await s.engine.start({ amountFen: 2_000, channel: 'wechat', operatorId: 'A01' });
    w.sim.pay(rec.orderId ?? '');
    await s.engine.checkPayment(rec.id);
    w.sim.faults.fail('/confirm$', 1, 409); // the host refuses the card's TAC
    expect((await s.engine.load(rec.id)).state).toBe('NEEDS_ADMIN');

    const report = await ok('dayReportPrint', { date });
    const before = paper(report, 'day-report-reconcile-mismatch.png');
    expect(before).toContain('与发卡方对账');
    expect(before).toContain('一致 1 笔，主机有本机无 0 笔，本机有主机无 0 笔，不一致 1 笔');
    expect(before).toContain('需管理员处理：由主管凭卡核查');

    const credits = w.count('8052');
    const out = await ok('adminResolve', { id: rec.id, note: '发卡方已更正记录' });
    expect(out).toMatchObject({ outcome: 'CONFIRMED', reason: 'ADMIN_RESOLVED_LOADED', slipError: null });
    expect(out.record.state).toBe('VERIFIED');
    expect(w.count('8052')).toBe(credits); // never CREDIT
    expect(w.sim.order(rec.orderId ?? '').status).toBe('LOADED');
    const audit = s.auth.audit.list({ from: date, to: date, action: 'admin-resolve' });
    expect(audit[0]).toMatchObject({ operatorId: 'S01', target: rec.id, detail: { from: 'NEEDS_ADMIN', to: 'VERIFIED', outcome: 'CONFIRMED', note: '发卡方已更正记录' } });
    if (!out.slip) throw new Error('no evidence slip');
    const slip = paper(out.slip, 'evidence-resolved.png');
    for (const want of ['新旧证据对照', '原证据（转管理员时）', '新证据（管理员处理后核查）', 'HOST_REJECTED', 'PAID']) expect(slip).toContain(want);
    expect(slip).toContain('已圈存（余额已核对）');

    const after = (await ok('dayView', { date })).reconciliation;
    expect(after && [after.matched.length, after.mismatched.length]).toEqual([2, 0]);
  });
});
