import { BLOCKING_STATES } from '../../contract/recharge';
import type { Journal } from '../journal/port';
import type { RechargeEngineApi } from '../recharge/api';

/** States in which a quit may cut a load in half (PAID: the engine may be about to INIT): rule 3's blocking states. */
const IN_LOAD = BLOCKING_STATES;

/**
 * Quitting while a card is being written is refused; a quit forced anyway (second Ctrl+C, SIGTERM,
 * the OS ending the session) is written into the journal of every recharge it cut, so the next start
 * and an auditor see why it stopped where it did. Used by the Electron shell and browser mode alike.
 */
export function createQuitGuard(
  engine: Pick<RechargeEngineApi, 'busy' | 'pending'>,
  journal: Pick<Journal, 'append'>,
  /** A load or resume in flight (INIT … VERIFIED), beyond the engine's own CREDIT-only `busy()`. */
  loading: () => boolean = () => false,
) {
  const busy = () => engine.busy() || loading();
  return {
    mayQuit(): boolean {
      return !busy();
    },
    /** Returns the ids it journaled. Only meaningful while `mayQuit()` is false. */
    recordForcedQuit(reason: string): string[] {
      if (!busy()) return [];
      const cut = engine.pending().filter((r) => IN_LOAD.includes(r.state));
      for (const r of cut) journal.append(r.id, r.state, { step: 'forced-quit', reason });
      return cut.map((r) => r.id);
    },
  };
}
export type QuitGuard = ReturnType<typeof createQuitGuard>;
