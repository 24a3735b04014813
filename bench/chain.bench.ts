/**
 * `node --import tsx bench/chain.bench.ts` — what the hash chain (main/journal/chain.ts) costs per append. A fresh journal
 * in a temp folder; the figures: a durable append (synchronous=FULL, one fsync per commit), the CPU time
 * of a write (process.cpuUsage: what is left without the wait for the disk), and the chain's own work
 * (reading the head, one sha256) alone.
 * Also the audit append. Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AuditLog } from '../main/auth/audit';
import { eventHash, nextAuditLink, nextEventLink } from '../main/journal/chain';
import { SqliteJournal } from '../main/journal/sqlite-journal';
import { newRecharge, OPENED } from '../main/journal/test-support';

const RUNS = Number(process.env.BENCH_RUNS ?? 300);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function timed(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e3; // µs
}

let made = 0;
function appends(journal: SqliteJournal, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { id } = journal.create(newRecharge({ id: `bench-${(made += 1)}` }), OPENED);
    out.push(timed(() => journal.append(id, 'ORDERED', { step: 'ordered', orderId: `H${i}`, channelStatus: 'NOTPAY' }, { orderId: `H${i}` })));
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'etc-chain-bench-'));
try {
  const path = join(dir, 'journal.sqlite');
  const journal = SqliteJournal.open(path);
  appends(journal, 50); // warm-up
  const cpuBefore = process.cpuUsage();
  const durable = appends(journal, RUNS);
  const cpuUsed = process.cpuUsage(cpuBefore);
  // create + append per run; the CPU time (user + system) leaves out the wait for the disk.
  const cpuPerWrite = (cpuUsed.user + cpuUsed.system) / (2 * RUNS);

  const db = new Database(path);
  db.pragma('synchronous = FULL');
  const log = new AuditLog(db);
  const audit: number[] = [];
  for (let i = 0; i < RUNS; i++) audit.push(timed(() => log.append({ operatorId: 'S01', role: 'supervisor' }, { action: 'sign-in', target: 'S01' })));

  // The chain's work alone, on the same journal: the head lookup and one sha256 over a typical event.
  const sample = { rid: 1, seq: 2, at: new Date().toISOString(), state: 'ORDERED', data: '{"orderId":"H1","channelStatus":"NOTPAY"}', patch: '{"orderId":"H1"}', identity: null };
  const chainWork: number[] = [];
  const auditWork: number[] = [];
  for (let i = 0; i < RUNS * 10; i++) {
    chainWork.push(timed(() => { const { chain, prev } = nextEventLink(db); eventHash(prev, { ...sample, chain }); }));
    auditWork.push(timed(() => nextAuditLink(db)));
  }
  db.close();
  journal.close();


  const m = median(durable);
  const c = median(chainWork);
  console.log(`hash chain cost per append (${RUNS} runs each, medians)`);
  console.log(`  durable event append (synchronous=FULL)   ${(m / 1000).toFixed(2)} ms`);
  console.log(`  CPU time per journal write (mean)         ${(cpuPerWrite / 1000).toFixed(3)} ms`);
  console.log(`  chain work: head lookup + sha256          ${c.toFixed(1)} µs  (${((c / m) * 100).toFixed(2)} % of a durable append, ${((c / cpuPerWrite) * 100).toFixed(0)} % of its CPU)`);
  console.log(`  durable audit append (synchronous=FULL)   ${(median(audit) / 1000).toFixed(2)} ms`);
  console.log(`  audit head lookup                         ${median(auditWork).toFixed(1)} µs`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
