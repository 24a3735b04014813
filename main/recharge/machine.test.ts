import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../contract/i18n';
import { FINAL_STATES, RECHARGE_STATES, type RechargeState } from '../../contract/recharge';
import { decide, INPUTS, TABLE, type Facts, type HostFact, type Input } from './machine';
import { machineTable, TABLE_END, TABLE_START } from './machine-doc';

const HOSTS: HostFact[] = ['unasked', 'AWAITING_PAYMENT', 'PAID', 'CLOSED', 'LOADED', 'UNLOADED', 'REFUNDING', 'REFUNDED'];
/** What a person at the counter can ask for from a screen (the rest the program asks by itself). */
const BY_HAND: Input[] = ['load', 'resume', 'cancel', 'resolve'];

function facts(state: RechargeState, host: HostFact, input: Input, over: Partial<Facts> = {}): Facts {
  return {
    state, host, input, card: 'unread', pos: false, posCharge: 'none', slip: false, micropay: 'none', expired: false, fresh: false,
    wrote: false, authRefused: null, foreignChecked: false, confirmedNow: false, steps: 0, resolvedNow: false, ...over,
  };
}

describe('the recharge machine\'s table', () => {
  it('is the table docs/architecture.md §2b shows', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'architecture.md'), 'utf8');
    const a = doc.indexOf(TABLE_START);
    const b = doc.indexOf(TABLE_END);
    expect(a, 'the markers of the table in docs/architecture.md').toBeGreaterThan(0);
    expect(doc.slice(a + TABLE_START.length, b).trim(), 'run `npm run docs:machine`').toBe(machineTable());
  });

  it('has an answer for every fact, and its last row refuses whatever no row above took', () => {
    for (const state of RECHARGE_STATES) for (const host of HOSTS) for (const input of INPUTS) expect(decide(facts(state, host, input)).row).toBeDefined();
    expect(TABLE.at(-1)?.then).toEqual({ stop: 'refuse', code: 'RECHARGE_WRONG_STATE' });
  });

  it('gives every state that is not settled an exit a person can take from a screen, or says what they do', () => {
    const settled: RechargeState[] = ['VERIFIED', 'CONFIRMED', 'CANCELLED', 'REFUNDED'];
    for (const state of RECHARGE_STATES.filter((s) => !settled.includes(s))) {
      for (const host of HOSTS) {
        const answers = BY_HAND.map((input) => decide(facts(state, host, input)));
        const exit = answers.some((a) => 'step' in a.move || a.row.exit !== undefined);
        expect(exit, `${state} with the host saying ${host}`).toBe(true);
      }
    }
    expect(FINAL_STATES).toEqual(expect.arrayContaining(settled));
  });

  it('names every exit and refusal in the message table', () => {
    for (const row of TABLE) {
      if (row.exit) expect(messages[row.exit], row.exit).toBeDefined();
      if ('stop' in row.then && row.then.stop === 'refuse') expect(messages[row.then.code], row.then.code).toBeDefined();
    }
  });

  it('never sends CREDIT but with a MAC2 of this run, and decides an earlier AUTHORIZED from the card, whatever the host says', () => {
    for (const host of HOSTS) {
      for (const input of INPUTS) {
        const stale = decide(facts('AUTHORIZED', host, input)).move;
        expect(stale, `AUTHORIZED (${host}, ${input})`).not.toEqual({ step: 'credit' });
      }
      for (const input of ['load', 'resume'] as const) expect(decide(facts('AUTHORIZED', host, input, { fresh: true })).move).toEqual({ step: 'credit' });
      expect(decide(facts('AUTHORIZED', host, 'resume')).move).toEqual({ step: 'probe' });
    }
  });

  it('never loads an order the host refunds or is refunding (no INIT, no CREDIT)', () => {
    for (const state of ['ORDERED', 'PAID', 'INIT', 'UNLOADED'] as const) {
      for (const host of ['REFUNDING', 'REFUNDED'] as const) {
        for (const input of INPUTS) expect(decide(facts(state, host, input)).move, `${state} ${host} ${input}`).not.toEqual({ step: 'init' });
      }
    }
  });

  it('reads a POS charge of unknown outcome back from the POS before anything else, cancel included', () => {
    for (const input of INPUTS) expect(decide(facts('READ', 'unasked', input, { pos: true, posCharge: 'open' })).move).toEqual({ step: 'pos-query' });
  });
});
