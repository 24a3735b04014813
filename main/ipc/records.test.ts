import { describe, expect, it } from 'vitest';
import type { HostRecord } from '../../contract/host-api';
import type { RechargeRecord, RechargeState } from '../../contract/recharge';
import type { RecordsQuery } from '../../contract/host-api';
import { hostRecordsFor, mergeRecords } from './records';

const local = (id: string, state: RechargeState, createdAt = '2026-03-01T02:00:00.000Z', orderId: string | null = `HO-${id}`): RechargeRecord => ({
  id, createdAt, updatedAt: createdAt, state, training: true, terminalId: '000001000050', operatorId: 'A01',
  cardNo: '62010000000000000001', plate: '甘A12345', plateColor: 0, amountFen: 1000, channel: 'wechat', balanceBeforeFen: 0,
  orderId, tradeNo: null, qrPayload: null, orderExpiresAt: null, onlineSerial: null, hostDateTime: null, balanceAfterFen: null,
  tac: null, error: null, posVoucher: null, authCodeMasked: null, cardVersion: null, keyVersion: null, algId: null,
});
const host = (orderId: string, clientOrderId: string, status: HostRecord['status'], createdAt = '2026-03-01T03:00:00.000Z'): HostRecord => ({
  orderId, clientOrderId, cardNo: '62010000000000000001', plate: '甘A12345', plateColor: 0, amountFen: 2000, channel: 'alipay',
  tradeNo: 'T1', status, createdAt, loadedAt: null, refund: null,
});

describe('充值记录: the journal and the host merged', () => {
  it('gives each local state its status word and a 圈存 button only to paid, not-loaded recharges', () => {
    const rows = mergeRecords([
      local('a', 'VERIFIED'), local('b', 'UNLOADED'), local('c', 'AUTHORIZED'), local('d', 'ORDERED'),
      local('e', 'NEEDS_ADMIN'), local('f', 'CANCELLED'),
    ], []);
    expect(Object.fromEntries(rows.map((r) => [r.rechargeId, [r.status, r.action, r.source]]))).toEqual({
      // AUTHORIZED: a card pulled mid-load — 未圈存, as the manual calls paid money not (known to be) on the card; 圈存 resumes it.
      a: ['loaded', null, 'local'], b: ['unloaded', 'resume', 'local'], c: ['unloaded', 'resume', 'local'],
      d: ['pending', null, 'local'], e: ['needs-admin', null, 'local'], f: ['cancelled', null, 'local'],
    });
  });

  it('calls a load cut short 未圈存 and offers no refund slip while the money can still be loaded; names a payment code apart from a QR order', () => {
    const rows = mergeRecords([
      local('p', 'PAID'), local('i', 'INIT'), local('w', 'WRITTEN'), local('u', 'UNLOADED'),
      { ...local('k', 'VERIFIED'), authCodeMasked: '1345********6789' }, { ...local('o', 'VERIFIED'), channel: 'pos' },
    ], [host('HO-p', 'p', 'PAID'), host('HO-u', 'u', 'UNLOADED')]);
    expect(Object.fromEntries(rows.map((r) => [r.rechargeId, [r.status, r.action, r.paper.join('+'), r.way]]))).toEqual({
      p: ['unloaded', 'resume', '', 'wechat_qr'], i: ['unloaded', 'resume', '', 'wechat_qr'], w: ['pending', 'resume', '', 'wechat_qr'],
      u: ['unloaded', 'resume', '', 'wechat_qr'], k: ['loaded', null, 'receipt', 'wechat_code'], o: ['loaded', null, 'receipt', 'pos'],
    });
  });

  it('matches host orders by clientOrderId or order id, and lists paid orders it never saw as 未圈存 to adopt', () => {
    const rows = mergeRecords([local('a', 'UNLOADED'), local('b', 'VERIFIED', undefined, 'HO-x')], [
      host('HO-a', 'a', 'LOADED'), host('HO-x', 'zz', 'LOADED'), host('HO-new', 'other', 'PAID', '2026-03-01T04:00:00.000Z'),
      host('HO-gone', 'other2', 'CLOSED'), host('HO-ref', 'other3', 'REFUNDED'),
    ]);
    expect(rows.map((r) => [r.key, r.status, r.source, r.action])).toEqual([
      ['host:HO-new', 'unloaded', 'host', 'adopt'],
      ['host:HO-gone', 'cancelled', 'host', null],
      ['host:HO-ref', 'refunded', 'host', null],
      // Proven unloaded here, loaded since on another terminal: the host's word is the newer.
      ['a', 'loaded', 'both', null],
      ['b', 'loaded', 'both', null],
    ]);
  });

  it('shows 退款中 / 已退款 with the host\'s refund facts, offers no 圈存 for them, and the refund slip where the money is not on the card', () => {
    const refund = { businessDay: '2026-03-01', expectedDate: '2026-03-02', heldForCard: false, refundNo: null, refundedAt: null };
    const rows = mergeRecords([
      local('u', 'UNLOADED'), local('p', 'PAID'), local('r', 'REFUNDING'), local('d', 'REFUNDED'), local('v', 'VERIFIED'), local('n', 'NEEDS_ADMIN'),
    ], [
      { ...host('HO-u', 'u', 'REFUNDING'), refund }, { ...host('HO-p', 'p', 'REFUNDED'), refund: { ...refund, refundNo: 'R9', refundedAt: '2026-03-02T01:00:00.000Z' } },
    ], (id) => ({ refund: id === 'r' ? refund : null, resolvedFromAdmin: id === 'v' }));
    expect(Object.fromEntries(rows.map((r) => [r.rechargeId, [r.status, r.action, r.paper.join('+'), r.refund?.expectedDate ?? null]]))).toEqual({
      u: ['refunding', null, 'refund-slip', '2026-03-02'],
      p: ['refunded', null, 'refund-slip', '2026-03-02'],
      r: ['refunding', null, 'refund-slip', '2026-03-02'],
      d: ['refunded', null, 'refund-slip', null],
      v: ['loaded', null, 'receipt+evidence', null], // resolved from 需管理员: its evidence slip stays printable
      n: ['needs-admin', null, 'evidence', null],
    });
  });

  it('asks the host one day wider on each side and keeps only orders of the local window', async () => {
    const asked: RecordsQuery[] = [];
    const all = [host('H1', 'c1', 'PAID', '2026-02-28T23:30:00.000Z'), host('H2', 'c2', 'PAID', '2026-03-01T12:00:00.000Z'),
      host('H3', 'c3', 'PAID', '2026-03-02T00:30:00.000Z')];
    const got = await hostRecordsFor({ plate: '甘A12345', plateColor: 0, from: '2026-03-01', to: '2026-03-01' },
      async (q) => { asked.push(q); return all; }, 'UTC');
    expect(asked.map((q) => [q.from, q.to])).toEqual([['2026-02-28', '2026-03-02']]);
    expect(got.map((h) => h.orderId)).toEqual(['H2']);
  });

  it('splits a widened 30-day window in two so the host never sees more than 30 days, and dedupes', async () => {
    const asked: [string, string][] = [];
    const h = host('H1', 'c1', 'PAID', '2026-01-15T12:00:00.000Z');
    const got = await hostRecordsFor({ plate: '甘A12345', plateColor: 0, from: '2026-01-01', to: '2026-01-31' },
      async (q) => { asked.push([q.from, q.to]); return [h]; }, 'UTC');
    expect(asked).toEqual([['2025-12-31', '2026-01-30'], ['2026-01-31', '2026-02-01']]);
    expect(got).toEqual([h]);
  });
});
