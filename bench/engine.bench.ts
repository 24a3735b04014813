/**
 * `npm run bench:engine` — (a) one full recharge with the payment completed at once, in-process card and
 * host simulator: median wall time and the share spent in journal writes (each one fsynced:
 * synchronous=FULL); (a2) host marks paid → card CREDIT sent, long poll beside the old polling
 * (bench/payment-latency.ts); (b) the journal at scale (bench/journal.bench.ts). Prints figures; asserts
 * nothing. BENCH_SKIP_JOURNAL=1 leaves out (b).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { trainingServices } from '../tests/support/training';
import { paidToCredit } from './payment-latency';

const RUNS = Number(process.env.BENCH_RUNS ?? 60);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function benchRecharge(): Promise<void> {
  const s = await trainingServices();
  let journalMs = 0;
  let journalWrites = 0;
  for (const m of ['create', 'append'] as const) {
    const original = s.journal[m].bind(s.journal) as (...a: unknown[]) => unknown;
    (s.journal as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
      const t0 = performance.now();
      try { return original(...a); } finally { journalMs += performance.now() - t0; journalWrites++; }
    };
  }
  const total: number[] = [];
  const journal: number[] = [];
  const writes: number[] = [];
  try {
    for (let i = 0; i < RUNS + 5; i++) {
      s.training?.insert('normal');
      journalMs = 0;
      journalWrites = 0;
      const t0 = performance.now();
      const rec = await s.engine.start({ amountFen: 100, channel: 'wechat', operatorId: 'bench' });
      await s.training?.pay(rec.id);
      await s.engine.checkPayment(rec.id);
      const done = await s.engine.load(rec.id);
      const ms = performance.now() - t0;
      if (done.state !== 'VERIFIED') throw new Error(`recharge ended ${done.state}`);
      if (i >= 5) { total.push(ms); journal.push(journalMs); writes.push(journalWrites); } // 5 warm-up runs
    }
  } finally {
    await s.dispose();
  }
  const m = median(total);
  const j = median(journal);
  console.log('(a) one full recharge, payment pre-completed, in-process card + host simulator over HTTP');
  console.log(`    runs                     ${RUNS}`);
  console.log(`    median total             ${m.toFixed(1)} ms`);
  console.log(`    median in journal writes ${j.toFixed(1)} ms over ${median(writes)} durable writes (${((j / m) * 100).toFixed(1)} % of the recharge)`);
  console.log(`    p90 total                ${[...total].sort((a, b) => a - b)[Math.floor(total.length * 0.9)]?.toFixed(1)} ms`);
}

await benchRecharge();

const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 30);
console.log(`\n(a2) host marks paid → card CREDIT sent, in-process card + host simulator over HTTP, ${LATENCY_RUNS} runs each`);
const latency = await paidToCredit(LATENCY_RUNS);
for (const [way, st] of Object.entries(latency)) {
  console.log(`    ${way.padEnd(24)} median ${st.median.toFixed(1).padStart(7)} ms   p90 ${st.p90.toFixed(1).padStart(7)} ms`);
}
if (process.env.BENCH_SKIP_JOURNAL) process.exit(0);
console.log('\n(b) the journal at scale');
const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/journal.bench.ts'], { stdio: 'inherit', cwd: new URL('..', import.meta.url).pathname });
process.exitCode = r.status ?? 1;
