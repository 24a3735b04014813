import { BLOCKING_STATES } from '../../contract/recharge';
import type { Journal } from '../journal/port';
import type { RechargeEngineApi } from '../recharge/api';

/** States in which a quit may cut a load in half (PAID: the engine may be about to INIT): rule 3's blocking states. */
const IN_LOAD = BLOCKING_STATES;

/**
 * Quitting while a card is being written (docs/release.md §11, docs/security.md): whoever asks — the clerk
 * closing the window, an installer's silent upgrade (WM_CLOSE), Windows shutting down, SIGTERM — the app
 * first lets the card step in progress finish (`settle`: the engine's `idle()`, bounded by a deadline),
 * which journals its own outcome; a step that does not finish in time is held: its cut is journaled on
 * every recharge it may have cut (`recordForcedQuit`), so the next start and an auditor see why it stopped
 * there, and resume decides from the card. Used by the Electron shell and browser mode alike.
 */
export function createQuitGuard(
  engine: Pick<RechargeEngineApi, 'busy' | 'pending'> & Partial<Pick<RechargeEngineApi, 'idle'>>,
  journal: Pick<Journal, 'append'>,
  /** A load or resume in flight, beyond the engine's own `busy()` (a card step under way). */
  loading: () => boolean = () => false,
) {
  const busy = () => engine.busy() || loading();
  const recordForcedQuit = (reason: string): string[] => {
    if (!busy()) return [];
    const cut = engine.pending().filter((r) => IN_LOAD.includes(r.state));
    for (const r of cut) journal.append(r.id, r.state, { step: 'forced-quit', reason });
    return cut.map((r) => r.id);
  };
  return {
    mayQuit(): boolean {
      return !busy();
    },
    /** Returns the ids it journaled. Only meaningful while `mayQuit()` is false. */
    recordForcedQuit,
    /**
     * Before exiting: waits (at most `deadlineMs`) until no card step is in progress; if one still is, it is
     * journaled as cut. `waited`: a step was in progress when asked; `cut`: the recharges journaled.
     */
    async settle(reason: string, deadlineMs: number): Promise<{ waited: boolean; cut: string[] }> {
      if (!busy()) return { waited: false, cut: [] };
      const end = Date.now() + deadlineMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, deadlineMs); });
      try {
        // The engine's queue first, then the handler that awaited it (its counter falls a tick later).
        await Promise.race([engine.idle?.() ?? Promise.resolve(), timeout]);
        while (busy() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
      } finally {
        clearTimeout(timer);
      }
      return { waited: true, cut: busy() ? recordForcedQuit(reason) : [] };
    },
  };
}
export type QuitGuard = ReturnType<typeof createQuitGuard>;
