import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchSettings, parseLaunchArgs } from '../app/launch-args';
import { SettingsStore, writeAtomically } from './store';

const home = () => mkdtempSync(join(tmpdir(), 'etc-store-'));

describe('the settings file 系统设置 writes', () => {
  it('writes the data folder\'s file atomically, keeping what it does not change, nothing for other users', () => {
    const dir = home();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ branch: '兰州分行', cardMaxBalanceFen: 500_000 }));
    const store = SettingsStore.open(undefined, {}, dir);
    const s = store.save({ terminalId: '0000010000AB', readerName: 'USB 1' });
    expect(s).toMatchObject({ branch: '兰州分行', terminalId: '0000010000AB', readerName: 'USB 1', cardMaxBalanceFen: 500_000 });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({
      branch: '兰州分行', cardMaxBalanceFen: 500_000, terminalId: '0000010000AB', readerName: 'USB 1',
    });
    expect(readdirSync(dir)).toEqual(['settings.json']); // no temporary file left behind
    expect(statSync(join(dir, 'settings.json')).mode & 0o007).toBe(0); // 0660 less the umask: the group's in a machine's folder
  });

  it('refuses a change the next start could not load, writing nothing', () => {
    const dir = home();
    const store = SettingsStore.open(undefined, {}, dir);
    expect(() => store.save({ terminalId: 'XYZ' })).toThrow(expect.objectContaining({ code: 'SETTINGS_INVALID' }));
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
  });

  it('says SETTINGS_WRITE_FAILED when the folder cannot be written, and leaves the old file', () => {
    const dir = home();
    mkdirSync(join(dir, 'ro'));
    writeFileSync(join(dir, 'ro', 'settings.json'), '{"branch":"旧"}');
    chmodSync(join(dir, 'ro'), 0o500);
    try {
      if (process.getuid?.() === 0) {
        // root writes anyway: make the target a folder instead, which rename cannot replace
        chmodSync(join(dir, 'ro'), 0o700);
        expect(() => writeAtomically(join(dir, 'ro'), '{}')).toThrow(expect.objectContaining({ code: 'SETTINGS_WRITE_FAILED' }));
      } else {
        expect(() => SettingsStore.open(undefined, {}, join(dir, 'ro')).save({ branch: '新' })).toThrow(expect.objectContaining({ code: 'SETTINGS_WRITE_FAILED' }));
      }
      expect(readFileSync(join(dir, 'ro', 'settings.json'), 'utf8')).toBe('{"branch":"旧"}');
    } finally {
      chmodSync(join(dir, 'ro'), 0o700);
    }
  });

  it('names the fields a flag or --config of this start overrides', () => {
    const dir = home();
    const cfg = join(dir, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ branch: '配置文件网点' }));
    const store = SettingsStore.open(cfg, { hostUrl: 'http://127.0.0.1:8700' }, dir);
    expect(store.overriddenBy().sort()).toEqual(['branch', 'hostUrl']);
    expect(store.save({ branch: '设置文件网点' }).branch).toBe('配置文件网点');
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ branch: '设置文件网点' });
  });
});

describe('the mode a start runs in: chosen, never fallen into', () => {
  it('real mode with no host configured (the set-up follows), training only by --training or the settings', () => {
    const dir = home();
    expect(launchSettings(parseLaunchArgs([]), dir).mode).toBe('real');
    expect(launchSettings(parseLaunchArgs([]), dir).settings.hostUrl).toBeNull();
    expect(launchSettings(parseLaunchArgs(['--training']), dir).mode).toBe('training');
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ mode: 'training' }));
    expect(launchSettings(parseLaunchArgs([]), dir).mode).toBe('training');
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ mode: 'sandbox' }));
    expect(() => launchSettings(parseLaunchArgs([]), dir)).toThrow(expect.objectContaining({ code: 'SETTINGS_INVALID' }));
  });
});
