import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../contract/errors';
import { SettingsSchema } from '../contract/settings';
import { journalPathFor, loadSettings, modeDir, refuseTrainingJournal } from './config';

let dir: string;
const saved = process.env.ETC_COUNTER_HOME;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'settings-'));
  process.env.ETC_COUNTER_HOME = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.ETC_COUNTER_HOME;
  else process.env.ETC_COUNTER_HOME = saved;
});

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('terminal settings: data folder, then --config, then flags', () => {
  it('layers the three, later ones winning', () => {
    file('settings.json', JSON.stringify({ branch: '兰州分行', terminalId: '000001000051', readerName: 'USB 1' }));
    const cfg = file('cfg.json', JSON.stringify({ terminalId: '000001000052' }));
    const s = loadSettings(cfg, { readerName: 'USB 2', hostUrl: undefined });
    expect(s).toMatchObject({ branch: '兰州分行', terminalId: '000001000052', readerName: 'USB 2', receiptFormat: '80mm' });
  });

  it.each([
    ['a missing --config file', () => loadSettings(join(dir, 'nope.json')), 'SETTINGS_FILE_MISSING'],
    ['a file that is not JSON', () => loadSettings(file('bad.json', '{oops')), 'SETTINGS_INVALID'],
    ['a JSON array', () => loadSettings(file('arr.json', '[]')), 'SETTINGS_INVALID'],
    ['a bad terminal id', () => loadSettings(file('tid.json', '{"terminalId":"XYZ"}')), 'SETTINGS_INVALID'],
    ['a bad receipt format', () => loadSettings(file('fmt.json', '{"receiptFormat":"A4"}')), 'SETTINGS_INVALID'],
  ])('refuses %s with a clear message naming the file', (_what, load, code) => {
    let err: unknown;
    try { load(); } catch (e) { err = e; }
    expect(isAppError(err, code)).toBe(true);
    expect((err as Error).message).toContain(dir);
  });
});

describe('which journal a mode opens (the app, `operator …` and `journal export` alike)', () => {
  const home = '/data/etc';
  it('real mode: settings.journalPath (set by --journal), else the data folder\'s', () => {
    expect(journalPathFor(SettingsSchema.parse({}), 'real', home)).toBe(join(home, 'journal.sqlite'));
    expect(journalPathFor(SettingsSchema.parse({ journalPath: '/srv/j.sqlite' }), 'real', home)).toBe('/srv/j.sqlite');
  });

  it('training mode: always its own, never the real journal\'s path from the settings', () => {
    const settings = SettingsSchema.parse({ journalPath: '/srv/j.sqlite' });
    expect(journalPathFor(settings, 'training', home)).toBe(join(home, 'training', 'journal.sqlite'));
    expect(journalPathFor(settings, 'training', home)).not.toBe(journalPathFor(settings, 'real', home));
    expect(modeDir('training', home)).toBe(join(home, 'training'));
    expect(modeDir('real', home)).toBe(home);
  });

  it('refuses --journal together with --training instead of ignoring it', () => {
    expect(() => refuseTrainingJournal({ training: true, journal: 'x.sqlite' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => refuseTrainingJournal({ training: false, journal: 'x.sqlite' })).not.toThrow();
    expect(() => refuseTrainingJournal({ training: true })).not.toThrow();
  });
});
