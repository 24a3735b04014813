import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { simHostFileOptions } from './option-files';
import { makeTestPki } from './tls-testkit';

const calendar = fileURLToPath(new URL('../fixtures/calendar-2024.json', import.meta.url));
const thrown = (f: () => unknown): unknown => {
  try {
    f();
    return null;
  } catch (e) {
    return e;
  }
};

describe('sim host options from files', () => {
  it('reads the calendar and the certificate files', () => {
    const pki = makeTestPki();
    const server = pki.server(['127.0.0.1']);
    const o = simHostFileOptions({ calendar, tlsCert: server.certPath, tlsKey: server.keyPath, tlsClientCa: pki.ca.certPath, requireClientCert: true });
    expect(o.calendar?.holidays?.[0]).toEqual({ from: '2024-01-01', to: '2024-01-01', name: '元旦' });
    expect(o.tls).toMatchObject({ cert: server.cert, key: server.key, ca: pki.ca.cert, requireClientCert: true });
    expect(simHostFileOptions({})).toEqual({});
  });

  it('refuses half a TLS set-up with the usage line, and a file that is not PEM', () => {
    const pki = makeTestPki();
    const server = pki.server(['127.0.0.1']);
    for (const args of [{ tlsCert: server.certPath }, { tlsClientCa: pki.ca.certPath }, { tlsCert: server.certPath, tlsKey: server.keyPath, requireClientCert: true }]) {
      expect(isAppError(thrown(() => simHostFileOptions(args)), 'HOST_SIM_USAGE')).toBe(true);
    }
    const notPem = join(pki.dir, 'x.pem');
    writeFileSync(notPem, 'hello');
    const e = thrown(() => simHostFileOptions({ tlsCert: notPem, tlsKey: server.keyPath }));
    expect(isAppError(e, 'SIM_TLS_FILE')).toBe(true);
    expect(isAppError(thrown(() => simHostFileOptions({ tlsCert: join(pki.dir, 'none'), tlsKey: server.keyPath })), 'SIM_TLS_FILE')).toBe(true);
  });
});
