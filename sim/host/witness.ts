import { WITNESS_CHAINS, type ChainPosition, type HostWitness, type JournalWitness } from '../../contract/host-api';
import type { HostContext } from './context';

/**
 * The host's witness of each terminal's journal (docs/architecture.md §3c): `confirm` and `unloaded` carry
 * the journal's id and its chains' heads; the host keeps, per terminal, the furthest head of each chain it
 * has been shown, with its hash — a late retry carrying older heads never moves it back. A journal with
 * another id (a new file) starts afresh. `GET /v1/terminals/{id}/witness` and each terminal day answer it.
 */
interface Row { terminalId: string; journalId: string; chainsJson: string; receivedAt: string }

export function recordWitness(ctx: HostContext, terminalId: string, w: JournalWitness | undefined): void {
  if (!w) return;
  const id = terminalId.toUpperCase();
  const db = ctx.store.db;
  const row = db.prepare(`SELECT terminal_id AS terminalId, journal_id AS journalId, chains_json AS chainsJson, received_at AS receivedAt
    FROM witnesses WHERE terminal_id = ?`).get(id) as Row | undefined;
  const same = row !== undefined && row.journalId.toLowerCase() === w.journalId.toLowerCase();
  const kept = same ? (JSON.parse(row.chainsJson) as Record<string, ChainPosition>) : {};
  let moved = !same;
  const next: Record<string, ChainPosition> = {};
  for (const c of WITNESS_CHAINS) {
    const old = kept[c];
    const now = w[c];
    if (old === undefined || now.last > old.last) {
      next[c] = { last: now.last, hash: now.hash.toLowerCase() };
      moved = true;
    } else next[c] = old;
  }
  if (!moved) return;
  db.prepare(`INSERT INTO witnesses (terminal_id, journal_id, chains_json, received_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (terminal_id) DO UPDATE SET journal_id = excluded.journal_id, chains_json = excluded.chains_json,
    received_at = excluded.received_at`).run(id, w.journalId.toLowerCase(), JSON.stringify(next), ctx.now().toISOString());
}

export function witnessOf(ctx: HostContext, terminalId: string): HostWitness {
  const id = terminalId.toUpperCase();
  const row = ctx.store.db.prepare(`SELECT journal_id AS journalId, chains_json AS chainsJson, received_at AS receivedAt
    FROM witnesses WHERE terminal_id = ?`).get(id) as Omit<Row, 'terminalId'> | undefined;
  if (!row) return { terminalId: id, witness: null, receivedAt: null };
  const chains = JSON.parse(row.chainsJson) as Record<string, ChainPosition>;
  const zero = { last: 0, hash: '0'.repeat(64) };
  const witness: JournalWitness = {
    journalId: row.journalId, events: chains.events ?? zero, audit: chains.audit ?? zero, operators: chains.operators ?? zero,
    closures: chains.closures ?? zero, pins: chains.pins ?? zero,
  };
  return { terminalId: id, witness, receivedAt: row.receivedAt };
}
