import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../contract/errors';
import { ProfileTransactionSchema } from './profile';

/**
 * What a card keeps in EEPROM across power cycles: the purse, the 0018 log, the PIN try counter and the
 * proof of the last load. Persisted as JSON so a restarted simulator is the same card.
 */
const hex8 = z.string().regex(/^[0-9a-f]{8}$/);
export const CardStateSchema = z.object({
  version: z.literal(1),
  /** 20-digit card number: a state file never silently moves to another card. */
  cardNo: z.string().regex(/^\d{20}$/),
  balanceFen: z.number().int().min(0).max(0xffffffff),
  onlineSerial: z.number().int().min(0).max(0xffff),
  pinTriesLeft: z.number().int().min(0).max(15),
  /** Newest first, at most the profile's logCapacity. */
  transactions: z.array(ProfileTransactionSchema),
  /** MAC2 and TAC of the last load, for GET TRANSACTION PROVE; `serial` is N, the serial INIT answered. */
  lastLoad: z.object({ serial: z.number().int().min(0).max(0xffff), mac2: hex8, tac: hex8 }).nullable(),
  savedAt: z.string().optional(),
});
export type CardState = z.infer<typeof CardStateSchema>;

/** Reads a state file, or null when there is none yet. */
export function readCardState(path: string, cardNo: string): CardState | null {
  if (!existsSync(path)) return null;
  let parsed: CardState;
  try {
    parsed = CardStateSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (e) {
    throw new AppError('SIM_STATE_INVALID', { file: path, detail: e instanceof Error ? e.message : String(e) }, { cause: e });
  }
  if (parsed.cardNo !== cardNo) throw new AppError('SIM_STATE_OTHER_CARD', { file: path, cardNo: parsed.cardNo });
  return parsed;
}

/**
 * Replaces the state file atomically: write a temp file beside it, fsync, rename over, fsync the folder.
 * A crash leaves either the old or the new state, never half of one (what a card's EEPROM commit gives).
 */
export function writeCardState(path: string, state: CardState): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** The card's EEPROM: every change goes through `commit`, which persists before it takes effect. */
export class CardStore {
  constructor(
    private current: CardState,
    private readonly path: string | undefined,
    private readonly now: () => Date,
  ) {}

  get(): Readonly<CardState> {
    return this.current;
  }

  /** A failed write throws and leaves the card as it was, like a torn EEPROM write the card rolls back. */
  commit(next: CardState): void {
    const stamped = { ...next, savedAt: this.now().toISOString() };
    if (this.path !== undefined) writeCardState(this.path, stamped);
    this.current = stamped;
  }
}
