/**
 * Journal benchmark (issue "Recharge engine", benchmark b): a million recharges over three years, then
 * the records query, one day's export and the start-up open with its integrity check.
 *
 *   npm run bench:journal            (ETC_BENCH_REBUILD=1 to rebuild the cached database)
 *
 * The fill writes straight into the real schema (created by SqliteJournal.open and its migrations) with
 * synchronous=OFF and no rollback journal — far faster than a million durable appends, and the pages end
 * up the same. It fills the schema before the hash chain (migrations 1–3) and then opens the journal
 * as the program does, so migration 4 hashes the million recharges' history — timed, as an upgrade of a
 * counter's journal would take. Both files are cached in /tmp keyed by their schema hash, so re-runs
 * only measure. Also timed: `journal verify` over the whole journal and the chain head of a day.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteJournal, type JournalOptions } from '../main/journal/sqlite-journal';
import { schemaHash } from '../main/journal/migrate';
import { MIGRATIONS, type Migration } from '../main/journal/migrations';

const RECHARGES = 1_000_000;
const PLATES = 50_000;
const DAYS = 3 * 365;
const FIRST_DAY = Date.UTC(2022, 0, 1); // a local (UTC+8, no DST) calendar day, as epoch ms of its midnight
const TZ_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai
const FILL_VERSION = 2; // bump when the generated data changes (2: updatedAt is the last event's time, as append writes it)
const CACHE_DIR = '/tmp/etc-counter-bench';

/** Deterministic PRNG (mulberry32) so every build and every query set is the same. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const PREFIXES = ['甘A', '甘A', '甘A', '甘B', '甘C', '甘D', '甘E', '甘F', '甘G', '甘H', '甘J', '甘K', '甘L', '甘M', '甘N', '甘P'];

interface Vehicle {
  plate: string;
  plateColor: number;
  cardNo: string;
}

function vehicles(): Vehicle[] {
  const r = rng(7);
  const out: Vehicle[] = [];
  const seen = new Set<string>();
  while (out.length < PLATES) {
    const prefix = PREFIXES[Math.floor(r() * PREFIXES.length)] ?? '甘A';
    let tail = '';
    for (let i = 0; i < 5; i++) tail += LETTERS[Math.floor(r() * LETTERS.length)];
    const u = r(); // mostly blue cars; trucks yellow; new-energy gradient green with 6 characters
    const plateColor = u < 0.85 ? 0 : u < 0.93 ? 1 : 4;
    const plate = prefix + tail + (plateColor === 4 ? 'D' : '');
    if (seen.has(plate + plateColor)) continue;
    seen.add(plate + plateColor);
    out.push({ plate, plateColor, cardNo: '6201' + String(1_000_000_000_000_000 + out.length * 7919).slice(0, 16) });
  }
  return out;
}

/** A frequent customer recharges far more often than most: plate index skewed towards the front. */
function pickVehicle(r: () => number, list: Vehicle[]): Vehicle {
  return list[Math.floor(r() * r() * list.length)] ?? (list[0] as Vehicle);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function localDate(utcMs: number): string {
  return new Date(utcMs + TZ_OFFSET_MS).toISOString().slice(0, 10);
}

/** The events of one recharge: ~6 on average (most verified, a quarter cancelled unpaid, a few unloaded). */
function lifecycle(r: () => number): string[] {
  const u = r();
  if (u < 0.25) return ['READ', 'ORDERED', 'CANCELLED'];
  if (u < 0.29) return ['READ', 'ORDERED', 'PAID', 'INIT', 'UNLOADED'];
  if (u < 0.3) return ['READ', 'ORDERED', 'PAID', 'INIT', 'AUTHORIZED', 'NEEDS_ADMIN'];
  if (u < 0.38) return ['READ', 'ORDERED', 'PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED'];
  return ['READ', 'ORDERED', 'PAID', 'INIT', 'AUTHORIZED', 'WRITTEN', 'CONFIRMED', 'VERIFIED'];
}

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789ABCDEF'[Math.floor(r() * 16)];
  return s;
}

/** The schema before the hash chain: the fill writes events the way programs of that schema did. */
const PRE_CHAIN = MIGRATIONS.filter((m) => m.version < 4);

function cachePath(migrations: readonly Migration[]): string {
  return join(CACHE_DIR, `journal-${schemaHash(migrations).slice(0, 12)}-v${FILL_VERSION}.db`);
}

function build(path: string): void {
  const tmp = `${path}.building`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  SqliteJournal.open(tmp, { timeZone: 'Asia/Shanghai', migrations: PRE_CHAIN }).close(); // the real schema, via the migrations
  const db = new Database(tmp);
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000'); // 1 GB: the random-order indexes (id, plate) stay in memory
  const insR = db.prepare(`INSERT INTO recharges (rid, id, createdAt, localDate, updatedAt, state, training, terminalId,
    operatorId, cardNo, plate, plateColor, amountFen, channel, balanceBeforeFen, orderId, tradeNo, orderExpiresAt,
    onlineSerial, hostDateTime, balanceAfterFen, tac) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insE = db.prepare('INSERT INTO recharge_events (rid, seq, at, state, data) VALUES (?, ?, ?, ?, ?)');
  const list = vehicles();
  const r = rng(42);
  const perDay = RECHARGES / DAYS;
  const started = Date.now();
  let events = 0;
  const fillDay = (day: number, from: number, to: number): void => {
    // Counter hours 08:00–18:00 local, in order through the day.
    const times = Array.from({ length: to - from }, () => Math.floor(r() * 10 * 3600_000)).sort((a, b) => a - b);
    for (let i = from; i < to; i++) {
      const v = pickVehicle(r, list);
      const t0 = FIRST_DAY + day * 86_400_000 - TZ_OFFSET_MS + 8 * 3600_000 + (times[i - from] ?? 0);
      const steps = lifecycle(r);
      const amountFen = [5000, 10000, 20000, 30000, 50000, 100000][Math.floor(r() * 6)] ?? 10000;
      const before = Math.floor(r() * 50000);
      const serial = Math.floor(r() * 500);
      const orderId = 'HO' + hex(r, 14);
      const hostDateTime = iso(t0 + 60_000).replace(/\D/g, '').slice(0, 14);
      const tac = steps.includes('WRITTEN') ? hex(r, 8) : null;
      const last = steps[steps.length - 1] ?? 'READ';
      const id = randomUUID();
      insR.run(i + 1, id, iso(t0), localDate(t0), iso(t0 + (steps.length - 1) * 15_000), last, '000001000050', 'op' + (i % 7),
        v.cardNo, v.plate, v.plateColor, amountFen, r() < 0.6 ? 'wechat' : 'alipay', before, orderId,
        last === 'CANCELLED' ? null : '42000' + hex(r, 23), iso(t0 + 900_000), steps.includes('INIT') ? serial : null,
        steps.includes('AUTHORIZED') ? hostDateTime : null, tac ? before + amountFen : null, tac);
      steps.forEach((state, k) => {
        const data = eventData(state, r, { orderId, before, amountFen, serial, hostDateTime, tac });
        insE.run(i + 1, k + 1, iso(t0 + k * 15_000), state, JSON.stringify(data));
      });
      events += steps.length;
    }
  };
  const fill = db.transaction(fillDay);
  for (let day = 0; day < DAYS; day++) {
    fill(day, Math.round(day * perDay), Math.round((day + 1) * perDay));
    if (day % 100 === 99) process.stdout.write(`  filled ${day + 1}/${DAYS} days, ${((Date.now() - started) / 1000).toFixed(0)} s\r`);
  }
  db.pragma('journal_mode = WAL');
  db.exec('ANALYZE');
  db.close();
  renameSync(tmp, path);
  rmSync(`${tmp}.lock`, { force: true }); // the lock file of the schema-creating open; nobody holds it now
  console.log(`\n  built ${RECHARGES.toLocaleString()} recharges, ${events.toLocaleString()} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

interface Facts {
  orderId: string;
  before: number;
  amountFen: number;
  serial: number;
  hostDateTime: string;
  tac: string | null;
}

function eventData(state: string, r: () => number, f: Facts): Record<string, unknown> {
  switch (state) {
    case 'READ': return { cardVersion: 16, validUntil: '2030-12-31', balanceFen: f.before };
    case 'ORDERED': return { orderId: f.orderId, channelStatus: 'NOTPAY' };
    case 'PAID': return { channelStatus: 'SUCCESS', hostStatus: 'PAID' };
    case 'INIT': return { oldBalanceFen: f.before, onlineSerial: f.serial, random: hex(r, 8), mac1: hex(r, 8), keyVersion: 1, algId: 0 };
    case 'AUTHORIZED': return { mac2: hex(r, 8), hostDate: f.hostDateTime.slice(0, 8), hostTime: f.hostDateTime.slice(8), oldBalanceFen: f.before, onlineSerial: f.serial };
    case 'WRITTEN': return { tac: f.tac, newBalanceFen: f.before + f.amountFen };
    case 'CONFIRMED': return { hostStatus: 'LOADED' };
    case 'VERIFIED': return { balanceFen: f.before + f.amountFen };
    case 'UNLOADED': return { verdict: 'NOT_LOADED', reason: 'serial unchanged', evidence: { balanceFen: f.before, onlineSerial: f.serial } };
    default: return { verdict: 'CONTRADICTION', error: 'RECHARGE_NEEDS_ADMIN' };
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function median(xs: number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 50);
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Medians over `runs` of opening and of opening until the integrity verdict. Each run waits for the
 * verdict before closing, so no check of an earlier run still competes for the CPU.
 */
async function timeOpen(path: string, runs: number, opts: JournalOptions): Promise<{ open: number; verdict: number }> {
  const open: number[] = [];
  const verdict: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const j = SqliteJournal.open(path, { timeZone: 'Asia/Shanghai', ...opts });
    open.push(ms(t));
    await j.verified;
    verdict.push(ms(t));
    j.close();
  }
  return { open: median(open), verdict: median(verdict) };
}

/** A copy of the pre-chain journal opened as the program opens it: migration 4 hashes its history. */
function migrate(legacy: string, path: string): string {
  const tmp = `${path}.migrating`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  copyFileSync(legacy, tmp);
  const t = process.hrtime.bigint();
  const j = SqliteJournal.open(tmp, { timeZone: 'Asia/Shanghai' });
  const took = ms(t);
  j.close();
  renameSync(tmp, path);
  rmSync(`${tmp}.lock`, { force: true });
  const line = `open with migration 4 (quick_check first, then hashing every event and audit row): ${(took / 1000).toFixed(1)} s`;
  console.log(`  ${line}`);
  return line;
}

async function main(): Promise<void> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = cachePath(MIGRATIONS);
  const legacy = cachePath(PRE_CHAIN);
  if (process.env.ETC_BENCH_REBUILD === '1') for (const f of [path, legacy]) rmSync(f, { force: true });
  let migration = 'open with migration 4: cached (ETC_BENCH_REBUILD=1 to time it again)';
  if (existsSync(path)) console.log(`using cached ${path}`);
  else {
    if (existsSync(legacy)) console.log(`using cached ${legacy} (before the hash chain)`);
    else {
      console.log(`building ${legacy} …`);
      build(legacy);
    }
    console.log(`migrating a copy to ${path} …`);
    migration = migrate(legacy, path);
  }
  const legacyMb = existsSync(legacy) ? statSync(legacy).size / 1e6 : NaN;
  const sizeMb = statSync(path).size / 1e6;

  const background = await timeOpen(path, 5, {});
  const syncQuick = await timeOpen(path, 3, { syncCheckMaxBytes: Infinity, integrityCheck: 'quick' });
  const syncFull = await timeOpen(path, 1, { syncCheckMaxBytes: Infinity, integrityCheck: 'full' });

  const journal = SqliteJournal.open(path, { timeZone: 'Asia/Shanghai' });
  await journal.verified; // measure the steady state, not the first seconds when the check shares the CPU
  const list = vehicles();
  const r = rng(1234);
  const queryTimes: number[] = [];
  let found = 0;
  for (let i = 0; i < 1000; i++) {
    const v = pickVehicle(r, list);
    const from = FIRST_DAY + Math.floor(r() * (DAYS - 29)) * 86_400_000;
    const q = { plate: v.plate, plateColor: v.plateColor, from: iso(from).slice(0, 10), to: iso(from + 29 * 86_400_000).slice(0, 10) };
    const t = process.hrtime.bigint();
    found += journal.query(q).length;
    queryTimes.push(ms(t));
  }
  queryTimes.sort((a, b) => a - b);

  const dayTimes: number[] = [];
  let dayRows = 0;
  let dayEvents = 0;
  for (let i = 0; i < 10; i++) {
    const date = iso(FIRST_DAY + Math.floor(r() * DAYS) * 86_400_000).slice(0, 10);
    const t = process.hrtime.bigint();
    dayRows = journal.day(date).length;
    dayEvents = journal.dayEvents(date).length;
    dayTimes.push(ms(t));
  }
  const headTimes: [string, number][] = [];
  for (const back of [1, 30, 365]) {
    const date = iso(FIRST_DAY + (DAYS - back) * 86_400_000).slice(0, 10);
    const t = process.hrtime.bigint();
    journal.chainHead(date);
    headTimes.push([`${back} day${back > 1 ? 's' : ''} back`, ms(t)]);
  }
  const tv = process.hrtime.bigint();
  const verified = journal.verifyChains();
  const verifyMs = ms(tv);
  journal.close();

  const rows: [string, string, string, string][] = [
    ['journal file', `${sizeMb.toFixed(0)} MB`, '', `${RECHARGES.toLocaleString()} recharges, ${PLATES.toLocaleString()} plates, ${DAYS} days`],
    ['  … before the hash chain', `${legacyMb.toFixed(0)} MB`, '', 'the same rows at schema 3: the chain adds chain, patch, hash and an index'],
    ['records query p50', queryTimes[499]?.toFixed(2) + ' ms', '', `plate+colour, 30-day window, ${(found / 1000).toFixed(1)} rows avg`],
    ['records query p99', percentile(queryTimes, 99).toFixed(2) + ' ms', '≤ 5 ms', ''],
    ['day export (median of 10)', median(dayTimes).toFixed(1) + ' ms', '≤ 100 ms', `day() + dayEvents(): ~${dayRows} recharges, ${dayEvents} events`],
    ['day export (max of 10)', Math.max(...dayTimes).toFixed(1) + ' ms', '≤ 100 ms', ''],
    ['open (median of 5)', background.open.toFixed(0) + ' ms', '≤ 1000 ms', 'lock, header, schema, migrations, mode; quick_check starts in a worker'],
    ['  … until the quick_check verdict', background.verdict.toFixed(0) + ' ms', '', '`verified` resolves; a write made earlier waits for it'],
    ['open with quick_check inside (median of 3)', syncQuick.open.toFixed(0) + ' ms', '', 'for comparison: the synchronous check'],
    ['open with integrity_check inside (1 run)', syncFull.open.toFixed(0) + ' ms', '', 'for comparison'],
    ...headTimes.map(([when, t]): [string, string, string, string] => [`chainHead(day ${when})`, t.toFixed(1) + ' ms', '', 'walks back from the end of the chain']),
    ['journal verify (whole journal)', (verifyMs / 1000).toFixed(1) + ' s', '', `${verified.intact ? 'intact' : 'BROKEN'}: ${verified.checked.events.toLocaleString()} events, ${verified.checked.recharges.toLocaleString()} recharges`],
  ];
  console.log(`\n${migration}`);
  const w = [44, 12, 10];
  console.log(`\n${'measure'.padEnd(w[0] ?? 0)}${'result'.padEnd(w[1] ?? 0)}${'target'.padEnd(w[2] ?? 0)}notes`);
  for (const [a, b, c, d] of rows) console.log(`${a.padEnd(w[0] ?? 0)}${b.padEnd(w[1] ?? 0)}${c.padEnd(w[2] ?? 0)}${d}`);
}

await main();
