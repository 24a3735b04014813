import { lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileWhole } from './write-file';

describe('writeFileWhole (exports written exclusively, then renamed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'write-file-'));

  it('writes the bytes whole with mode 0600 and leaves no temporary file', () => {
    const out = join(dir, 'day.csv');
    writeFileWhole(out, Buffer.from('a,b\r\n'));
    expect(readFileSync(out, 'utf8')).toBe('a,b\r\n');
    expect(lstatSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a temporary name that exists (a planted symlink) instead of writing through it', () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const out = join(dir, 'report.xlsx');
    symlinkSync(victim, join(dir, '.report.xlsx.guessed.tmp'));
    expect(() => writeFileWhole(out, Buffer.from('evil'), () => 'guessed')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(() => lstatSync(out)).toThrow();
  });

  it('replaces a symlink at the target itself rather than following it', () => {
    const victim = join(dir, 'victim2.txt');
    writeFileSync(victim, 'keep me too');
    const out = join(dir, 'linked.csv');
    symlinkSync(victim, out);
    writeFileWhole(out, Buffer.from('export'));
    expect(readFileSync(victim, 'utf8')).toBe('keep me too');
    expect(lstatSync(out).isSymbolicLink()).toBe(false);
    expect(readFileSync(out, 'utf8')).toBe('export');
  });
});
