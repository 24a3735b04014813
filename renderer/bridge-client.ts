import { buildCounterApi, type CounterApi, type EventName } from '../contract/ipc';
import type { Result } from '../contract/errors';

/**
 * `window.counter` for browser mode: the same contract over the loopback bridge (main/ipc/bridge.ts).
 * The browser's session is an HttpOnly cookie the bridge set when this browser opened its one-time launch
 * address (main/ipc/bridge-sessions.ts): the page never sees a secret, and fetch sends the cookie itself.
 * Events arrive on a fetch-streamed SSE response.
 */
export function createBridgeClient(onConnection: (up: boolean) => void): CounterApi {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  void streamEvents(listeners, onConnection);
  return buildCounterApi(
    async (name, req) => {
      try {
        const res = await fetch(`rpc/${name}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(req),
        });
        return (await res.json()) as Result<unknown>;
      } catch (e) {
        onConnection(false);
        return { ok: false, code: 'BRIDGE_DOWN', message: e instanceof Error ? e.message : String(e) };
      }
    },
    (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  );
}

async function streamEvents(listeners: Map<EventName, Set<(p: unknown) => void>>, onConnection: (up: boolean) => void) {
  for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
    try {
      const res = await fetch('events', { credentials: 'same-origin' });
      // No session (401): nothing to stream, and retrying will not give this browser one. The page says why.
      if (res.status === 401) return;
      if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
      onConnection(true);
      delay = 250;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          dispatchFrame(buf.slice(0, end), listeners);
          buf = buf.slice(end + 2);
        }
      }
    } catch {
      // fall through to reconnect
    }
    onConnection(false);
    await new Promise((r) => setTimeout(r, delay));
  }
}

function dispatchFrame(frame: string, listeners: Map<EventName, Set<(p: unknown) => void>>): void {
  let name = '';
  let data = '';
  for (const line of frame.split('\n')) {
    if (line.startsWith('event: ')) name = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  if (!name || !data) return;
  const payload: unknown = JSON.parse(data);
  for (const l of listeners.get(name as EventName) ?? []) l(payload);
}
