import { describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { cardNumber, parseCardProfile } from './profile';
import { fixtureProfile } from './testing';

describe('card profile', () => {
  it('loads every fixture and fills the optional settings with their defaults', () => {
    for (const name of ['normal', 'account', 'expired', 'near-max', 't0'] as const) {
      const p = fixtureProfile(name);
      expect(p.issuerId).toBe('B8CACBE062010001');
      expect(p.pinTries).toBe(3);
      expect(p.logCapacity).toBe(10);
    }
    const normal = fixtureProfile('normal');
    expect(normal).toMatchObject({ cardType: 0x16, plate: '甘A12345', plateColor: 0, balanceFen: 10000, protocol: 'T1' });
    expect(normal.maxBalanceFen).toBe(100_000_000);
    expect(normal.proveSerial).toBe('N');
    expect(cardNumber(normal)).toBe('62010000000000000001');
    expect(fixtureProfile('account').cardType).toBe(0x17);
    expect(fixtureProfile('t0').protocol).toBe('T0');
    expect(Number(fixtureProfile('expired').validUntil)).toBeLessThan(20250101);
    const nearMax = fixtureProfile('near-max');
    expect(nearMax.maxBalanceFen - nearMax.balanceFen).toBeLessThanOrEqual(1000_00);
  });

  it('refuses a profile with a stable code and names every bad field', () => {
    const bad = { ...fixtureProfile('normal'), issuerId: 'XYZ', validUntil: '20230230', format: 44, plate: '甘A1234567890' };
    try {
      parseCardProfile(bad, 'bad.json');
      expect.unreachable('a bad profile was accepted');
    } catch (e) {
      expect(isAppError(e, 'SIM_PROFILE_INVALID')).toBe(true);
      const text = (e as Error).message;
      for (const field of ['issuerId', 'validUntil', 'format', 'plate', 'bad.json']) expect(text).toContain(field);
    }
  });

  it('refuses a balance above the card cap and a log longer than its capacity', () => {
    const p = fixtureProfile('normal');
    expect(() => parseCardProfile({ ...p, maxBalanceFen: 100 })).toThrow(/balanceFen/);
    expect(() => parseCardProfile({ ...p, logCapacity: 2 })).toThrow(/transactions/);
  });
});
