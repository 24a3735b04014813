import type Database from 'better-sqlite3';
import { WITNESS_CHAINS, type HostWitness } from '../../contract/host-api';
import type { WitnessCheck, WitnessFinding } from '../../contract/witness';
import { headsDigest, type ChainHead } from './chain';
import { chainHeadOf, hashAt, journalIdOf } from './chain-tables';

/**
 * The journal held against evidence kept outside it (docs/security.md, "What the journal proves"):
 *
 * - the host's witness (docs/architecture.md §3c): each chain's furthest head the host was shown with a
 *   `confirm` or `unloaded`. The file must still hold that row with that hash: a shorter file names the
 *   positions cut off, another hash there names a rewrite.
 * - the paper: the 日结单 prints the events and audit positions it was made at with their digest
 *   (chain.ts `headsDigest`); the same positions give the same digest for as long as those rows are there,
 *   whatever was written after (`journal verify --at N,M`).
 */
export function compareWitness(db: Database.Database, host: HostWitness): WitnessCheck {
  const journalId = journalIdOf(db);
  const w = host.witness;
  const base = { journalId, witnessedJournalId: w?.journalId ?? null, receivedAt: host.receivedAt, witnessed: { events: w?.events.last ?? 0, audit: w?.audit.last ?? 0 } };
  if (!w) return { ...base, status: 'none', findings: [] };
  if (journalId === null || w.journalId.toLowerCase() !== journalId.toLowerCase()) return { ...base, status: 'other-journal', findings: [] };
  const findings: WitnessFinding[] = [];
  for (const chain of WITNESS_CHAINS) {
    const seen = w[chain];
    if (seen.last === 0) continue;
    const here = hashAt(db, chain, seen.last);
    if (here === null) {
      const fileLast = chainHeadOf(db, chain).last;
      findings.push({ chain, kind: 'missing', from: Math.min(fileLast, seen.last - 1) + 1, to: seen.last });
    } else if (here.toLowerCase() !== seen.hash.toLowerCase()) findings.push({ chain, kind: 'differs', position: seen.last });
  }
  return { ...base, status: findings.length === 0 ? 'ok' : 'broken', findings };
}

/** The digest the 日结单 printed for positions (events N, audit M), or which of the two the file no longer has. */
export type DigestAt = { ok: true; events: ChainHead; audit: ChainHead; digest: string }
  | { ok: false; asked: { events: number; audit: number }; missing: ('events' | 'audit')[]; fileLast: { events: number; audit: number } };

export function digestAt(db: Database.Database, events: number, audit: number): DigestAt {
  const e = hashAt(db, 'events', events);
  const a = hashAt(db, 'audit', audit);
  if (e === null || a === null) {
    return {
      ok: false, asked: { events, audit }, missing: [...(e === null ? ['events' as const] : []), ...(a === null ? ['audit' as const] : [])],
      fileLast: { events: chainHeadOf(db, 'events').last, audit: chainHeadOf(db, 'audit').last },
    };
  }
  const eh = { last: events, hash: e };
  const ah = { last: audit, hash: a };
  return { ok: true, events: eh, audit: ah, digest: headsDigest(eh, ah) };
}
