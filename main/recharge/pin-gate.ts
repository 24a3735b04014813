import { AppError, isAppError } from '../../contract/errors';
import type { CardPort } from '../card/port';

/** What the counter remembers of a card's PIN (main/journal/pin-holds.ts; in memory for the specs). */
export interface PinHoldStore {
  hold(cardNo: string): { triesLeft: number | null; blocked: boolean } | null;
  record(cardNo: string, outcome: 'wrong' | 'blocked' | 'verified', o: { triesLeft?: number | null; entered: 'default' | 'operator'; rechargeId?: string | null }): void;
}

/**
 * The customer's PIN is never burned (docs/card-protocol.md §2 step 5): VERIFY goes to a card with the
 * configured default PIN only until that card has once answered "wrong PIN" (63Cx) or "blocked" (6983) here.
 * From then on — across restarts, the hold is in the journal — no VERIFY reaches the card unless the
 * operator typed the customer's PIN for this very operation (CARD_PIN_REQUIRED, with the tries left); a
 * typed PIN is tried once. A blocked card gets CARD_PIN_BLOCKED and no VERIFY at all. Nothing else changes:
 * VERIFY comes before INIT, so the recharge stays in the state it was in.
 */
export class PinGate {
  private typed: string | null = null;

  constructor(private readonly store: PinHoldStore, private readonly settings: { pin: string; pinEncoding: 'bcd' | 'ascii' }) {}

  /** Runs one engine operation with the PIN the operator typed (or none); it is forgotten afterwards. */
  async using<T>(pin: string | undefined, fn: () => Promise<T>): Promise<T> {
    this.typed = pin ?? null;
    try {
      return await fn();
    } finally {
      this.typed = null;
    }
  }

  /** Sends VERIFY to the card of `cardNo` (connected by a read just before), or refuses without sending anything. */
  async verify(card: Pick<CardPort, 'verifyPin'>, cardNo: string, rechargeId: string | null): Promise<void> {
    const hold = this.store.hold(cardNo);
    if (hold?.blocked || hold?.triesLeft === 0) throw new AppError('CARD_PIN_BLOCKED');
    const typed = this.typed;
    if (hold && typed === null) throw new AppError('CARD_PIN_REQUIRED', { triesLeft: hold.triesLeft ?? '?' });
    const entered = typed === null ? 'default' : 'operator';
    try {
      await card.verifyPin(typed ?? this.settings.pin, this.settings.pinEncoding);
    } catch (e) {
      if (isAppError(e, 'CARD_PIN_WRONG')) {
        const triesLeft = Number(e.params.triesLeft);
        this.store.record(cardNo, triesLeft === 0 ? 'blocked' : 'wrong', { triesLeft, entered, rechargeId });
        this.typed = null; // a wrong typed PIN is not tried again in this operation
        if (triesLeft === 0) throw new AppError('CARD_PIN_BLOCKED', {}, { cause: e });
        // The default PIN: the operator is asked for the customer's from now on. A typed one: wrong, with the tries left.
        if (entered === 'operator') throw e;
        throw new AppError('CARD_PIN_REQUIRED', { triesLeft }, { cause: e });
      }
      if (isAppError(e, 'CARD_SW_6983')) {
        this.store.record(cardNo, 'blocked', { triesLeft: 0, entered, rechargeId });
        throw new AppError('CARD_PIN_BLOCKED', {}, { cause: e });
      }
      throw e;
    }
    if (hold && entered === 'operator') this.store.record(cardNo, 'verified', { entered, rechargeId });
  }
}

/** The PIN holds in memory: for the specs, and for a counter without a journal-backed store. */
export class MemoryPinHolds implements PinHoldStore {
  readonly events: { cardNo: string; outcome: 'wrong' | 'blocked' | 'verified'; triesLeft: number | null; entered: string }[] = [];

  hold(cardNo: string): { triesLeft: number | null; blocked: boolean } | null {
    const mine = this.events.filter((e) => e.cardNo === cardNo);
    if (!mine.some((e) => e.outcome !== 'verified')) return null;
    const last = mine.at(-1);
    return last ? { blocked: last.outcome === 'blocked', triesLeft: last.outcome === 'verified' ? null : last.triesLeft } : null;
  }

  record(cardNo: string, outcome: 'wrong' | 'blocked' | 'verified', o: { triesLeft?: number | null; entered: 'default' | 'operator' }): void {
    this.events.push({ cardNo, outcome, triesLeft: o.triesLeft ?? null, entered: o.entered });
  }
}
