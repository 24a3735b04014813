/**
 * The window's side of the idle lock (docs/security.md): keys, clicks and the wheel are the operator's
 * activity. Main is told with `activity` at most every PING_MS, so main's lock — the one that counts, since
 * main refuses a locked session's calls — comes at most that much before this window's own. After
 * `minutes()` without any input, `onIdle` runs (App.vue asks `status`, and main says whether it is locked),
 * again every RECHECK_MS while it stays idle.
 */
export const PING_MS = 10_000;
const RECHECK_MS = 15_000;
const TICK_MS = 5_000;

export function watchIdle(o: { minutes: () => number | null; active: () => boolean; ping: () => void; onIdle: () => void }): () => void {
  let lastInput = Date.now();
  let lastPing = 0;
  let lastCheck = 0;
  const onInput = (): void => {
    lastInput = Date.now();
    if (o.active() && lastInput - lastPing >= PING_MS) {
      lastPing = lastInput;
      o.ping();
    }
  };
  const tick = (): void => {
    const minutes = o.minutes();
    const now = Date.now();
    if (!o.active() || minutes === null || now - lastInput < minutes * 60_000 || now - lastCheck < RECHECK_MS) return;
    lastCheck = now;
    o.onIdle();
  };
  const events = ['keydown', 'pointerdown', 'wheel'] as const;
  for (const e of events) window.addEventListener(e, onInput, { capture: true, passive: true });
  const timer = setInterval(tick, TICK_MS);
  return () => {
    clearInterval(timer);
    for (const e of events) window.removeEventListener(e, onInput, { capture: true });
  };
}
