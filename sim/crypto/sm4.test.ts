import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadMessages } from './pboc';
import { diversifySm4, sm4CardKey, sm4Ecb, sm4Mac, sm4Mac1, sm4Mac2, sm4SessionLoadKey, sm4Tac } from './sm4';
import { loadSuite, PBOC_3DES, SM4_HYPOTHESIS } from './suite';

const h = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

/** SM4-CBC with IV 0 through OpenSSL's own CBC mode, an implementation independent of sm4Mac's loop. */
function opensslCbcMac(key: Buffer, data: Buffer): Buffer {
  const pad = Buffer.alloc(16 - (data.length % 16));
  pad[0] = 0x80;
  const c = createCipheriv('sm4-cbc', key, Buffer.alloc(16));
  c.setAutoPadding(false);
  const out = Buffer.concat([c.update(Buffer.concat([data, pad])), c.final()]);
  return out.subarray(out.length - 16, out.length - 12);
}

describe('SM4 primitive', () => {
  it('matches GB/T 32907', () => {
    const k = h('0123456789abcdeffedcba9876543210');
    expect(sm4Ecb(k, k).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    expect(sm4Ecb(k, h('681edf34d206965e86b3e94f536e4246'), true)).toEqual(k);
  });

  it('refuses keys and data of the wrong size', () => {
    expect(() => sm4Ecb(Buffer.alloc(8), Buffer.alloc(16))).toThrow(RangeError);
    expect(() => sm4Ecb(Buffer.alloc(16), Buffer.alloc(8))).toThrow(RangeError);
  });
});

describe('SM4 purse crypto (HYPOTHESIS, sim/crypto/sm4.ts)', () => {
  const mk = h('6FD90D784F5FB3BA06C97B5F268561D3');
  const issuer = h('B8CACBE062010001');
  const internal = h('0000000000000006');

  it('diversifies as SM4(MK, D ‖ NOT D), twice for a card key', () => {
    const d = h('B8CACBE062010001');
    expect(diversifySm4(mk, d)).toEqual(sm4Ecb(mk, Buffer.concat([d, h('473534 1F9DFEFFFE')])));
    expect(sm4CardKey(mk, issuer, internal)).toEqual(diversifySm4(diversifySm4(mk, issuer), internal));
  });

  it('MACs with SM4 CBC, IV 0, 80 00… padding to 16 bytes, 4 bytes kept', () => {
    const key = sm4CardKey(mk, issuer, internal);
    for (const len of [0, 1, 15, 16, 17, 23]) {
      const data = Buffer.alloc(len, 0xa5);
      expect(sm4Mac(key, data)).toHaveLength(4);
      expect(sm4Mac(key, data)).toEqual(opensslCbcMac(key, data));
    }
    expect(sm4Mac(key, h('00'))).not.toEqual(sm4Mac(key, h('01')));
  });

  it('derives the session key from random ‖ serial padded to one block', () => {
    const dlk = sm4CardKey(mk, issuer, internal);
    expect(sm4SessionLoadKey(dlk, h('CDEF4F20'), 7)).toEqual(sm4Ecb(dlk, h('CDEF4F20 0007 80 000000000000000000')));
    expect(sm4SessionLoadKey(dlk, h('CDEF4F20'), 7)).toHaveLength(16);
  });

  it('computes MAC1, MAC2 and TAC over the same bytes as the 3DES formulas', () => {
    const ses = h('00112233445566778899AABBCCDDEEFF');
    const i = { amountFen: 0x1c37, terminalId: h('000001000050'), hostDate: h('20140825'), hostTime: h('103100') };
    expect(sm4Mac1(ses, 0, i)).toEqual(opensslCbcMac(ses, h('00000000 00001C37 02 000001000050')));
    expect(sm4Mac2(ses, i)).toEqual(opensslCbcMac(ses, h('00001C37 02 000001000050 20140825 103100')));
    expect(sm4Tac(ses, { ...i, newBalanceFen: 0x1c37, onlineSerial: 0 })).toEqual(opensslCbcMac(ses, loadMessages.tac({ ...i, newBalanceFen: 0x1c37, onlineSerial: 0 })));
  });

  it('is a suite of its own, labelled as a hypothesis; 3DES is not', () => {
    expect(loadSuite('sm4')).toBe(SM4_HYPOTHESIS);
    expect(loadSuite('3des')).toBe(PBOC_3DES);
    expect([SM4_HYPOTHESIS.hypothesis, PBOC_3DES.hypothesis]).toEqual([true, false]);
    const dlk = h('374598B5C0B0EAE1E1D06609AC5BB369');
    const i = { amountFen: 100, terminalId: h('000001000050') };
    expect(SM4_HYPOTHESIS.mac1(SM4_HYPOTHESIS.sessionLoadKey(dlk, h('01020304'), 1), 0, i))
      .not.toEqual(PBOC_3DES.mac1(PBOC_3DES.sessionLoadKey(dlk, h('01020304'), 1), 0, i));
  });
});
