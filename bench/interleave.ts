// The interleaving test at scale (docs/architecture.md §6): `npm run bench:interleave [-- RUNS [SEED]]` runs RUNS
// random programs (default 10,000) from SEED (default: the time) and prints the figures; it asserts nothing itself,
// but a program that breaks an invariant stops the run with fast-check's report (seed, path, the program, what broke).
import { interleave } from '../tests/interleave/run';

const runs = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? Date.now() % 2_147_483_647);
console.log(`interleave: ${runs} programs from seed ${seed}`);
const batch = 500;
const total = { programs: 0, ops: 0, faults: 0, kills: 0, refusals: 0, violations: 0, seconds: 0 };
for (let done = 0; done < runs; done += batch) {
  // Batches of their own seeds (seed + batch number), so a failure names a seed that replays it alone.
  const f = await interleave(Math.min(batch, runs - done), seed + done / batch);
  for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += f[k];
  console.log(`  ${done + f.programs} programs: +${f.ops} operations, +${f.faults} faults, +${f.kills} kills, ${f.seconds.toFixed(0)} s (seed ${f.seed})`);
}
console.log(`programs ${total.programs}, operations ${total.ops}, faults ${total.faults} (kills ${total.kills}), refusals ${total.refusals}, ` +
  `invariant violations ${total.violations}, ${(total.seconds / 60).toFixed(1)} min`);
