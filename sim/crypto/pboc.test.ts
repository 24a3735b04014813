import { describe, expect, it } from 'vitest';
import { diversify, mac1, mac2, pbocMac, sessionLoadKey, tac, tacSessionKey } from './pboc';

const h = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('PBOC load crypto — golden vectors of docs/card-protocol.md §3', () => {
  describe('vector B: a real card load log (3DES, EP load)', () => {
    const dlk = h('374598B5C0B0EAE1E1D06609AC5BB369');
    const dtk = h('CAA6025290114BFCC3C9043F70F7A07A');
    const terminalId = h('000001000050');
    const ses = sessionLoadKey(dlk, h('CDEF4F20'), 0);
    const hostDate = h('20140825');
    const hostTime = h('103100');

    it('derives the session load key', () => expect(ses.toString('hex')).toBe('3c05f429713d0188'));
    it('computes MAC1', () => expect(mac1(ses, 0, { amountFen: 0x1c37, terminalId }).toString('hex')).toBe('06b1bef5'));
    it('computes MAC2', () =>
      expect(mac2(ses, { amountFen: 0x1c37, terminalId, hostDate, hostTime }).toString('hex')).toBe('0641dcd8'));
    it('derives the TAC key from DTK halves', () => expect(tacSessionKey(dtk).toString('hex')).toBe('096f066de0e6eb86'));
    it('computes the TAC', () =>
      expect(
        tac(dtk, { newBalanceFen: 0x1c37, onlineSerial: 0, amountFen: 0x1c37, terminalId, hostDate, hostTime }).toString('hex'),
      ).toBe('ed0f8755'));
  });

  describe('vector A: ED load (type 01)', () => {
    const key = h('11223344556677888877665544332211');
    const terminalId = h('001122334455');
    const ses = sessionLoadKey(key, h('11223344'), 0);
    it('derives the session load key', () => expect(ses.toString('hex')).toBe('9b1d924e05595603'));
    it('computes MAC1', () =>
      expect(mac1(ses, 0, { transType: 1, amountFen: 0x1000, terminalId }).toString('hex')).toBe('2988ae5a'));
    it('computes MAC2', () =>
      expect(
        mac2(ses, { transType: 1, amountFen: 0x1000, terminalId, hostDate: h('20111221'), hostTime: h('214822') }).toString('hex'),
      ).toBe('3a845bf0'));
  });

  it('diversification uses the factor and its complement', () => {
    const k = h('11223344556677888877665544332211');
    const d = diversify(k, h('0102030405060708'));
    expect(d).toHaveLength(16);
    expect(d.subarray(0, 8)).not.toEqual(d.subarray(8, 16));
  });

  it('a MAC changes when one input bit changes', () => {
    const k = h('3c05f429713d0188');
    expect(pbocMac(k, h('00'))).not.toEqual(pbocMac(k, h('01')));
  });
});
