import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { ensurePcscd, type Rig, startRig, VPCD_READER } from './card-rig';

/** `etc-counter card read` as staff run it, against a virtual card behind pcscd/vpcd. */

const BIN = fileURLToPath(new URL('../../bin/etc-counter.mjs', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'card-cli-'));
const profile = fixtureProfile('normal');
let rig: Rig | null = null;

/** Runs the CLI asynchronously: the virtual card answers from this process's event loop. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ETC_COUNTER_HOME: home }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
  });
}

beforeAll(async () => {
  ensurePcscd();
  rig = await startRig(profile, fixtureKeys());
});

afterAll(async () => {
  await rig?.close();
});

describe('etc-counter card read through pcscd', () => {
  it('--json prints one object for the card in the first reader that has one', async () => {
    const r = await cli(['card', 'read', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as { cardNo: string; plate: string; balanceFen: number; transactions: unknown[] };
    expect(info.cardNo).toBe(`${profile.network}${profile.internalNo}`);
    expect(info.plate).toBe(profile.plate);
    expect(info.balanceFen).toBe(profile.balanceFen);
    expect(info.transactions).toHaveLength(profile.transactions.length);
  });

  it('prints a Chinese summary for --reader', async () => {
    const r = await cli(['card', 'read', '--reader', VPCD_READER]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`车牌：${profile.plate}`);
    expect(r.stdout).toContain('余额：100.00 元');
  });

  it('an empty reader: non-zero exit and one line on stderr', async () => {
    const r = await cli(['card', 'read', '--reader', 'Virtual PCD 00 01']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('CARD_ABSENT');
  });

  it('an unknown reader: non-zero exit naming it', async () => {
    const r = await cli(['card', 'read', '--reader', 'No Such Reader']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('READER_NOT_FOUND');
    expect(r.stderr).toContain('No Such Reader');
  });
});
