import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { SettingsSchema } from '../../contract/settings';
import { localDateOf } from '../../main/journal/dates';
import { PrintService, ReceiptArchive } from '../../main/print';
import { ChromiumPrinter } from '../../main/print/chromium-printer';
import { dayReport, exportDay, parseCsv, renderDayReport } from '../../main/report';
import { pdfToPng } from '../support/pdf';
import { trainingServices } from '../support/training';

/**
 * A POS payment on paper (docs/pos.md): the receipt with the slip's fields and the bank card masked, the
 * day report's POS row and slip list (a charged slip that paid nothing marked to void on the POS), and the
 * export's POS columns — through Chromium to PDF and PNG (artifacts/receipts/).
 */
type S = Awaited<ReturnType<typeof trainingServices>>;
let s: S;
const printer = new ChromiumPrinter();
const MERCHANT = '898620154110001';

beforeAll(async () => {
  s = await trainingServices({ settings: SettingsSchema.parse({ pos: { mode: 'mis', merchantNo: MERCHANT }, branch: '兰州城关营业厅' }), posSwipeMs: 0 });
  s.training.insert('normal');
}, 60_000);
afterAll(async () => {
  await printer.close();
  await s.dispose();
});

describe('a POS payment on paper', () => {
  it('the receipt shows merchant, POS terminal, batch, voucher, reference, auth code, the masked bank card and the charge time', async () => {
    const paid = await s.engine.payByPos({ amountFen: 20_000, operatorId: 'op01' });
    const done = await s.engine.load(paid.id);
    expect(done.state).toBe('VERIFIED');
    const v = done.posVoucher;
    if (!v) throw new Error('no slip on the record');
    const svc = new PrintService({ printer, archive: new ReceiptArchive(s.dataDir), settings: { ...s.settings, printerName: null } });
    const out = await svc.printReceipt(done, { operatorId: 'op01', format: '80mm' });
    const page = pdfToPng(out.archived.path, 'receipt-pos-80mm.png');
    expect(page.pages).toBe(1);
    for (const text of ['银行卡(POS)', 'POS 商户号', MERCHANT, '62010088', v.batchNo ?? '?', v.voucherNo, v.referenceNo, v.authCode ?? '?',
      '622848******0018', '刷卡时间', '贰佰元整', '已圈存']) {
      expect(page.text, text).toContain(text);
    }
    const a5 = await svc.printReceipt(done, { operatorId: 'sup01', format: 'A5', reprint: true });
    expect(pdfToPng(a5.archived.path, 'receipt-pos-a5.png').text).toContain(v.referenceNo);
  });

  it('the day report counts the POS channel and lists the day’s slips, marking a charged slip that paid nothing', async () => {
    // The POS charges, then the host refuses the order: nothing is loaded, and the counter must void the charge on the POS.
    s.training.sim.faults.fail('/v1/orders$', 1, 409, 'POST');
    await expect(s.engine.payByPos({ amountFen: 3_300, operatorId: 'op01' })).rejects.toSatisfy((e) => isAppError(e, 'POS_VOID_NEEDED'));
    const date = localDateOf(new Date());
    const report = dayReport(s.journal, date, { terminalId: s.settings.terminalId, branch: s.settings.branch, training: true });
    expect(report.byChannel.pos).toEqual({ count: 1, sumFen: 20_000 });
    expect(report.posSlips.map((p) => [p.amountFen, p.state, p.voidOnPos])).toEqual([[20_000, 'VERIFIED', false], [3_300, 'CANCELLED', true]]);
    const svc = new PrintService({ printer, archive: new ReceiptArchive(s.dataDir), settings: { ...s.settings, printerName: null } });
    const out = await svc.printDocument(renderDayReport(report), { date, id: 'day', kind: 'report', format: 'A4' });
    const page = pdfToPng(out.archived.path, 'day-report-pos.png');
    for (const text of ['银行卡(POS)', '200.00', '33.00', 'POS 签购单', report.posSlips[0]?.voucher.referenceNo ?? '?', '622848******0018', '须当日在 POS 上撤销']) {
      expect(page.text, text).toContain(text);
    }
  });

  it('the export carries the slip’s fields, the bank card masked, in columns of their own', async () => {
    const date = localDateOf(new Date());
    const [header, ...rows] = parseCsv(await exportDay(s.journal, date, 'csv'));
    const col = (name: string) => (header ?? []).indexOf(name);
    const pos = rows.filter((r) => r[col('支付方式')] === '银行卡(POS)');
    expect(pos).toHaveLength(2);
    const loaded = pos.find((r) => r[col('状态')]?.startsWith('已圈存'));
    expect(loaded?.[col('POS商户号')]).toBe(MERCHANT);
    expect(loaded?.[col('POS终端号')]).toBe('62010088');
    expect(loaded?.[col('银行卡号（脱敏）')]).toBe('622848******0018');
    expect(loaded?.[col('POS参考号')]).toMatch(/^\d{12}$/);
    expect(loaded?.[col('卡版本')]).toBe('10');
    expect(loaded?.[col('算法标识')]).toBe('00');
  });
});
