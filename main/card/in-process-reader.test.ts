import { describe, expect, it } from 'vitest';
import { fromHex } from './apdu';
import { chooseReader } from './choose-reader';
import { type InProcessCard, InProcessReader } from './in-process-reader';

class EchoCard implements InProcessCard {
  atr = fromHex('3B00');
  present = true;
  answer: () => Buffer = () => fromHex('9000');
  transmit(): Buffer {
    return this.answer();
  }
}

describe('InProcessReader', () => {
  it('lists its one slot with the card and its ATR', async () => {
    const reader = new InProcessReader(new EchoCard(), { name: 'Training' });
    expect(await reader.listReaders()).toEqual(['Training']);
    expect(await reader.readers()).toEqual([{ name: 'Training', cardPresent: true, atr: '3B00' }]);
  });

  it('tells listeners when the owner pulls and inserts the card', () => {
    const card = new EchoCard();
    const reader = new InProcessReader(card);
    const seen: string[] = [];
    reader.on('card-removed', (r) => seen.push(`removed ${r}`));
    const off = reader.on('card-inserted', (r, atr) => seen.push(`inserted ${r} ${atr}`));
    card.present = false;
    reader.cardChanged();
    reader.cardChanged(); // no change, no event
    card.present = true;
    reader.cardChanged();
    off();
    card.present = false;
    reader.cardChanged();
    card.present = true;
    reader.cardChanged();
    expect(seen).toEqual([
      `removed ${reader.name}`, `inserted ${reader.name} 3B00`, `removed ${reader.name}`,
    ]);
  });

  it('connects with the configured protocol and passes APDUs through', async () => {
    const reader = new InProcessReader(new EchoCard(), { protocol: 'T0' });
    const c = await reader.connect(reader.name);
    expect(c.protocol).toBe('T0');
    expect(await c.transmit(fromHex('00A4000000'))).toEqual(fromHex('9000'));
  });

  it('refuses an unknown reader and an empty slot', async () => {
    const card = new EchoCard();
    const reader = new InProcessReader(card);
    await expect(reader.connect('other')).rejects.toMatchObject({ code: 'READER_NOT_FOUND' });
    card.present = false;
    await expect(reader.connect(reader.name)).rejects.toMatchObject({ code: 'CARD_ABSENT' });
  });

  it('turns an empty answer, a throwing card or a pulled card into CARD_REMOVED', async () => {
    const card = new EchoCard();
    const reader = new InProcessReader(card);
    const c = await reader.connect(reader.name);
    card.answer = () => Buffer.alloc(0);
    await expect(c.transmit(fromHex('00'))).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    card.answer = () => { throw new Error('torn'); };
    await expect(c.transmit(fromHex('00'))).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    card.answer = () => fromHex('9000');
    card.present = false;
    await expect(c.transmit(fromHex('00'))).rejects.toMatchObject({ code: 'CARD_REMOVED' });
  });

  it('refuses to transmit after disconnect', async () => {
    const reader = new InProcessReader(new EchoCard());
    const c = await reader.connect(reader.name);
    await c.disconnect();
    await expect(c.transmit(fromHex('00'))).rejects.toMatchObject({ code: 'CARD_NOT_CONNECTED' });
  });
});

describe('chooseReader', () => {
  it('takes the named reader, else the first with a card', async () => {
    const card = new EchoCard();
    const reader = new InProcessReader(card, { name: 'A' });
    expect(await chooseReader(reader, 'A')).toBe('A');
    expect(await chooseReader(reader, null)).toBe('A');
    await expect(chooseReader(reader, 'B')).rejects.toMatchObject({ code: 'READER_NOT_FOUND' });
    card.present = false;
    await expect(chooseReader(reader, null)).rejects.toMatchObject({ code: 'CARD_ABSENT' });
    await reader.close();
    await expect(chooseReader(reader, null)).rejects.toMatchObject({ code: 'READER_NONE' });
  });
});

describe('InProcessReader session end', () => {
  it('resets the card on disconnect, like PC/SC with SCARD_RESET_CARD', async () => {
    let resets = 0;
    const card = Object.assign(new EchoCard(), { reset: () => { resets++; } });
    const reader = new InProcessReader(card);
    const c = await reader.connect(reader.name);
    await c.disconnect();
    await c.disconnect();
    expect(resets).toBe(1);
  });
});
