import { describe, expect, it } from 'vitest';
import { mapPcscError, pcscCode } from './pcsc-errors';

/** Errors exactly as pcsclite formats them. */
const err = (fn: string, text: string, code: number): Error =>
  new Error(`${fn} error: ${text}(0x${code.toString(16).padStart(8, '0')})`);

describe('PC/SC error mapping', () => {
  it('reads the code out of the pcsclite message', () => {
    expect(pcscCode(err('SCardTransmit', 'Card was removed.', 0x80100069))).toBe(0x80100069);
    expect(pcscCode(new Error('Card Reader not connected'))).toBeNull();
  });

  it.each([
    ['80100069', 'CARD_REMOVED'], // removed card
    ['8010000C', 'CARD_REMOVED'], // no smart card
    ['80100016', 'CARD_REMOVED'], // not transacted: what vpcd answers after an empty transmit
    ['80100068', 'CARD_REMOVED'], // reset by another application: session lost
    ['80100017', 'CARD_REMOVED'], // reader unavailable mid-command
    ['8010000A', 'CARD_TIMEOUT'],
    ['80100003', 'CARD_NOT_CONNECTED'],
    ['80100004', 'PCSC_ERROR'],
  ])('during transmit maps 0x%s to %s', (code, expected) => {
    expect(mapPcscError(err('SCardTransmit', 'x', parseInt(code, 16)), 'transmit', 'R').code).toBe(expected);
  });

  it.each([
    ['80100069', 'CARD_ABSENT'],
    ['8010000C', 'CARD_ABSENT'],
    ['80100066', 'CARD_UNRESPONSIVE'],
    ['80100009', 'READER_NOT_FOUND'],
    ['80100017', 'READER_NOT_FOUND'],
    ['8010000B', 'CARD_IN_USE'],
    ['8010001D', 'PCSC_UNAVAILABLE'],
    ['8010000A', 'CARD_TIMEOUT'],
  ])('at connect maps 0x%s to %s', (code, expected) => {
    expect(mapPcscError(err('SCardConnect', 'x', parseInt(code, 16)), 'connect', 'R').code).toBe(expected);
  });

  it('maps any failure to start to PCSC_UNAVAILABLE', () => {
    expect(mapPcscError(err('SCardEstablishContext', 'Service not available.', 0x8010001d), 'start').code).toBe('PCSC_UNAVAILABLE');
  });

  it("maps pcsclite's own not-connected check to CARD_NOT_CONNECTED", () => {
    expect(mapPcscError(new Error('Card Reader not connected'), 'transmit').code).toBe('CARD_NOT_CONNECTED');
  });
});
