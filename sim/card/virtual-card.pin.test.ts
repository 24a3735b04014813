import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCardProfile } from './profile';
import { fixtureKeys, fixtureProfile, initApdu, pinApdu, send } from './testing';
import { VirtualCard } from './virtual-card';

describe('virtual card: PIN', () => {
  it('counts wrong PINs down with 63Cx, blocks at zero and then refuses even the right PIN', () => {
    const card = new VirtualCard(fixtureProfile('normal'), fixtureKeys());
    send(card, '00A40000021001');
    expect(send(card, pinApdu('111111', 'bcd')).swHex).toBe('63C2');
    expect(send(card, pinApdu('111111', 'bcd')).swHex).toBe('63C1');
    expect(send(card, pinApdu('111111', 'bcd')).swHex).toBe('63C0');
    expect(send(card, pinApdu('123456', 'bcd')).swHex).toBe('6983');
    expect(card.snapshot().pinTriesLeft).toBe(0);
    expect(send(card, initApdu(100)).swHex).toBe('6982');
  });

  it('restores the tries with a right PIN and reports status for an empty VERIFY', () => {
    const card = new VirtualCard(fixtureProfile('normal'), fixtureKeys());
    expect(send(card, '0020000000').swHex).toBe('63C3');
    expect(send(card, pinApdu('654321', 'bcd')).swHex).toBe('63C2');
    expect(send(card, pinApdu('123456', 'bcd')).swHex).toBe('9000');
    expect(card.snapshot().pinTriesLeft).toBe(3);
    expect(send(card, '00200000').swHex).toBe('9000');
  });

  it('compares the PIN in the encoding the issuer chose: an ASCII card refuses the BCD form', () => {
    const card = new VirtualCard(parseCardProfile({ ...fixtureProfile('normal'), pinEncoding: 'ascii' }), fixtureKeys());
    expect(send(card, pinApdu('123456', 'bcd')).swHex).toBe('63C2');
    expect(send(card, pinApdu('123456', 'ascii')).swHex).toBe('9000');
  });

  it('requires the PIN in this session before INITIALIZE FOR LOAD: a reset forgets it', () => {
    const card = new VirtualCard(fixtureProfile('normal'), fixtureKeys());
    send(card, '00A40000021001');
    expect(send(card, initApdu(100)).swHex).toBe('6982');
    send(card, pinApdu('123456', 'bcd'));
    expect(send(card, initApdu(100)).swHex).toBe('9000');
    card.reset();
    send(card, '00A40000021001');
    expect(send(card, initApdu(100)).swHex).toBe('6982');
  });

  it('keeps the try counter across a restart of the simulator', () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'vcard-')), 'card.json');
    const first = new VirtualCard(fixtureProfile('normal'), fixtureKeys(), { statePath });
    send(first, pinApdu('000000', 'bcd'));
    send(first, pinApdu('000000', 'bcd'));
    const again = new VirtualCard(fixtureProfile('normal'), fixtureKeys(), { statePath });
    expect(again.snapshot().pinTriesLeft).toBe(1);
    expect(send(again, pinApdu('000000', 'bcd')).swHex).toBe('63C0');
    expect(send(new VirtualCard(fixtureProfile('normal'), fixtureKeys(), { statePath }), pinApdu('123456', 'bcd')).swHex).toBe('6983');
  });
});
