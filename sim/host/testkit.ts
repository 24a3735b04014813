import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthorizeRequest, AuthorizeResponse } from '../../contract/host-api';
import { deriveCardKey, findMasterKey, type KeyFile } from '../crypto/keys';
import { mac1, mac2, sessionLoadKey, tac } from '../crypto/pboc';

/**
 * Test-side helpers for the host simulator's tests (sim/host, main/host): the card half of a load
 * computed independently with sim/crypto, and a scratch database path. Not used by the simulator.
 */
export const TEST_TERMINAL = '000001000050';
export const TEST_CARD_NO = '62010000000000000001';
export const TEST_ISSUER = 'B8CACBE062010001';

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'sim-host-')), 'host.sqlite');
}

/** The electronic purse of one card: balance, online serial and the open INIT session, as the card keeps them. */
export class TestPurse {
  private session: { random: Buffer; amountFen: number; terminalId: string } | null = null;

  constructor(
    private readonly keys: KeyFile,
    readonly cardNo = TEST_CARD_NO,
    public balanceFen = 10_000,
    public onlineSerial = 0,
    private readonly issuerId = TEST_ISSUER,
  ) {}

  private key(usage: 'load' | 'tac'): Buffer {
    return deriveCardKey(this.keys, usage, this.issuerId, this.cardNo.slice(4));
  }

  /** INITIALIZE FOR LOAD: a fresh random and MAC1; returns the authorize body for the host. */
  init(amountFen: number, terminalId = TEST_TERMINAL): AuthorizeRequest {
    const random = randomBytes(4);
    this.session = { random, amountFen, terminalId };
    const ses = sessionLoadKey(this.key('load'), random, this.onlineSerial);
    const m1 = mac1(ses, this.balanceFen, { amountFen, terminalId: Buffer.from(terminalId, 'hex') });
    return {
      cardNo: this.cardNo, onlineSerial: this.onlineSerial, oldBalanceFen: this.balanceFen, amountFen,
      random: random.toString('hex').toUpperCase(), keyVersion: findMasterKey(this.keys, 'load').version, algId: 0,
      terminalId, mac1: m1.toString('hex').toUpperCase(),
    };
  }

  /** CREDIT FOR LOAD: checks MAC2 like the card (9302 → throws), then balance += amount, serial += 1, TAC. */
  credit(auth: AuthorizeResponse): string {
    const s = this.session;
    if (!s) throw new Error('6985: no INIT before CREDIT');
    const ses = sessionLoadKey(this.key('load'), s.random, this.onlineSerial);
    const terminalId = Buffer.from(s.terminalId, 'hex');
    const hostDate = Buffer.from(auth.hostDate, 'hex');
    const hostTime = Buffer.from(auth.hostTime, 'hex');
    const expected = mac2(ses, { amountFen: s.amountFen, terminalId, hostDate, hostTime });
    if (!expected.equals(Buffer.from(auth.mac2, 'hex'))) throw new Error('9302: MAC2 error');
    const serialBefore = this.onlineSerial;
    this.balanceFen += s.amountFen;
    this.onlineSerial += 1;
    this.session = null;
    return tac(this.key('tac'), {
      newBalanceFen: this.balanceFen, onlineSerial: serialBefore, amountFen: s.amountFen, terminalId, hostDate, hostTime,
    }).toString('hex').toUpperCase();
  }
}

/** One raw HTTP call to the simulator: status and parsed JSON body (no retries, no validation). */
export async function call(
  baseUrl: string, method: string, path: string, body?: unknown, token?: string,
): Promise<{ status: number; json: Record<string, unknown> & { code?: string; message?: string } }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export async function signIn(baseUrl: string, terminalId = TEST_TERMINAL): Promise<string> {
  const r = await call(baseUrl, 'POST', '/v1/sessions', { terminalId, operatorId: 'op01' });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${JSON.stringify(r.json)}`);
  return String(r.json.token);
}
