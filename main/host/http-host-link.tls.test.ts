import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors';
import type { CreateOrderRequest } from '../../contract/host-api';
import { fixtureKeys } from '../../sim/card/testing';
import { startHostSim, type HostSim } from '../../sim/host';
import { tempDbPath, TestPurse, TEST_TERMINAL } from '../../sim/host/testkit';
import { makeTestPki, type TestPki } from '../../sim/host/tls-testkit';
import { HttpHostLink } from './http-host-link';
import { checkHostUrl } from './transport';

/**
 * HTTPS and mutual TLS to the issuer host (docs/architecture.md §3b). The CA, server and client
 * certificates are made by `openssl` at test time (sim/host/tls-testkit.ts).
 */
const keys = fixtureKeys();
const credentials = { terminalId: TEST_TERMINAL, operatorId: 'op01' };
let pki: TestPki;
let mtls: HostSim; // requires a client certificate from the issuer CA
let seq = 0;

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e: unknown = await p.then(() => new Error('expected a rejection'), (err: unknown) => err);
  if (!(e instanceof AppError)) throw e;
  return e;
}
function orderReq(): CreateOrderRequest {
  seq += 1;
  return {
    clientOrderId: `tls-${seq}`, cardNo: `6201${String(5500 + seq).padStart(16, '0')}`, plate: '甘A12345', plateColor: 0,
    amountFen: 5_000, channel: 'wechat', terminalId: TEST_TERMINAL, balanceFen: 10_000,
  };
}

beforeAll(async () => {
  pki = makeTestPki();
  const server = pki.server(['localhost', '127.0.0.1']);
  mtls = await startHostSim({
    keys, dbPath: tempDbPath(), tls: { cert: server.cert, key: server.key, ca: pki.ca.cert, requireClientCert: true },
  });
});
afterAll(() => mtls.close());

describe('HttpHostLink over mutual TLS', () => {
  it('with the issuer CA and a client certificate: sign-in, order, authorize and confirm work', async () => {
    const client = pki.client(TEST_TERMINAL);
    expect(mtls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const host = new HttpHostLink({ baseUrl: mtls.url, tls: { ca: pki.ca.cert, cert: client.cert, key: client.key }, credentials });
    try {
      const req = orderReq();
      const order = await host.createOrder(req);
      mtls.pay(order.orderId);
      const purse = new TestPurse(keys, req.cardNo, req.balanceFen, 1);
      const tac = purse.credit(await host.authorize(order.orderId, purse.init(req.amountFen)));
      expect((await host.confirm(order.orderId, { onlineSerial: 1, newBalanceFen: purse.balanceFen, tac, evidence: null })).status).toBe('LOADED');
      // The host's name as a DNS name works too.
      const byName = new HttpHostLink({ baseUrl: mtls.url.replace('127.0.0.1', 'localhost'), tls: { ca: pki.ca.cert, cert: client.cert, key: client.key }, credentials });
      expect((await byName.getOrder(order.orderId)).status).toBe('LOADED');
      byName.close();
    } finally {
      host.close();
    }
  });

  it('without a client certificate: refused with HOST_TLS_CLIENT_CERT_REQUIRED, not retried', async () => {
    const host = new HttpHostLink({ baseUrl: mtls.url, tls: { ca: pki.ca.cert }, credentials, backoffMs: 5 });
    const from = mtls.requests.length;
    const e = await rejection(host.signIn(credentials));
    expect(e.code).toBe('HOST_TLS_CLIENT_CERT_REQUIRED');
    expect(e.message).toBe('发卡方主机要求本终端出示客户端证书，请在系统设置中配置终端证书和私钥');
    expect(mtls.requests.slice(from)).toEqual([]); // the handshake failed: the host never saw a request
    host.close();
  });

  it('with a client certificate from another CA: HOST_TLS_CLIENT_CERT_REJECTED', async () => {
    const stranger = pki.client(TEST_TERMINAL, pki.newCa('not the issuer'));
    const host = new HttpHostLink({ baseUrl: mtls.url, tls: { ca: pki.ca.cert, cert: stranger.cert, key: stranger.key }, credentials });
    const e = await rejection(host.signIn(credentials));
    expect(e.code).toBe('HOST_TLS_CLIENT_CERT_REJECTED');
    host.close();
  });

  it('when the host’s certificate does not chain to the configured CA: HOST_TLS_UNTRUSTED', async () => {
    const client = pki.client(TEST_TERMINAL);
    const wrongCa = pki.newCa('some other issuer');
    const host = new HttpHostLink({ baseUrl: mtls.url, tls: { ca: wrongCa.cert, cert: client.cert, key: client.key }, credentials });
    const e = await rejection(host.signIn(credentials));
    expect(e).toMatchObject({ code: 'HOST_TLS_UNTRUSTED' });
    expect(e.message).toContain('发卡方主机的证书不是由配置的发卡方根证书签发的');
    // Without any configured CA the system's trust store is used, which does not know the test CA either.
    const system = new HttpHostLink({ baseUrl: mtls.url, tls: { cert: client.cert, key: client.key }, credentials });
    expect((await rejection(system.signIn(credentials))).code).toBe('HOST_TLS_UNTRUSTED');
    host.close();
    system.close();
  });
});

describe('HttpHostLink over HTTPS: the host’s name', () => {
  it('refuses a certificate issued for another name (HOST_TLS_NAME_MISMATCH)', async () => {
    const other = pki.server(['other.example']);
    const sim = await startHostSim({ keys, dbPath: tempDbPath(), tls: { cert: other.cert, key: other.key } });
    try {
      const host = new HttpHostLink({ baseUrl: sim.url, tls: { ca: pki.ca.cert }, credentials });
      const e = await rejection(host.signIn(credentials));
      expect(e).toMatchObject({ code: 'HOST_TLS_NAME_MISMATCH', params: { host: `127.0.0.1:${sim.port}` } });
      host.close();
      // The right name and CA: a plain HTTPS host (no client certificate asked) answers.
      const good = pki.server(['127.0.0.1']);
      const ok = await startHostSim({ keys, dbPath: tempDbPath(), tls: { cert: good.cert, key: good.key } });
      const link = new HttpHostLink({ baseUrl: ok.url, tls: { ca: pki.ca.cert }, credentials });
      expect((await link.signIn(credentials)).token).toMatch(/^[0-9a-f]{48}$/);
      link.close();
      await ok.close();
    } finally {
      await sim.close();
    }
  });
});

describe('host addresses', () => {
  it('refuses plain http:// to anything but this machine, and addresses that are not URLs', () => {
    for (const url of ['http://10.1.2.3:8700', 'http://issuer.example', 'http://127.0.0.1.example.com']) {
      expect(() => new HttpHostLink({ baseUrl: url }), url).toThrow(expect.objectContaining({ code: 'HOST_URL_INSECURE' }));
    }
    expect(() => checkHostUrl('http://10.1.2.3')).toThrow('发卡方主机地址必须使用 https://（http://10.1.2.3）；明文 http:// 只允许连接本机模拟器');
    for (const url of ['http://127.0.0.1:8700', 'http://localhost:1', 'http://[::1]:8700', 'https://issuer.example']) {
      expect(() => checkHostUrl(url), url).not.toThrow();
    }
    for (const url of ['issuer.example:8700', 'ftp://issuer.example', '']) {
      expect(() => checkHostUrl(url), url).toThrow(expect.objectContaining({ code: 'HOST_URL_INVALID' }));
    }
  });

  it('refuses certificates for a plain http:// host, and a certificate without its key', () => {
    expect(() => new HttpHostLink({ baseUrl: 'http://127.0.0.1:1', tls: { ca: 'x' } })).toThrow(expect.objectContaining({ code: 'HOST_TLS_OPTIONS_INVALID' }));
    expect(() => new HttpHostLink({ baseUrl: 'https://issuer.example', tls: { cert: 'x' } })).toThrow(expect.objectContaining({ code: 'HOST_TLS_OPTIONS_INVALID' }));
  });
});
