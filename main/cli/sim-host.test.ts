import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { parseSimHostArgs, simHostCommand } from './sim-host';

const keysPath = fileURLToPath(new URL('../../sim/fixtures/keys.json', import.meta.url));

describe('sim host arguments', () => {
  it('reads port, key file, database and repeated --issuer NETWORK=ISSUERID', () => {
    const args = parseSimHostArgs(['--port', '8700', '--keys', 'k.json', '--db', 'h.db', '--issuer', '6101=c9c2cef761010001', '--issuer', '6201=B8CACBE062010002']);
    expect(args).toMatchObject({ port: 8700, keys: 'k.json', db: 'h.db', issuers: { 6101: 'C9C2CEF761010001', 6201: 'B8CACBE062010002' } });
  });

  it('refuses a missing key file or database with the usage line, and malformed values', () => {
    expect(() => parseSimHostArgs(['--port', '1'])).toThrow(/用法：etc-counter sim host/);
    for (const bad of [['--port', 'x'], ['--issuer', '6201=XYZ'], ['--nonsense']]) {
      let error: unknown;
      try {
        parseSimHostArgs(['--keys', 'k', '--db', 'd', ...bad]);
      } catch (e) {
        error = e;
      }
      expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
    }
  });
});

describe('etc-counter sim host', () => {
  it('prints its URL on the first line, serves until told to stop, then closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-host-cli-'));
    const config = join(dir, 'settings.json');
    writeFileSync(config, JSON.stringify({ cardMaxBalanceFen: 50_000 }));
    const lines: string[] = [];
    let stop = () => undefined as void;
    const stopped = new Promise<void>((resolve) => { stop = resolve; });
    let printed = (_line: string) => undefined as void;
    const firstLine = new Promise<string>((resolve) => { printed = resolve; });
    const cmd = simHostCommand({ write: (t) => { lines.push(t); printed(t.trim()); }, stopped: () => stopped });
    const exit = cmd.run(['--port', '0', '--keys', keysPath, '--db', join(dir, 'host.db'), '--config', config]);
    const url = await firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines).toEqual([`${url}\n`]);
    const token = (await (await fetch(`${url}/v1/sessions`, {
      method: 'POST', body: JSON.stringify({ terminalId: '000001000050', operatorId: 'op' }),
    })).json()) as { token: string };
    const check = await fetch(`${url}/v1/cards/62010000000000000001/check`, {
      method: 'POST', headers: { authorization: `Bearer ${token.token}` }, body: JSON.stringify({ balanceFen: 20_000 }),
    });
    expect(((await check.json()) as { loadableFen: number }).loadableFen).toBe(30_000); // the settings' card maximum
    stop();
    expect(await exit).toBe(0);
    const after = await fetch(`${url}/sim/faults`).then(() => 'answered', (e: { cause?: { code?: string } }) => e.cause?.code);
    expect(after).toMatch(/ECONNREFUSED|UND_ERR_SOCKET/); // refused, or the kept-alive connection closed under it
  });

  it('refuses a key file that is not one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-host-cli-'));
    const bad = join(dir, 'keys.json');
    writeFileSync(bad, '{"masterKeys":[{"usage":"load"}]}');
    const cmd = simHostCommand({ write: () => undefined, stopped: () => Promise.resolve() });
    await expect(cmd.run(['--keys', bad, '--db', join(dir, 'h.db')])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
