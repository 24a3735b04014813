import { describe, expect, it } from 'vitest';
import { FINAL_STATES, RECHARGE_STATES, type RechargeState } from '../../contract/recharge';
import { canTransition, TRANSITIONS } from './transitions';

const HAPPY: RechargeState[] = ['READ', 'ORDERED', 'PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'VERIFIED'];

describe('the allowed-transition table', () => {
  it('names every state, and only states', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...RECHARGE_STATES].sort());
    for (const targets of Object.values(TRANSITIONS)) for (const t of targets) expect(RECHARGE_STATES).toContain(t);
  });

  it('follows the happy path of docs/architecture.md §2 step by step', () => {
    for (let i = 1; i < HAPPY.length; i++) expect(canTransition(HAPPY[i - 1] as RechargeState, HAPPY[i] as RechargeState)).toBe(true);
  });

  it('never skips a step of the happy path, but to CONFIRMED a load made elsewhere that the card shows', () => {
    const skips: string[] = [];
    for (let i = 0; i < HAPPY.length; i++) {
      for (let j = i + 2; j < HAPPY.length; j++) {
        if (canTransition(HAPPY[i] as RechargeState, HAPPY[j] as RechargeState)) skips.push(`${HAPPY[i]}→${HAPPY[j]}`);
      }
    }
    // The host says LOADED and this journal never sent the MAC2 (main/recharge/host-status.ts): no MAC2 of ours, no WRITTEN.
    expect(skips).toEqual(['ORDERED→CONFIRMED', 'PAID→CONFIRMED', 'INIT→CONFIRMED']);
  });

  it('never goes back along the happy path except through UNLOADED', () => {
    for (let i = 1; i < HAPPY.length; i++) {
      for (let j = 0; j < i; j++) expect(canTransition(HAPPY[i] as RechargeState, HAPPY[j] as RechargeState)).toBe(false);
    }
  });

  it('allows the resume paths: AUTHORIZED → UNLOADED / WRITTEN, INIT → UNLOADED, a fresh INIT after INIT', () => {
    expect(canTransition('AUTHORIZED', 'UNLOADED')).toBe(true);
    expect(canTransition('AUTHORIZED', 'WRITTEN')).toBe(true);
    expect(canTransition('INIT', 'UNLOADED')).toBe(true);
    expect(canTransition('INIT', 'INIT')).toBe(true);
  });

  it('lets a final state move only for a repair load, an administrator, the check after 已圈存, an intent or an owed POS slip', () => {
    const moves = FINAL_STATES.flatMap((from) => TRANSITIONS[from].map((to) => `${from}→${to}`)).sort();
    expect(moves).toEqual([
      'CANCELLED→CANCELLED', 'CONFIRMED→NEEDS_ADMIN', 'CONFIRMED→VERIFIED', 'NEEDS_ADMIN→CONFIRMED', 'NEEDS_ADMIN→NEEDS_ADMIN',
      'NEEDS_ADMIN→UNLOADED', 'UNLOADED→CONFIRMED', 'UNLOADED→INIT', 'UNLOADED→NEEDS_ADMIN', 'UNLOADED→REFUNDED', 'UNLOADED→REFUNDING',
      'UNLOADED→UNLOADED',
    ]);
  });

  it('never refunds what may be on the card, and never moves a refunded recharge again', () => {
    for (const s of ['AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'VERIFIED', 'NEEDS_ADMIN', 'READ', 'CANCELLED'] as const) {
      expect(canTransition(s, 'REFUNDING'), s).toBe(false);
      expect(canTransition(s, 'REFUNDED'), s).toBe(false);
    }
    expect(TRANSITIONS.REFUNDED).toEqual([]);
    expect(TRANSITIONS.REFUNDING).toEqual(['REFUNDING', 'REFUNDED', 'NEEDS_ADMIN']);
    for (const s of ['INIT', 'AUTHORIZED', 'UNLOADED'] as const) expect(canTransition('REFUNDING', s), s).toBe(false);
  });

  it('keeps paid money out of CANCELLED and a loaded card out of UNLOADED', () => {
    for (const s of ['PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'UNLOADED', 'NEEDS_ADMIN'] as const) {
      expect(canTransition(s, 'CANCELLED'), s).toBe(false);
    }
    expect(canTransition('WRITTEN', 'UNLOADED')).toBe(false);
    expect(canTransition('CONFIRMED', 'UNLOADED')).toBe(false);
  });

  it('lets a non-final state record a retry in place; of the final ones NEEDS_ADMIN (a re-check), UNLOADED (an intent) and CANCELLED (an owed slip)', () => {
    const inPlace = ['NEEDS_ADMIN', 'UNLOADED', 'CANCELLED'];
    for (const s of RECHARGE_STATES) expect(canTransition(s, s), s).toBe(!FINAL_STATES.includes(s) || inPlace.includes(s));
  });

  it('sends NEEDS_ADMIN only from states where money was taken (the card or the host may hold it)', () => {
    const into = RECHARGE_STATES.filter((s) => canTransition(s, 'NEEDS_ADMIN'));
    expect(into).toEqual(['ORDERED', 'PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'UNLOADED', 'NEEDS_ADMIN', 'REFUNDING']);
  });
});
