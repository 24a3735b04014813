import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_REF, maskCardNo, maskCardNumbers, newErrorRef } from './error-ref';
import { openLogger } from './logger';

describe('the structured log', () => {
  it('writes one JSON object per line, synchronously, and keeps N generations when full', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etc-log-'));
    const log = openLogger(join(dir, 'logs', 'main.log'), { maxBytes: 600, keep: 3 });
    log.warn('卡片已拔出', { ref: 'E7K2-9Q', call: 'rechargeLoad', card: maskCardNo('62010000000000000001') });
    const [first] = readFileSync(log.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(first).toMatchObject({ level: 'warn', msg: '卡片已拔出', ref: 'E7K2-9Q', call: 'rechargeLoad', card: '6201************0001' });
    for (let i = 0; i < 60; i++) log.info(`line ${i}`, { n: i });
    log.write('FATAL uncaughtException: Error: boom\n    at x');
    const names = readdirSync(join(dir, 'logs')).sort();
    expect(names).toEqual(['main.log', 'main.log.1', 'main.log.2', 'main.log.3']);
    const last = readFileSync(log.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).at(-1);
    expect(last).toMatchObject({ level: 'error', msg: expect.stringContaining('FATAL uncaughtException') });
  });
});

describe('error references and card masks', () => {
  it('are short, unambiguous and differ', () => {
    const refs = new Set(Array.from({ length: 500 }, () => newErrorRef()));
    for (const r of refs) expect(r).toMatch(ERROR_REF);
    expect(refs.size).toBeGreaterThan(495);
    expect(newErrorRef(() => 0)).toBe('E000-00');
  });

  it('mask every card number in a text, not amounts or serials', () => {
    expect(maskCardNumbers('card 62010000000000000001, amount 150000, serial 12')).toBe('card 6201************0001, amount 150000, serial 12');
  });
});
