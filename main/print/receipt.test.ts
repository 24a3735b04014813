import { describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import type { RechargeEvent, RechargeRecord } from '../../contract/recharge';
import { evidenceData, renderEvidence } from './evidence';
import { receiptData, renderReceipt } from './receipt';

const EVIL = '<script>alert(1)</script><img src=x onerror="x()">';
const record: RechargeRecord = {
  id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', createdAt: '2025-03-01T02:30:00.000Z', updatedAt: '2025-03-01T02:31:05.000Z',
  state: 'VERIFIED', training: false, terminalId: '000001000050', operatorId: 'op01', cardNo: '62010000000000000001',
  plate: '甘A12345', plateColor: 0, amountFen: 123450, channel: 'wechat', balanceBeforeFen: 10000, orderId: 'H0001',
  tradeNo: '4200001234202503011234567890', qrPayload: null, orderExpiresAt: null, onlineSerial: 7, hostDateTime: '20250301103100',
  balanceAfterFen: 133450, tac: '1A2B3C4D', error: null, posVoucher: null, authCodeMasked: null, cardVersion: 0x10, keyVersion: 1, algId: 0,
};
const ctx = { branch: '兰州城关营业厅', terminalId: '000001000051', operatorId: 'sup01', printedAt: '2025-03-01T02:32:00.000Z', timeZone: 'Asia/Shanghai' };

describe('receipt HTML', () => {
  it('holds every field of the slip, the amount in figures and in 大写, and the status', () => {
    const html = renderReceipt(receiptData(record, ctx), '80mm');
    for (const s of ['ETC 陇通卡充值回单', '兰州城关营业厅', '000001000050', 'op01', '2025-03-01 10:31:00', '6201 0000 0000 0000 0001',
      '甘A12345', '蓝', '1234.50', '壹仟贰佰叁拾肆元伍角整', '微信支付', '4200001234202503011234567890', '100.00 元',
      '1334.50 元', '>8<', '1A2B3C4D', '已圈存', '终端 000001000051', '柜员 sup01', '2025-03-01 10:32:00']) {
      expect(html, s).toContain(s);
    }
    expect(html).toContain('@page { size: 80mm');
    expect(html).not.toContain('补打');
    expect(html).not.toContain('培训模式');
  });

  it('is self-contained: inline CSS, the CJK font list, no script, no external resource', () => {
    const html = renderReceipt(receiptData(record, ctx), 'A5');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('@page { size: A5');
    expect(html).toContain("'Paper Sans', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif");
    expect(html).toContain("src: local('Noto Sans CJK SC')"); // one CJK face, bold drawn from it (main/paper/html.ts)
    expect(html).not.toMatch(/<script|<link|src=|url\(|https?:/i);
  });

  it('escapes a plate or an operator name carrying HTML', () => {
    const html = renderReceipt(receiptData({ ...record, plate: EVIL, operatorId: '"><b>x</b>' }, { ...ctx, branch: EVIL }), 'A5',
      { reprint: { at: '2025-03-02T01:00:00Z', by: EVIL } });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;x()&quot;&gt;');
  });

  it('marks a reprint 补打 with when and by whom', () => {
    const html = renderReceipt(receiptData(record, ctx), '80mm', { reprint: { at: '2025-03-02T01:00:00Z', by: 'sup02' }, timeZone: 'Asia/Shanghai' });
    expect(html).toContain('class="reprint">补打');
    expect(html).toContain('补打时间 2025-03-02 09:00:00　补打人 sup02');
  });

  it('prints 培训模式 — 非正式凭证 across a training slip', () => {
    const html = renderReceipt(receiptData({ ...record, training: true }, ctx), '80mm');
    expect(html).toContain('<div class="training">培训模式 — 非正式凭证</div>');
  });

  it('shows 未圈存, no balance after and no serial for an unloaded recharge', () => {
    const html = renderReceipt(receiptData({ ...record, state: 'UNLOADED', balanceAfterFen: null, tac: null }, ctx), 'A5');
    expect(html).toContain('<strong>未圈存</strong>');
    expect(html).toContain('<th>卡片联机序号</th><td class="mono">—</td>');
  });

  it('gives 卡片联机序号 as the card counts the load: the serial after it, N+1 (INIT answered N = 7)', () => {
    expect(receiptData(record, ctx).onlineSerial).toBe(8);
    expect(receiptData({ ...record, state: 'CONFIRMED' }, ctx).onlineSerial).toBe(8);
    expect(receiptData({ ...record, state: 'NEEDS_ADMIN' }, ctx).onlineSerial).toBeNull();
    expect(receiptData({ ...record, state: 'PAID', onlineSerial: null }, ctx).onlineSerial).toBeNull();
  });

  it('keeps the 流水号 whole on one line of the 80 mm roll (its own row, no breaking) and beside its label on A5', () => {
    const roll = renderReceipt(receiptData(record, ctx), '80mm');
    expect(roll).toContain(`<tr><th colspan="2">流水号</th></tr><tr><td colspan="2" class="mono id wide">${record.id}</td></tr>`);
    expect(roll).toContain('table.kv td.id { white-space: nowrap; word-break: normal; }');
    expect(renderReceipt(receiptData(record, ctx), 'A5')).toContain(`<tr><th>流水号</th><td class="mono id">${record.id}</td></tr>`);
  });

  it('tells the customer where the invoice comes from: the national toll e-invoice platform (票根), 24 h after', () => {
    const html = renderReceipt(receiptData(record, ctx), '80mm');
    expect(html).toMatch(/<div class="invoice" data-invoice>发票：本次充值 24 小时后，可在全国收费公路通行费电子票据服务平台（“票根”App）开具发票/);
  });
});

describe('evidence slip HTML', () => {
  const admin: RechargeRecord = { ...record, state: 'NEEDS_ADMIN', error: 'RECHARGE_NEEDS_ADMIN', plate: EVIL };
  const events: RechargeEvent[] = [
    { rechargeId: record.id, seq: 1, at: '2025-03-01T02:30:00Z', state: 'READ', data: { step: 'opened', cardVersion: 16, validUntil: '2030-12-31', entry: 'qr', pos: null, authCode: null } },
    { rechargeId: record.id, seq: 2, at: '2025-03-01T02:31:00Z', state: 'NEEDS_ADMIN', data: {
      step: 'decision', via: 'interrupted', confirmation: null, refusal: null, resolution: null,
      verdict: 'CONTRADICTION', reason: 'serial advanced by one but no matching 0018 load record', hostStatus: 'PAID',
      evidence: { balanceFen: 133450, onlineSerial: 8, loadRecord: { serial: 8, amountFen: 123450, terminalId: '000001000050', at: '2025-03-01T10:31:00' } },
    } },
  ];

  it('holds card, balance, serial, the card transaction, the events and the host status, escaped, on A4', () => {
    const html = renderEvidence(evidenceData(admin, events, ctx));
    for (const s of ['圈存异常证据单', '6201 0000 0000 0000 0001', '1334.50 元', '>8<', '圈存', '2025-03-01 10:31:00',
      'serial advanced by one', '联机序号加一，但卡内没有相符的圈存记录', 'PAID', '已读卡', '需管理员处理', 'evidence.onlineSerial=8', '发行方管理员']) {
      expect(html, s).toContain(s);
    }
    expect(html).toContain('@page { size: A4');
    expect(html).not.toContain('<script>');
  });

  it('prefers a fresh card read and a fresh host status when given', () => {
    const card = { balanceFen: 99, transactions: [{ serial: 9, overdraftFen: 0, amountFen: 500, type: 6, terminalId: '112233445566', at: '2025-03-01T12:00:00' }] };
    const d = evidenceData(admin, events, { ...ctx, card: card as never, hostStatus: 'LOADED' });
    expect(d.cardBalanceFen).toBe(99);
    expect(d.cardSource.kind).toBe('fresh');
    expect(d.hostStatus).toBe('LOADED');
    expect(renderEvidence(d)).toContain('消费');
  });

  it('refuses a recharge that does not need an administrator', () => {
    expect(() => evidenceData(record, events, ctx)).toThrow(expect.objectContaining({ code: 'PRINT_EVIDENCE_NOT_NEEDED' }));
    try { evidenceData(record, events, ctx); } catch (e) { expect(isAppError(e, 'PRINT_EVIDENCE_NOT_NEEDED')).toBe(true); }
  });
});
