import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * Sign-in failures of operator ids that do not exist (journal migration 7, `sign_in_guesses`), kept in
 * the journal's file exactly as a real account's count and lock are: an unknown id is answered, counted
 * and locked as a real one, from the window and from every command-line process alike (docs/security.md,
 * "Sign-in"). The table protects no account; it only keeps unknown ids from being told apart. It grows by
 * one row per id tried, each costing a scrypt derivation first, as its audit row does.
 */
export interface Guess { failedAttempts: number; lockedAt: string | null }

/** The key an id is counted under: itself, or a digest for one no account could have (empty or overlong). */
export function guessKey(id: string): string {
  return id.length >= 1 && id.length <= 64 ? id : `#${createHash('sha256').update(id, 'utf8').digest('hex')}`;
}

export class SignInGuesses {
  private readonly get: Database.Statement<[string], Guess>;
  private readonly put: Database.Statement;
  private readonly drop: Database.Statement;

  constructor(db: Database.Database) {
    this.get = db.prepare('SELECT failedAttempts, lockedAt FROM sign_in_guesses WHERE id = ?');
    this.put = db.prepare(`INSERT INTO sign_in_guesses (id, failedAttempts, lockedAt, lastAt) VALUES (@id, @n, @lockedAt, @at)
      ON CONFLICT (id) DO UPDATE SET failedAttempts = @n, lockedAt = @lockedAt, lastAt = @at`);
    this.drop = db.prepare('DELETE FROM sign_in_guesses WHERE id = ?');
  }

  of(id: string): Guess {
    return this.get.get(guessKey(id)) ?? { failedAttempts: 0, lockedAt: null };
  }

  set(id: string, g: Guess, at: string): void {
    this.put.run({ id: guessKey(id), n: g.failedAttempts, lockedAt: g.lockedAt, at });
  }

  /** A real account now has this id (operator add): its count starts from nothing. */
  forget(id: string): void {
    this.drop.run(guessKey(id));
  }
}
