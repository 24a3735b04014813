import type Database from 'better-sqlite3';
import { nextSeqLink, pinHash } from './chain-tables';

/** What this counter knows of one card's PIN (docs/card-protocol.md §2, journal migration 6). */
export interface PinHold {
  cardNo: string;
  /** Tries left after the newest wrong PIN; null once a PIN the operator typed was accepted. */
  triesLeft: number | null;
  blocked: boolean;
  at: string;
}

export type PinOutcome = 'wrong' | 'blocked' | 'verified';

interface Row { cardNo: string; at: string; outcome: PinOutcome; triesLeft: number | null }

/**
 * The outcome of every VERIFY that did not take the default PIN (`card_pin_events`, append-only). A card
 * with any wrong or blocked answer is held: no VERIFY is sent to it again without a PIN the operator typed
 * for the customer (main/recharge/pin-gate.ts). The PIN itself is never stored. Each row carries its hash
 * in the PIN chain (journal migration 7, chain-tables.ts), so a removed wrong-PIN row shows in `journal verify`.
 */
export class SqlitePinHolds {
  private readonly wrongOnce: Database.Statement<[string], { n: number }>;
  private readonly newest: Database.Statement<[string], Row>;
  private readonly insert: Database.Statement;

  constructor(private readonly db: Database.Database, private readonly now: () => Date = () => new Date()) {
    this.wrongOnce = db.prepare("SELECT count(*) AS n FROM card_pin_events WHERE cardNo = ? AND outcome IN ('wrong', 'blocked')");
    this.newest = db.prepare('SELECT cardNo, at, outcome, triesLeft FROM card_pin_events WHERE cardNo = ? ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(`INSERT INTO card_pin_events (seq, cardNo, at, outcome, triesLeft, entered, rechargeId, hash)
      VALUES (@seq, @cardNo, @at, @outcome, @triesLeft, @entered, @rechargeId, @hash)`);
  }

  hold(cardNo: string): PinHold | null {
    if ((this.wrongOnce.get(cardNo)?.n ?? 0) === 0) return null;
    const row = this.newest.get(cardNo);
    if (!row) return null;
    return { cardNo, at: row.at, blocked: row.outcome === 'blocked', triesLeft: row.outcome === 'verified' ? null : row.triesLeft };
  }

  record(cardNo: string, outcome: PinOutcome, o: { triesLeft?: number | null; entered: 'default' | 'operator'; rechargeId?: string | null }): void {
    this.db.transaction(() => {
      const { seq, prev } = nextSeqLink(this.db, 'card_pin_events');
      const row = { seq, cardNo, at: this.now().toISOString(), outcome, triesLeft: o.triesLeft ?? null, entered: o.entered, rechargeId: o.rechargeId ?? null };
      this.insert.run({ ...row, hash: pinHash(prev, row) });
    }).immediate();
  }
}
