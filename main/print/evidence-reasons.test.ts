import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decisionReason, decisionVerdict } from '../../contract/i18n';

/** Every reason decide.ts can journal, read from its source: a new one without its words fails here. */
const source = readFileSync(new URL('../recharge/decide.ts', import.meta.url), 'utf8');
const reasons = [...source.matchAll(/reason: '([^']+)'/g)].map((m) => m[1] ?? '');
const verdicts = [...new Set([...source.matchAll(/kind: '([A-Z_]+)'/g)].map((m) => m[1] ?? ''))];

describe('the card decision on paper, in Chinese', () => {
  it('has words for every reason and verdict decide.ts journals', () => {
    expect(reasons.length).toBeGreaterThanOrEqual(10);
    for (const r of reasons) expect(decisionReason(r), r).toMatch(/[\u4e00-\u9fff]/);
    expect(verdicts.sort()).toEqual(['CONTRADICTION', 'LOADED', 'NOT_LOADED', 'UNCLEAR']);
    for (const v of verdicts) expect(decisionVerdict(v), v).toMatch(/[\u4e00-\u9fff]/);
  });

  it('gives back an unknown reason or verdict as it was journaled, and the English on request', () => {
    expect(decisionReason('something a newer engine says')).toBe('something a newer engine says');
    expect(decisionVerdict('MAYBE')).toBe('MAYBE');
    expect(decisionReason('serial and balance unchanged', 'en')).toBe('serial and balance unchanged');
    expect(decisionReason('serial and balance unchanged')).toBe('联机序号和余额均未变：未写入卡片');
  });
});
