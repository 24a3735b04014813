import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { creditApdu, fixtureKeys, fixtureProfile, hex, hostMac2, initApdu, openApplication, parseInit, send } from './testing';
import { VirtualCard } from './virtual-card';

const keys = fixtureKeys();
const DATE = '20241120';
const TIME = '101010';

function tempState(): string {
  return join(mkdtempSync(join(tmpdir(), 'vcard-')), 'card.json');
}

/** Opens the application, INITs and returns the CREDIT APDU the host's MAC2 would make. */
function authorized(card: VirtualCard, amountFen: number) {
  openApplication(card);
  const init = parseInit(send(card, initApdu(amountFen)).data);
  const mac = hostMac2(card.profile, keys, init, { amountFen, hostDate: DATE, hostTime: TIME });
  return { init, mac, credit: creditApdu(DATE, TIME, mac) };
}

describe('virtual card: faults and persistence', () => {
  it('tear-before-commit: CREDIT gets no answer, the card is gone and nothing changed', () => {
    const statePath = tempState();
    const card = new VirtualCard(fixtureProfile('normal'), keys, { statePath });
    const before = card.snapshot();
    const seen: boolean[] = [];
    card.onPresenceChange((p) => seen.push(p));
    const { init, credit } = authorized(card, 5000);
    card.setFault('tear-before-commit');
    expect(card.transmit(credit)).toHaveLength(0);
    expect(card.present).toBe(false);
    expect(seen).toEqual([false]);
    expect(card.transmit(hex('805C000204'))).toHaveLength(0);
    expect({ ...card.snapshot(), present: true, powered: true }).toEqual(before);
    // The card is re-presented: the probe of docs/card-protocol.md §4 sees serial N and balance B.
    card.insert();
    openApplication(card);
    expect(parseInit(send(card, initApdu(5000)).data)).toMatchObject({ serial: init.serial, oldBalanceFen: 10000 });
    expect(new VirtualCard(fixtureProfile('normal'), keys, { statePath }).snapshot().balanceFen).toBe(10000);
  });

  it('lose-answer-after-commit: the load is on the card and on disk, only the answer is lost', () => {
    const statePath = tempState();
    const card = new VirtualCard(fixtureProfile('normal'), keys, { statePath });
    const { init, mac, credit } = authorized(card, 5000);
    card.setFault('lose-answer-after-commit');
    expect(card.transmit(credit)).toHaveLength(0);
    expect(card.present).toBe(false);
    const restarted = new VirtualCard(fixtureProfile('normal'), keys, { statePath });
    const snap = restarted.snapshot();
    expect(snap).toMatchObject({ balanceFen: 15000, onlineSerial: init.serial + 1 });
    expect(snap.transactions[0]).toMatchObject({ type: 2, amountFen: 5000, terminalId: '000001000050', at: '2024-11-20T10:10:10' });
    // The TAC the counter never saw can still be fetched: GET TRANSACTION PROVE by serial N.
    send(restarted, '00A40000021001');
    const prove = send(restarted, Buffer.from([0x80, 0x5a, 0x00, 0x02, 0x02, 0x00, init.serial, 0x08]));
    expect(prove.swHex).toBe('9000');
    expect(prove.data.subarray(0, 4)).toEqual(mac);
  });

  it('fires a fault once, on the instruction it was armed for', () => {
    const card = new VirtualCard(fixtureProfile('normal'), keys);
    openApplication(card);
    card.setFault('tear-before-commit', 0x50);
    expect(send(card, '805C000204').swHex).toBe('9000'); // another instruction passes
    expect(card.transmit(initApdu(100))).toHaveLength(0);
    card.insert();
    openApplication(card);
    expect(send(card, initApdu(100)).swHex).toBe('9000');
    card.setFault('lose-answer-after-commit');
    card.setFault(null);
    const init = parseInit(send(card, initApdu(100)).data);
    const mac = hostMac2(card.profile, keys, init, { amountFen: 100, hostDate: DATE, hostTime: TIME });
    expect(send(card, creditApdu(DATE, TIME, mac)).swHex).toBe('9000');
  });

  it('is the same card after a restart: balance, serial, log and last proof come back from the state file', () => {
    const statePath = tempState();
    const card = new VirtualCard(fixtureProfile('normal'), keys, { statePath, now: () => new Date('2024-11-20T10:10:10Z') });
    const { credit } = authorized(card, 2500);
    const tac = send(card, credit).data;
    const again = new VirtualCard(fixtureProfile('normal'), keys, { statePath });
    const { present: _p, powered: _w, ...persisted } = card.snapshot();
    expect(again.snapshot()).toMatchObject(persisted);
    expect(again.snapshot().lastLoad?.tac).toBe(tac.toString('hex'));
    expect(readdirSync(join(statePath, '..'))).toEqual(['card.json']); // no temp file left behind
  });

  it('refuses a state file that belongs to another card', () => {
    const statePath = tempState();
    new VirtualCard(fixtureProfile('normal'), keys, { statePath });
    try {
      new VirtualCard(fixtureProfile('account'), keys, { statePath });
      expect.unreachable('another card’s state was accepted');
    } catch (e) {
      expect(isAppError(e, 'SIM_STATE_OTHER_CARD')).toBe(true);
    }
  });
});
