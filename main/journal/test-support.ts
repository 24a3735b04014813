import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewRecharge } from './port';

/** Shared by the journal's tests: a scratch folder, a recharge to create, a clock that only moves when told. */
export function scratchDir(): { dir: string; file: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'etc-journal-'));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let counter = 0;

export function newRecharge(over: Partial<NewRecharge> = {}): NewRecharge {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    training: false,
    terminalId: '000001000050',
    operatorId: 'op01',
    cardNo: '62010000000000000001',
    plate: '甘A12345',
    plateColor: 0,
    amountFen: 10_000,
    channel: 'wechat',
    balanceBeforeFen: 2_345,
    ...over,
  };
}

/** A clock set to `iso`; `set` moves it. */
export function manualClock(iso: string): { now: () => Date; set: (iso: string) => void } {
  let t = new Date(iso);
  return { now: () => new Date(t), set: (next) => (t = new Date(next)) };
}
