import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizeRequest, AuthorizeResponse, CardEvidence, HostOrder } from '../../contract/host-api';
import { creditApdu, fixtureKeys, fixtureProfile, initApdu, openApplication, parseInit, send } from '../card/testing';
import { VirtualCard } from '../card/virtual-card';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TEST_TERMINAL } from './testkit';

/**
 * A dual-algorithm (SM4) card against the host simulator: the card's SM4 purse and the host's SM4 suite
 * (both the HYPOTHESIS of sim/crypto/sm4.ts) must agree on MAC1, MAC2 and TAC; the host picks the suite
 * from the algorithm id and key version the card's INIT answered.
 */
const keys = fixtureKeys();
const SM4 = 0x41;
let sim: HostSim;
let token: string;
let seq = 0;

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath() });
  token = await signIn(sim.url);
});
afterAll(() => sim.close());

const post = (path: string, body: unknown) => call(sim.url, 'POST', path, body, token);

async function paidOrder(card: VirtualCard, amountFen: number): Promise<HostOrder> {
  seq += 1;
  const r = await post('/v1/orders', {
    clientOrderId: `sm4-${seq}`, cardNo: card.cardNo, plate: card.profile.plate, plateColor: card.profile.plateColor, amountFen,
    channel: 'alipay', terminalId: TEST_TERMINAL, balanceFen: card.snapshot().balanceFen,
  });
  expect(r.status).toBe(200);
  return sim.pay(String(r.json.orderId));
}

/** INIT with `keyIndex` on the card; the authorize body the counter sends (card version from 0015). */
function init(card: VirtualCard, amountFen: number, keyIndex = SM4): AuthorizeRequest {
  openApplication(card);
  const a = parseInit(send(card, initApdu(amountFen, TEST_TERMINAL, keyIndex)).data);
  return {
    cardNo: card.cardNo, onlineSerial: a.serial, oldBalanceFen: a.oldBalanceFen, amountFen, random: a.random.toString('hex'),
    keyVersion: a.keyVersion, algId: a.algId, terminalId: TEST_TERMINAL, mac1: a.mac1.toString('hex'), cardVersion: card.profile.cardVersion,
  };
}
const credit = (card: VirtualCard, auth: AuthorizeResponse) => card.transmit(creditApdu(auth.hostDate, auth.hostTime, Buffer.from(auth.mac2, 'hex')));
function evidence(card: VirtualCard): CardEvidence {
  const s = card.snapshot();
  const r = s.transactions[0];
  return { balanceFen: s.balanceFen, onlineSerial: s.onlineSerial, loadRecord: r && r.type === 2 ? { serial: r.serial, amountFen: r.amountFen, terminalId: r.terminalId, at: r.at } : null };
}

describe('SM4 card × host simulator', () => {
  it('loads with key index 41: algorithm 04, SM4 MAC2 accepted by the card, SM4 TAC accepted by the host', async () => {
    const card = new VirtualCard(fixtureProfile('sm4'), keys);
    const order = await paidOrder(card, 2_500);
    const body = init(card, 2_500);
    expect(body).toMatchObject({ algId: 4, keyVersion: 1, cardVersion: 0x50 });
    const auth = await post(`/v1/orders/${order.orderId}/authorize`, body);
    expect(auth.status).toBe(200);
    const answer = credit(card, auth.json as unknown as AuthorizeResponse);
    expect(answer.subarray(-2).toString('hex')).toBe('9000');
    const r = await post(`/v1/orders/${order.orderId}/confirm`, {
      onlineSerial: body.onlineSerial, newBalanceFen: card.snapshot().balanceFen, tac: answer.subarray(0, 4).toString('hex'), evidence: null,
    });
    expect(r.json).toMatchObject({ status: 'LOADED' });
    expect(sim.events(order.orderId).find((e) => e.kind === 'authorized')).toMatchObject({ data: { algId: 4, suite: 'sm4' } });
  });

  it('the same card still loads with its 3DES key at index 01', async () => {
    const card = new VirtualCard(fixtureProfile('sm4'), keys);
    const order = await paidOrder(card, 1_000);
    const body = init(card, 1_000, 0x01);
    expect(body.algId).toBe(0);
    const auth = (await post(`/v1/orders/${order.orderId}/authorize`, body)).json as unknown as AuthorizeResponse;
    const answer = credit(card, auth);
    const r = await post(`/v1/orders/${order.orderId}/confirm`, {
      onlineSerial: body.onlineSerial, newBalanceFen: card.snapshot().balanceFen, tac: answer.subarray(0, 4).toString('hex'), evidence: null,
    });
    expect(r.json.status).toBe('LOADED');
  });

  it('a torn SM4 CREDIT: the card proves it absent, the host takes /unloaded, a fresh INIT and MAC2 load it', async () => {
    const card = new VirtualCard(fixtureProfile('sm4'), keys);
    const order = await paidOrder(card, 3_000);
    const first = (await post(`/v1/orders/${order.orderId}/authorize`, init(card, 3_000))).json as unknown as AuthorizeResponse;
    card.setFault('tear-before-commit');
    expect(credit(card, first)).toHaveLength(0);
    card.insert();
    const probe = init(card, 1); // the probing INIT of docs/card-protocol.md §4: serial N, balance B
    expect(probe.onlineSerial).toBe(4);
    expect((await post(`/v1/orders/${order.orderId}/unloaded`, { evidence: evidence(card) })).json.status).toBe('UNLOADED');
    const repair = init(card, 3_000);
    const again = (await post(`/v1/orders/${order.orderId}/authorize`, repair)).json as unknown as AuthorizeResponse;
    expect(again.mac2).not.toBe(first.mac2);
    const answer = credit(card, again);
    expect(answer.subarray(-2).toString('hex')).toBe('9000');
    const r = await post(`/v1/orders/${order.orderId}/confirm`, {
      onlineSerial: 4, newBalanceFen: 9_000, tac: answer.subarray(0, 4).toString('hex'), evidence: null,
    });
    expect(r.json.status).toBe('LOADED');
  });

  it('an SM4 CREDIT whose answer was lost: the card evidence (serial, balance, 0018 record) confirms it', async () => {
    const card = new VirtualCard(fixtureProfile('sm4'), keys);
    const order = await paidOrder(card, 1_500);
    const body = init(card, 1_500);
    const auth = (await post(`/v1/orders/${order.orderId}/authorize`, body)).json as unknown as AuthorizeResponse;
    card.setFault('lose-answer-after-commit');
    expect(credit(card, auth)).toHaveLength(0);
    card.insert();
    const ev = evidence(card);
    expect(await post(`/v1/orders/${order.orderId}/unloaded`, { evidence: ev })).toMatchObject({ status: 409, json: { code: 'EVIDENCE_SHOWS_LOADED' } });
    const r = await post(`/v1/orders/${order.orderId}/confirm`, { onlineSerial: body.onlineSerial, newBalanceFen: ev.balanceFen, tac: null, evidence: ev });
    expect(r.json.status).toBe('LOADED');
  });

  it('refuses what does not fit: unknown algorithm, unknown key version, SM4 on a 3DES card, the wrong algorithm for the MAC1', async () => {
    const card = new VirtualCard(fixtureProfile('sm4'), keys);
    const order = await paidOrder(card, 500);
    const body = init(card, 500);
    const url = `/v1/orders/${order.orderId}/authorize`;
    expect(await post(url, { ...body, algId: 7 })).toMatchObject({ status: 400, json: { code: 'ALG_UNSUPPORTED' } });
    expect(await post(url, { ...body, keyVersion: 9 })).toMatchObject({ status: 400, json: { code: 'KEY_VERSION_UNKNOWN' } });
    expect(await post(url, { ...body, cardVersion: 0x10 })).toMatchObject({ status: 400, json: { code: 'ALG_CARD_MISMATCH' } });
    expect(await post(url, { ...body, algId: 0 })).toMatchObject({ status: 400, json: { code: 'MAC1_INVALID' } });
    expect((await post(url, body)).status).toBe(200);
    // A 3DES-only card has no key at index 41 (9403): the counter never gets a MAC1 to send.
    const tdes = new VirtualCard(fixtureProfile('normal'), keys);
    openApplication(tdes);
    expect(send(tdes, initApdu(500, TEST_TERMINAL, SM4)).swHex).toBe('9403');
  });
});
