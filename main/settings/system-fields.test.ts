import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../contract/errors';
import { cardMaxBalanceFor, type CounterMode } from '../../contract/settings';
import { openAuth, type Auth } from '../auth';
import { HostConnection } from '../host/connection';
import { SqliteJournal } from '../journal/sqlite-journal';
import { SettingsStore } from './store';
import { SystemSettings } from './system';

/**
 * 系统设置's POS and card-maximum fields (contract/settings.ts SETTINGS_EDITABLE): checked field by field in
 * main, written to the settings file, audited old → new; the POS waits for a restart (the engine is given it
 * when built), the maximum applies at once. A training counter may change the POS it practises with, nothing else.
 */
const opened: (() => void)[] = [];
afterEach(() => { for (const close of opened.splice(0)) close(); });

async function system(mode: CounterMode): Promise<{ sys: SystemSettings; settings: ReturnType<SettingsStore['preview']>; auth: Auth; home: string }> {
  const home = mkdtempSync(join(tmpdir(), 'etc-fields-'));
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ mode, hostUrl: 'http://127.0.0.1:8700' }));
  const store = SettingsStore.open(undefined, {}, home);
  const settings = { ...store.initial };
  const journal = SqliteJournal.open(join(home, 'journal.sqlite'), { training: mode === 'training' });
  const auth = await openAuth(journal.path, { training: mode === 'training' });
  opened.push(() => { auth.close(); journal.close(); });
  const connection = new HostConnection(new AppError('HOST_NOT_CONFIGURED'), { operatorId: 'S01' });
  opened.push(() => { void connection.close(); });
  return { sys: new SystemSettings({ mode, settings, store, connection, auth }), settings, auth, home };
}
const SUP = { operatorId: 'S01', role: 'supervisor' };
const refused = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return `${e.code}:${e.message}`;
    throw e;
  }
  return 'saved';
};

describe('系统设置: the POS and the card maximum balance', () => {
  it('saves the POS mode to the file for the next start, audited old → new; the same POS again is no change', async () => {
    const { sys, settings, auth, home } = await system('real');
    const pos = { mode: 'manual', merchantNo: '898620154110001' };
    expect(sys.save({ pos }, SUP, { loadInFlight: false })).toEqual({ changed: ['pos'], restartRequired: ['pos'], overridden: [] });
    expect(settings.pos).toEqual({ mode: 'off', merchantNo: null }); // this run keeps what the engine was built with
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')).pos).toEqual(pos);
    expect(sys.save({ pos: { ...pos } }, SUP, { loadInFlight: false }).changed).toEqual([]);
    const [row] = auth.audit.list({ from: '2000-01-01', to: '2100-01-01', action: 'settings-change' });
    expect(row?.detail).toEqual({ pos: { old: { mode: 'off', merchantNo: null }, new: pos } });
  });

  it('refuses typed slips without a 15-digit merchant no, naming the field in words, and saves nothing', async () => {
    const { sys, home } = await system('real');
    expect(refused(() => sys.save({ pos: { mode: 'manual', merchantNo: null } }, SUP, { loadInFlight: false })))
      .toBe('SETTINGS_FIELD_INVALID:POS 收款不正确：收款方式为不使用 / 联机 / 手工录入；手工录入时商户号为 15 位数字');
    expect(refused(() => sys.save({ pos: { mode: 'manual', merchantNo: '12345' } }, SUP, { loadInFlight: false }))).toMatch(/^SETTINGS_FIELD_INVALID:/);
    expect(refused(() => sys.save({ pos: { mode: 'sometimes', merchantNo: null } }, SUP, { loadInFlight: false }))).toMatch(/^SETTINGS_FIELD_INVALID:/);
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')).pos).toBeUndefined();
  });

  it('applies the card maximum at once, by network and card type, audited old → new', async () => {
    const { sys, settings, auth } = await system('real');
    const rules = [{ network: '6201', cardType: 22, maxFen: 300_000 }, { network: null, cardType: null, maxFen: 800_000 }];
    expect(sys.save({ cardMaxBalanceFen: 900_000, cardMaxBalanceRules: rules }, SUP, { loadInFlight: false }))
      .toEqual({ changed: ['cardMaxBalanceFen', 'cardMaxBalanceRules'], restartRequired: [], overridden: [] });
    expect(cardMaxBalanceFor(settings, { network: '6201', cardType: 22 })).toBe(300_000);
    expect(cardMaxBalanceFor(settings, { network: '6101', cardType: 22 })).toBe(800_000);
    const [row] = auth.audit.list({ from: '2000-01-01', to: '2100-01-01', action: 'settings-change' });
    expect(row?.detail).toEqual({
      cardMaxBalanceFen: { old: 100_000_000, new: 900_000 },
      cardMaxBalanceRules: { old: [{ network: '6201', cardType: 22, maxFen: 500_000 }], new: rules },
    });
    expect(refused(() => sys.save({ cardMaxBalanceRules: [{ network: 'abc', cardType: null, maxFen: 1 }] }, SUP, { loadInFlight: false })))
      .toMatch(/^SETTINGS_FIELD_INVALID:按发卡网络和卡类型的余额上限不正确/);
    expect(refused(() => sys.save({ cardMaxBalanceFen: 0 }, SUP, { loadInFlight: false }))).toMatch(/^SETTINGS_FIELD_INVALID:卡内余额上限不正确/);
    expect(cardMaxBalanceFor(settings, { network: '6201', cardType: 22 })).toBe(300_000);
  });

  it('lets a training counter choose the POS it practises with, and nothing else of the bank\'s', async () => {
    const { sys } = await system('training');
    expect(sys.save({ pos: { mode: 'manual', merchantNo: '898620154110001' } }, SUP, { loadInFlight: false }).changed).toEqual(['pos']);
    expect(refused(() => sys.save({ cardMaxBalanceFen: 900_000 }, SUP, { loadInFlight: false }))).toMatch(/^SETTINGS_TRAINING_READ_ONLY:/);
  });
});
