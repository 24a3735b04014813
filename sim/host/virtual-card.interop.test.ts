import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizeResponse, HostOrder } from '../../contract/host-api';
import { creditApdu, fixtureKeys, fixtureProfile, initApdu, openApplication, parseInit, send } from '../card/testing';
import { VirtualCard } from '../card/virtual-card';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TEST_TERMINAL } from './testkit';

/**
 * The host simulator against the virtual card of sim/card: the two halves of a load written by
 * different hands must agree on MAC1, MAC2, TAC and the 0018 record the host reads as evidence.
 */
const keys = fixtureKeys();
let sim: HostSim;
let token: string;

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath() });
  token = await signIn(sim.url);
});
afterAll(() => sim.close());

async function paidOrderFor(card: VirtualCard, amountFen: number, clientOrderId: string): Promise<HostOrder> {
  const r = await call(sim.url, 'POST', '/v1/orders', {
    clientOrderId, cardNo: card.cardNo, plate: card.profile.plate, plateColor: card.profile.plateColor, amountFen,
    channel: 'wechat', terminalId: TEST_TERMINAL, balanceFen: card.snapshot().balanceFen,
  }, token);
  expect(r.status).toBe(200);
  return sim.pay(String(r.json.orderId));
}

/** INIT on the card, MAC2 from the host. */
async function authorizeOnHost(card: VirtualCard, order: HostOrder): Promise<{ serial: number; auth: AuthorizeResponse }> {
  openApplication(card);
  const init = parseInit(send(card, initApdu(order.amountFen, TEST_TERMINAL)).data);
  const r = await call(sim.url, 'POST', `/v1/orders/${order.orderId}/authorize`, {
    cardNo: card.cardNo, onlineSerial: init.serial, oldBalanceFen: init.oldBalanceFen, amountFen: order.amountFen,
    random: init.random.toString('hex'), keyVersion: init.keyVersion, algId: init.algId, terminalId: TEST_TERMINAL,
    mac1: init.mac1.toString('hex'),
  }, token);
  expect(r.status).toBe(200);
  return { serial: init.serial, auth: r.json as unknown as AuthorizeResponse };
}

describe('host simulator × virtual card', () => {
  it('the card accepts the host MAC2 and the host accepts the card TAC', async () => {
    const card = new VirtualCard(fixtureProfile('normal'), keys);
    const order = await paidOrderFor(card, 2_000, 'interop-tac');
    const { serial, auth } = await authorizeOnHost(card, order);
    const credit = send(card, creditApdu(auth.hostDate, auth.hostTime, Buffer.from(auth.mac2, 'hex')));
    expect(credit.swHex).toBe('9000');
    const r = await call(sim.url, 'POST', `/v1/orders/${order.orderId}/confirm`, {
      onlineSerial: serial, newBalanceFen: card.snapshot().balanceFen, tac: credit.data.toString('hex'), evidence: null,
    }, token);
    expect(r.json).toMatchObject({ status: 'LOADED' });
  });

  it('when the CREDIT answer is lost, the card evidence (balance, serial, 0018 record) confirms the load', async () => {
    const card = new VirtualCard(fixtureProfile('normal'), keys);
    const order = await paidOrderFor(card, 3_000, 'interop-evidence');
    const before = card.snapshot();
    const { serial, auth } = await authorizeOnHost(card, order);
    card.setFault('lose-answer-after-commit');
    expect(card.transmit(creditApdu(auth.hostDate, auth.hostTime, Buffer.from(auth.mac2, 'hex')))).toHaveLength(0);
    card.insert();
    const after = card.snapshot();
    const record = after.transactions[0];
    expect(record).toBeDefined();
    const evidence = {
      balanceFen: after.balanceFen, onlineSerial: after.onlineSerial,
      loadRecord: record ? { serial: record.serial, amountFen: record.amountFen, terminalId: record.terminalId, at: record.at } : null,
    };
    const unloaded = await call(sim.url, 'POST', `/v1/orders/${order.orderId}/unloaded`, { evidence }, token);
    expect(unloaded).toMatchObject({ status: 409, json: { code: 'EVIDENCE_SHOWS_LOADED' } });
    const r = await call(sim.url, 'POST', `/v1/orders/${order.orderId}/confirm`, {
      onlineSerial: serial, newBalanceFen: before.balanceFen + 3_000, tac: null, evidence,
    }, token);
    expect(r.json).toMatchObject({ status: 'LOADED' });
  });
});
