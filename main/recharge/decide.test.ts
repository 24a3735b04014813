import { describe, expect, it } from 'vitest';
import type { CardTransaction } from '../../contract/card';
import { decideLoad, type LoadAttempt } from './decide';

const attempt: LoadAttempt = {
  amountFen: 5000, oldBalanceFen: 10000, onlineSerial: 7, terminalId: '000001000050', hostDate: '20261125', hostTime: '103100',
};
const ours: CardTransaction = {
  serial: 8, overdraftFen: 0, amountFen: 5000, type: 2, terminalId: '000001000050', at: '2026-11-25T10:31:00',
};
const purchase: CardTransaction = { ...ours, serial: 3, amountFen: 300, type: 6, at: '2026-11-25T10:40:00' };

describe('deciding from the card whether an interrupted load happened', () => {
  it('serial and balance unchanged → not loaded', () => {
    expect(decideLoad(attempt, { balanceFen: 10000, onlineSerial: 7, log: [] }).kind).toBe('NOT_LOADED');
  });
  it('serial unchanged but a purchase since → still not loaded (purchases never move the online serial)', () => {
    expect(decideLoad(attempt, { balanceFen: 9700, onlineSerial: 7, log: [purchase] }).kind).toBe('NOT_LOADED');
  });
  it('serial N+1, balance B+A and our 0018 record → loaded', () => {
    const v = decideLoad(attempt, { balanceFen: 15000, onlineSerial: 8, log: [ours] });
    expect(v).toMatchObject({ kind: 'LOADED', record: ours });
  });
  it('serial N+1 and our record but a purchase since → loaded', () => {
    expect(decideLoad(attempt, { balanceFen: 14700, onlineSerial: 8, log: [purchase, ours] }).kind).toBe('LOADED');
  });
  it('serial N+1 without our record (another terminal loaded it) → administrator', () => {
    const other = { ...ours, terminalId: '000001000099' };
    expect(decideLoad(attempt, { balanceFen: 15000, onlineSerial: 8, log: [other] }).kind).toBe('CONTRADICTION');
  });
  it('several loads since, ours in the log → loaded', () => {
    const later = { ...ours, serial: 9, at: '2026-11-25T11:00:00' };
    expect(decideLoad(attempt, { balanceFen: 20000, onlineSerial: 9, log: [later, ours] }).kind).toBe('LOADED');
  });
  it('several loads since and ours rotated out of the log → administrator', () => {
    expect(decideLoad(attempt, { balanceFen: 20000, onlineSerial: 9, log: [] }).kind).toBe('CONTRADICTION');
  });
  it('host says loaded but the card serial never moved → administrator', () => {
    expect(decideLoad(attempt, { balanceFen: 10000, onlineSerial: 7, log: [] }, 'LOADED').kind).toBe('CONTRADICTION');
  });
  it('serial lower than at INIT → administrator', () => {
    expect(decideLoad(attempt, { balanceFen: 10000, onlineSerial: 6, log: [] }).kind).toBe('CONTRADICTION');
  });
});
