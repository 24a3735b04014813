import fc from 'fast-check';
import { finish, programArb, runProgram, violations, type Step, type Tally } from './program';
import { World } from './world';

/** The figures of a batch of programs (printed by the test and by bench/interleave.ts). */
export interface Figures extends Tally { programs: number; violations: number; seconds: number; seed: number }

/**
 * Runs `numRuns` random programs from `seed` (printed, so any run can be replayed with INTERLEAVE_SEED and, for one
 * failing program, fast-check's printed path), each in a world of its own, and checks the invariants after the
 * program and a final resume. Throws fast-check's report (seed, path, the shrunk program, what broke) on the first
 * program that breaks one.
 */
export async function interleave(numRuns: number, seed: number, o: { swipeMs?: number; path?: string } = {}): Promise<Figures> {
  const figures: Figures = { programs: 0, ops: 0, faults: 0, kills: 0, refusals: 0, violations: 0, seconds: 0, seed };
  const started = Date.now();
  await fc.assert(fc.asyncProperty(programArb, async (steps: Step[]) => {
    const w = await World.create(o.swipeMs ?? 15);
    try {
      figures.programs++;
      await runProgram(w, steps, figures);
      await finish(w);
      const broken = await violations(w);
      if (broken.length > 0) {
        figures.violations++;
        throw new Error(broken.join('\n'));
      }
    } finally {
      await w.close();
    }
  }), { numRuns, seed, ...(o.path ? { path: o.path } : {}), endOnFailure: true });
  figures.seconds = (Date.now() - started) / 1000;
  return figures;
}
