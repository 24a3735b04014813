import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditAction } from '../contract/ipc';
import { describeProblems, screenTextProblems } from '../tests/support/screen-text';
import { auditDetailText, auditTargetText, valueText } from './audit-detail';
import { L } from './i18n';

/** The details as main writes them (main/auth/operators.ts, main/ipc/handlers.ts, main/ipc/paper.ts). */
const NBSP = '\u00a0';
const CARD = ['6201', '0000', '0000', '0000', '0001'].join(NBSP); // grouped, and never broken across lines

describe('审计日志 details in words', () => {
  it('says why a sign-in failed, for each reason main records', () => {
    expect(auditDetailText('sign-in-failed', { reason: 'unknown id', attempt: 2 })).toBe('工号不存在（连续第 2 次失败）');
    expect(auditDetailText('sign-in-failed', { attempt: 3 })).toBe('密码错误（连续第 3 次）');
    expect(auditDetailText('sign-in-failed', { reason: 'locked' })).toBe('账号已锁定，拒绝登录');
    expect(auditDetailText('sign-in-failed', { reason: 'disabled' })).toBe('账号已停用，拒绝登录');
    expect(auditDetailText('sign-in-locked', { attempt: 5 })).toBe('连续第 5 次密码错误，账号已锁定');
  });

  it('writes unlock and new accounts as sentences', () => {
    expect(auditDetailText('unlock', { wasLocked: true, failedAttempts: 5 })).toBe('解除锁定（此前连续 5 次密码错误）');
    expect(auditDetailText('unlock', { wasLocked: false, failedAttempts: 2 })).toBe('账号未锁定，连续失败次数（2 次）已清零');
    expect(auditDetailText('operator-add', { role: 'operator', name: '张三' })).toBe('新增柜员账号，姓名：张三');
  });

  it('names card, amount and state of another operator\'s recharge, the card number grouped', () => {
    expect(auditDetailText('resume-other', { owner: 'A01', state: 'AUTHORIZED', via: 'resume', cardNo: '62010000000000000001', amountFen: 1234 }))
      .toBe(`继续处理柜员 A01 的充值：卡号 ${CARD}，12.34 元，接手时状态为“圈存中（已授权，结果未知）”`);
  });

  it('describes a reprint and a day close with amounts in yuan', () => {
    expect(auditDetailText('reprint', { copy: 1, format: '80mm', cardNo: '62010000000000000001', amountFen: 6600, printed: false }))
      .toBe(`补打第 1 份回单（80 mm 热敏纸）：卡号 ${CARD}，66.00 元，未打印（已存档 PDF）`);
    const t = (count: number, sumFen: number) => ({ count, sumFen });
    expect(auditDetailText('day-close', { recharges: 3, paid: t(2, 15_050), loaded: t(2, 15_050), unloaded: t(0, 0), refundsDue: t(0, 0) }))
      .toBe('当日充值 3 笔；已付款 2 笔 150.50 元；已圈存 2 笔 150.50 元；未圈存 0 笔 0.00 元；应退或待圈存 0 笔 0.00 元');
  });

  it('shows nothing for an action without detail', () => {
    expect(auditDetailText('sign-in', {})).toBe('');
  });

  it('adds keys the sentence does not use as a 名称：值 list, named in Chinese where the table names them', () => {
    expect(auditDetailText('sign-in-locked', { attempt: 5, terminalId: '000001000050' })).toBe('连续第 5 次密码错误，账号已锁定；终端号：000001000050');
  });

  it('falls back to a readable list, never JSON, for an unknown shape or action', () => {
    const text = auditDetailText('settings-change', { hostUrl: { old: 'http://127.0.0.1:8700', new: 'https://host.example' }, idleLockMinutes: { from: 5, to: 10 } });
    expect(text).toBe('发卡方主机地址：http://127.0.0.1:8700 → https://host.example，自动锁屏（分钟）：5 → 10');
    const odd = auditDetailText('sign-in-failed', { reason: 'unknown id', extra: { a: 1, b: [true, null] } });
    expect(odd).toBe('原因：工号不存在，其他：（其他：1，其他：是、—）'); // never an English key name
    for (const s of [text, odd]) expect(s).not.toMatch(/[{}"]/);
  });

  it('says every action the log records in words, and every detail main writes without a key, a timestamp, an id or English', () => {
    const t = (count: number, sumFen: number) => ({ count, sumFen });
    // One detail per action, as main writes it (main/auth, main/ipc, main/settings/system.ts).
    const DETAILS: Record<AuditAction, Record<string, unknown>[]> = {
      'sign-in': [{}, { via: 'cli', command: 'operator list' }, { via: 'unlock' }],
      'sign-in-failed': [{ reason: 'unknown id', attempt: 1 }, { attempt: 2 }, { reason: 'locked' }, { reason: 'disabled' }],
      'sign-in-locked': [{ attempt: 5 }],
      'sign-out': [{}, { reason: 'account-disabled' }, { reason: 'account-missing' }],
      reprint: [{ copy: 2, format: 'A5', cardNo: '62010000000000000001', amountFen: 100, printed: true }],
      'day-close': [{ recharges: 3, paid: t(2, 100), loaded: t(2, 100), unloaded: t(0, 0), refundsDue: t(0, 0), refunded: t(0, 0),
        carriedOver: ['b9837564-1c2d-4e5f-8a9b-0c1d2e3f4a5b'], note: '管理员明日处理' }],
      'settings-change': [{
        hostUrl: { old: null, new: 'https://host.example' }, mode: { old: 'real', new: 'training' }, receiptFormat: { old: '80mm', new: 'A5' },
        pos: { old: { mode: 'off', merchantNo: null }, new: { mode: 'manual', merchantNo: '898620154110001' } },
        cardMaxBalanceFen: { old: 100_000_000, new: 50_000_000 },
        cardMaxBalanceRules: { old: [{ network: '6201', cardType: 22, maxFen: 500_000 }], new: [{ network: null, cardType: null, maxFen: 800_000 }] },
        defaultPin: { old: '******', new: '******' }, pinEncoding: { old: 'bcd', new: 'ascii' },
      }],
      'resume-other': [{ owner: 'A01', state: 'PAID', via: 'load', cardNo: '62010000000000000001', amountFen: 100 }],
      unlock: [{ wasLocked: true, failedAttempts: 5 }],
      'operator-add': [{ role: 'supervisor', name: '王主管' }],
      'operator-disable': [{ wasDisabled: false }], 'operator-enable': [{ wasDisabled: true }],
      'password-upgrade': [{ fromN: 32_768, toN: 131_072 }],
      'recovery-code-issued': [{ reason: 'first-supervisor' }, { reason: 'requested' }, { reason: 'used' }],
      'recovery-used': [{ wasLocked: true, failedAttempts: 5 }],
      'recovery-failed': [{ wellFormed: true }, { wellFormed: false }],
      'admin-resolve': [{ from: 'NEEDS_ADMIN', to: 'CONFIRMED', outcome: 'CONFIRMED', note: '主机已更正', cardNo: '62010000000000000001', amountFen: 100,
        hostStatus: 'LOADED', evidence: { balanceFen: 1, serial: 3, log: [] } }],
      'day-reopen': [{ note: '补录一笔', closedAt: '2026-12-06T23:40:47.812Z', closedBy: 'S01' }],
      'password-change': [{}, { wrongCurrent: true, attempt: 2 }],
      'password-reset': [{ wasLocked: true, failedAttempts: 5 }],
      'settings-file': [{ kind: 'baseline', sha256: 'ab'.repeat(32), snapshot: { branch: '城关支行' } },
        { kind: 'outside', sha256: 'cd'.repeat(32), snapshot: {}, fields: ['hostUrl', 'terminalId'] },
        { kind: 'saved', sha256: 'ef'.repeat(32), snapshot: {} }, { kind: 'accepted', sha256: '01'.repeat(32), snapshot: {} }],
      'journal-backup': [{ bytes: 3_500_000, via: 'cli' }, { restoredFrom: '/var/backups/日结备份.sqlite', replaced: '/var/lib/etc-counter/被替换的流水.sqlite' }],
      'support-bundle': [{ bytes: 48_000, via: 'window' }, { bytes: 52_000, via: 'cli' }],
    };
    for (const action of AUDIT_ACTIONS) {
      const label = L(`UI_AUDIT_ACTION_${action.replace(/-/g, '_')}`);
      expect(describeProblems(action, screenTextProblems(label)), action).toBe('');
      for (const detail of DETAILS[action]) {
        const text = `${auditDetailText(action, detail)} ${auditTargetText({ action, target: 'b9837564-1c2d-4e5f-8a9b-0c1d2e3f4a5b', detail })}`;
        expect(describeProblems(action, screenTextProblems(text)), text).toBe('');
      }
    }
    expect(auditDetailText('day-reopen', DETAILS['day-reopen'][0] ?? {})).toBe('重新打开已日结的当日（原于 2026-12-07 07:40:47 由 S01 日结），原因：补录一笔');
    expect(auditDetailText('day-close', DETAILS['day-close'][0] ?? {})).toContain('已退款：0 笔 0.00 元');
    expect(auditDetailText('settings-change', DETAILS['settings-change'][0] ?? {})).toContain('POS 收款：不使用 POS → 手工录入签购单，商户号 898620154110001');
    expect(auditTargetText({ action: 'reprint', target: 'b9837564-1c2d-4e5f-8a9b-0c1d2e3f4a5b', detail: { cardNo: '62010000000000000001', amountFen: 6600 } }))
      .toBe('充值：卡号尾号 0001，66.00 元');
    expect(auditDetailText('settings-file', DETAILS['settings-file'][1] ?? {})).toBe('设置文件在本程序之外被修改：发卡方主机地址、终端号');
    expect(auditDetailText('support-bundle', DETAILS['support-bundle'][0] ?? {})).toBe('导出支持包（47 KB，在程序窗口中）');
  });

  it('writes values by what their key means', () => {
    expect(valueText('amountFen', 123_456)).toBe('1,234.56 元');
    expect(valueText('cardNo', '62012307150000418823')).toBe(['6201', '2307', '1500', '0041', '8823'].join(NBSP));
    expect(valueText('state', 'VERIFIED')).toBe('已圈存（余额已核对）');
    expect(valueText('role', 'supervisor')).toBe('主管');
    expect(valueText('paid', { count: 2, sumFen: 100 })).toBe('2 笔 1.00 元');
    expect(valueText('anything', '')).toBe('—');
  });
});
