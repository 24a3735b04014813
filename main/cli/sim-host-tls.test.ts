import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEST_TERMINAL, tempDbPath } from '../../sim/host/testkit';
import { makeTestPki } from '../../sim/host/tls-testkit';
import { HttpHostLink } from '../host/http-host-link';
import { parseSimHostArgs, simHostCommand } from './sim-host';

const keysPath = fileURLToPath(new URL('../../sim/fixtures/keys.json', import.meta.url));

describe('etc-counter sim host over HTTPS', () => {
  it('reads the TLS, calendar and refund flags', () => {
    const args = parseSimHostArgs(['--keys', 'k', '--db', 'd', '--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--tls-client-ca', 'ca.pem',
      '--require-client-cert', '--calendar', 'cal.json', '--auto-refunds']);
    expect(args).toMatchObject({ tlsCert: 'c.pem', tlsKey: 'k.pem', tlsClientCa: 'ca.pem', requireClientCert: true, calendar: 'cal.json', autoRefunds: true });
  });

  it('serves https:// and requires the client certificate when told to', async () => {
    const pki = makeTestPki();
    const server = pki.server(['127.0.0.1']);
    let printed = (_line: string) => undefined as void;
    const firstLine = new Promise<string>((resolve) => { printed = resolve; });
    let stop = () => undefined as void;
    const stopped = new Promise<void>((resolve) => { stop = resolve; });
    const cmd = simHostCommand({ write: (t) => printed(t.trim()), stopped: () => stopped });
    const exit = cmd.run(['--keys', keysPath, '--db', tempDbPath(), '--tls-cert', server.certPath, '--tls-key', server.keyPath,
      '--tls-client-ca', pki.ca.certPath, '--require-client-cert', '--calendar', join(keysPath, '..', 'calendar-2024.json')]);
    const url = await firstLine;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const credentials = { terminalId: TEST_TERMINAL, operatorId: 'op' };
    const client = pki.client(TEST_TERMINAL);
    const ok = new HttpHostLink({ baseUrl: url, tls: { ca: pki.ca.cert, cert: client.cert, key: client.key } });
    expect((await ok.signIn(credentials)).token).toMatch(/^[0-9a-f]+$/);
    const without = new HttpHostLink({ baseUrl: url, tls: { ca: pki.ca.cert } });
    await expect(without.signIn(credentials)).rejects.toMatchObject({ code: 'HOST_TLS_CLIENT_CERT_REQUIRED' });
    ok.close();
    without.close();
    stop();
    expect(await exit).toBe(0);
  });
});
