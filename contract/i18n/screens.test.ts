import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages, t } from './index';

const UUID = 'b9837564-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('messages staff read', () => {
  it('write a state, a host status or a slip field in words, never as the code', () => {
    expect(t('RECONCILE_HOST_STATUS_TEST', {})).toBe('RECONCILE_HOST_STATUS_TEST'); // unknown keys still show themselves
    expect(t('POS_SLIP_MISMATCH', { field: 'voucherNo', referenceNo: '123456789012' })).toBe('签购单信息与收单记录不符：凭证号（参考号 123456789012）');
    expect(t('RECHARGE_HOST_ORDER_NOT_LOADABLE', { orderId: 'HO1', status: 'REFUNDED' })).not.toMatch(/REFUNDED/);
    expect(t('RECEIPT_NOTHING_PAID', { state: 'CANCELLED' })).toBe('该笔充值未付款（已取消），没有回单可打印');
    expect(t('JOURNAL_BAD_TRANSITION', { id: UUID, from: 'PAID', to: 'CANCELLED' })).not.toMatch(/PAID|CANCELLED/);
    // English keeps its own words; a value that is no code stays as it is.
    expect(t('POS_SLIP_MISMATCH', { field: 'voucherNo', referenceNo: '1' }, 'en')).toContain('voucher no');
    expect(t('RECORDS_WINDOW_REVERSED', { from: '2025-12-07', to: '2025-12-01' })).toBe('开始日期 2025-12-07 不能晚于结束日期 2025-12-01');
  });

  it('never show a recharge\'s UUID in Chinese (the English half keeps it for support)', () => {
    const withId = ['AUTH_CODE_USED', 'RECHARGE_NOT_FOUND', 'JOURNAL_NOT_FOUND', 'JOURNAL_DUPLICATE', 'JOURNAL_BAD_TRANSITION',
      'RECHARGE_TWIN_CANCELLED_REFUNDED', 'RECHARGE_TWIN_CANCELLED_LOADED', 'PRINT_REFUND_NOT_APPLICABLE', 'PRINT_EVIDENCE_NOT_NEEDED', 'POS_SLIP_USED_BY'];
    for (const key of withId) {
      expect(messages[key], key).toBeDefined();
      const text = t(key, { id: UUID, recharge: UUID, amount: '1.00', state: 'PAID', from: 'PAID', to: 'INIT', referenceNo: '1', at: 'x', plate: 'p', terminal: 't' });
      expect(text, key).not.toContain(UUID);
    }
  });

  it('exist for every key the screens look up by name', () => {
    const root = join(__dirname, '..', '..', 'renderer');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (/\.(vue|ts)$/.test(e.name) && !e.name.endsWith('.test.ts')) files.push(join(dir, e.name));
      }
    };
    walk(root);
    const missing: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bL\('([A-Z][A-Z0-9_a-z]+)'/g)) {
        if (!(m[1] as string in messages)) missing.push(`${f.slice(root.length + 1)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
