import { describe, expect, it } from 'vitest';
import { interleave } from './run';

/**
 * The recharge machine under random interleavings (docs/architecture.md §6): two windows × every operation × faults,
 * over the in-process card, the host simulator and the simulated MIS-POS. A few hundred programs here; `npm run
 * bench:interleave` runs 10,000 and prints the figures. The seed is printed: INTERLEAVE_SEED=<seed> replays a run.
 */
const RUNS = Number(process.env.INTERLEAVE_RUNS ?? 200);
const SEED = Number(process.env.INTERLEAVE_SEED ?? Date.now() % 2_147_483_647);

describe('random programs of two windows, operations and faults', () => {
  it(`keeps every paid recharge on the card once or owed, nothing unpaid on the card, closed days closed, the chains whole (seed ${SEED})`, async () => {
    console.log(`interleave: ${RUNS} programs, seed ${SEED} (replay: INTERLEAVE_SEED=${SEED})`);
    const f = await interleave(RUNS, SEED);
    console.log(`interleave: ${f.programs} programs, ${f.ops} operations, ${f.faults} faults, ${f.kills} kills, ${f.refusals} refusals, ${f.violations} violations, ${f.seconds.toFixed(1)} s`);
    expect(f.violations).toBe(0);
  }, 1_800_000);
});
