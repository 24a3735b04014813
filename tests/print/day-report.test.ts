import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { PLATE_COLORS } from '../../contract/card';
import type { RechargeRecord } from '../../contract/recharge';
import { decisionData } from '../../contract/recharge-events';
import { groupHex } from '../../main/journal/chain';
import { localStamp } from '../../main/paper/html';
import { assertDayClosable, dayCloseBlockers, dayReport, exportDay, parseCsv, renderDayReport } from '../../main/report';
import { trainingServices } from '../support/training';
import { fillDay, type FilledDay, type Training } from './fill-day';

let s: Training;
let day: FilledDay;

beforeAll(async () => {
  s = await trainingServices();
  day = await fillDay(s);
}, 60_000);
afterAll(async () => s.dispose());

const yuan = (fen: number | null) => (fen === null ? '' : `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`);
const STATE_ZH: Record<string, string> = { VERIFIED: '已圈存（余额已核对）', CANCELLED: '已取消', UNLOADED: '未圈存', NEEDS_ADMIN: '需管理员处理', PAID: '已付款，待圈存' };

/** What a row of the export must say about a recharge, worked out here independently of main/report. */
function expectedRow(r: RechargeRecord): Record<string, string> {
  return {
    时间: localStamp(r.createdAt), 流水号: r.id, 卡号: r.cardNo, 车牌号: r.plate, 车牌颜色: PLATE_COLORS[r.plateColor]?.zh ?? '',
    '金额（元）': yuan(r.amountFen), '金额（分）': String(r.amountFen), 支付方式: r.channel === 'wechat' ? '微信支付' : '支付宝',
    订单号: r.orderId ?? '', 支付交易号: r.tradeNo ?? '', 状态: STATE_ZH[r.state] ?? r.state,
    '充值前余额（元）': yuan(r.balanceBeforeFen), '充值前余额（分）': String(r.balanceBeforeFen),
    '充值后余额（元）': yuan(r.balanceAfterFen), '充值后余额（分）': r.balanceAfterFen === null ? '' : String(r.balanceAfterFen),
    联机序号: r.onlineSerial === null ? '' : String(r.onlineSerial), TAC: r.tac ?? '', 柜员: r.operatorId, 终端号: r.terminalId,
    // QR payments on 3DES cards: no payment code, no POS slip; version 10 cards (and those the INIT answered) with key 01, algorithm 00.
    '付款码（脱敏）': '', POS商户号: '', POS终端号: '', POS批次号: '', POS凭证号: '', POS参考号: '', POS授权码: '', '银行卡号（脱敏）': '', POS刷卡时间: '',
    卡版本: r.cardVersion === null ? '' : r.cardVersion.toString(16).toUpperCase().padStart(2, '0'),
    密钥版本: r.keyVersion === null ? '' : `0${r.keyVersion}`, 算法标识: r.algId === null ? '' : '00',
  };
}

describe('the day report over a day of real training recharges', () => {
  it('counts per channel what was paid, and each outcome once', () => {
    const r = dayReport(s.journal, day.date, { terminalId: '000001000050', branch: '培训网点', training: true });
    expect(r.totals.recharges).toBe(6);
    expect(r.byChannel).toEqual({ wechat: { count: 3, sumFen: 5000 + 3000 + 800 }, alipay: { count: 2, sumFen: 2500 + 987 }, pos: { count: 0, sumFen: 0 } });
    expect(r.totals.paid).toEqual({ count: 5, sumFen: 12287 });
    expect(r.loaded).toEqual({ count: 2, sumFen: 7500 });
    expect(r.repaired).toEqual({ count: 1, sumFen: 2500 });
    expect(r.unloaded).toEqual({ count: 1, sumFen: 3000 });
    expect(r.needsAdmin).toEqual({ count: 1, sumFen: 987 });
    expect(r.pending).toEqual({ count: 1, sumFen: 800 });
    expect(r.cancelled).toEqual({ count: 1, sumFen: 100 });
    expect(r.refundsDue).toEqual({ count: 2, sumFen: 3987 });
    // Every paid fen is somewhere: loaded, owed back, or still pending.
    expect(r.loaded.sumFen + r.refundsDue.sumFen + r.pending.sumFen).toBe(r.totals.paid.sumFen);
  });

  it('renders the report as an A4 page with the training mark and the sums in yuan', () => {
    const html = renderDayReport(dayReport(s.journal, day.date, { terminalId: '000001000050', branch: '培训网点', training: true }));
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('培训模式 — 非正式凭证');
    expect(html).toContain('122.87');
    expect(html).toContain('39.87');
    // The 日结单 carries the day's hash-chain head: `journal verify --date` prints the same digest.
    expect(html).toContain(`校验码 ${groupHex(s.journal.chainHead(day.date).digest)}`);
  });

  it('exports CSV with a BOM and CRLF that reads back equal to the journal, field by field', async () => {
    const buf = await exportDay(s.journal, day.date, 'csv');
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const [header, ...rows] = parseCsv(buf);
    // After the table, an empty line and the day's hash-chain head (docs/security.md) as a `# ` note, not a row of it.
    const footer = rows.pop();
    const head = s.journal.chainHead(day.date);
    expect(footer).toEqual([`# 日志哈希链（截至当日结束）：第 ${head.events.last} 条交易事件、第 ${head.audit.last} 条审计记录，校验码 ${groupHex(head.digest)}`]);
    expect(rows.pop()).toEqual(['']);
    const records = s.journal.day(day.date);
    expect(rows).toHaveLength(records.length);
    records.forEach((r, i) => {
      const got = Object.fromEntries((header ?? []).map((h, j) => [h, rows[i]?.[j] ?? '']));
      expect(got).toEqual(expectedRow(r));
    });
    const sumFen = rows.reduce((n, row) => n + Number(row[(header ?? []).indexOf('金额（分）')]), 0);
    expect(sumFen).toBe(5000 + 2500 + 100 + 3000 + 987 + 800);
  });

  it('exports XLSX with the recharges, the events and the report, read back with exceljs', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(arrayBuffer(await exportDay(s.journal, day.date, 'xlsx', { terminalId: '000001000050', branch: '培训网点', training: true })));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['充值明细', '交易日志事件', '日结汇总']);
    const [recharges, events, summary] = wb.worksheets;
    const cells = (ws: ExcelJS.Worksheet | undefined, n: number) =>
      ((ws?.getRow(n).values ?? []) as ExcelJS.CellValue[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
    const header = cells(recharges, 1);
    const records = s.journal.day(day.date);
    expect(recharges?.rowCount).toBe(records.length + 1);
    records.forEach((r, i) => {
      const row = cells(recharges, i + 2);
      expect(Object.fromEntries(header.map((h, j) => [h, row[j] ?? '']))).toEqual(expectedRow(r));
    });
    // Fen columns are numbers, card numbers stay text (Excel would print 20 digits as 6.2E+19).
    expect(typeof recharges?.getRow(2).getCell(header.indexOf('金额（分）') + 1).value).toBe('number');
    expect(typeof recharges?.getRow(2).getCell(header.indexOf('卡号') + 1).value).toBe('string');

    const allEvents = s.journal.dayEvents(day.date);
    expect(events?.rowCount).toBe(allEvents.length + 1);
    allEvents.forEach((e, i) => {
      const row = cells(events, i + 2);
      expect(row.slice(0, 3)).toEqual([e.rechargeId, String(e.seq), localStamp(e.at)]);
      expect(row[3]).toContain(`(${e.state})`);
    });
    const repairedStates = allEvents.filter((e) => e.rechargeId === day.repaired.id).map((e) => e.state);
    expect(repairedStates).toContain('UNLOADED');

    const lines = new Map<string, string[]>();
    for (let n = 2; n <= (summary?.rowCount ?? 0); n++) { const row = cells(summary, n); lines.set(row[0] ?? '', row.slice(1)); }
    expect(lines.get('已圈存')).toEqual(['2', '75.00', '7500']);
    expect(lines.get('应退或待圈存（已付款未到卡）')).toEqual(['2', '39.87', '3987']);
    expect(lines.get('已付款合计')).toEqual(['5', '122.87', '12287']);
  });

  it('refuses to close the day while a recharge is unresolved or a load is in flight, and says which', () => {
    const b = dayCloseBlockers(s.journal, day.date, false);
    expect(b.canClose).toBe(false);
    expect(b.loadInFlight).toBe(false);
    expect(b.unresolved.map((u) => [u.id, u.state])).toEqual([[day.needsAdmin.id, 'NEEDS_ADMIN'], [day.pending.id, 'PAID']]);
    expect(() => assertDayClosable(b)).toThrow(/有 2 笔充值尚未处理完毕/);
    const busy = dayCloseBlockers(s.journal, day.date, true);
    expect(busy.loadInFlight).toBe(true);
    try { assertDayClosable(busy); expect.unreachable(); } catch (e) { expect(isAppError(e, 'DAY_CLOSE_LOAD_IN_FLIGHT')).toBe(true); }
  });

  it('lets the day close once the pending recharge is loaded and the administrator has decided', async () => {
    s.training?.insert('t0');
    expect((await s.engine.resume(day.pending.id)).state).toBe('VERIFIED');
    s.journal.append(day.needsAdmin.id, 'UNLOADED', decisionData('resolution', {
      verdict: 'NOT_LOADED', reason: 'serial and balance unchanged', evidence: null, hostStatus: 'PAID',
      resolution: { by: 'S01', note: null, outcome: 'UNLOADED', previousError: null },
    }));
    const b = dayCloseBlockers(s.journal, day.date, false);
    expect(b).toEqual({ loadInFlight: false, unresolved: [], canClose: true, canCarryOver: false });
    expect(() => assertDayClosable(b)).not.toThrow();
  });
});

/** exceljs types its input as an ArrayBuffer-like `Buffer` of its own; hand it exactly the bytes. */
function arrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
