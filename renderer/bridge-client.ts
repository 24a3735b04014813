import { buildCounterApi, type CounterApi, type EventName } from '../contract/ipc';
import type { Result } from '../contract/errors';

/**
 * `window.counter` for browser mode: the same contract over the loopback bridge (main/ipc/bridge.ts).
 * The run's token comes as `?token=` on the page URL; it is kept for the tab and sent as a header.
 * Events arrive on a fetch-streamed SSE response (EventSource cannot send headers).
 */
const TOKEN_KEY = 'counter-token';
const HEADER = 'x-counter-token';

export function bridgeToken(): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY);
}

export function createBridgeClient(token: string, onConnection: (up: boolean) => void): CounterApi {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  void streamEvents(token, listeners, onConnection);
  return buildCounterApi(
    async (name, req) => {
      try {
        const res = await fetch(`rpc/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [HEADER]: token },
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

async function streamEvents(token: string, listeners: Map<EventName, Set<(p: unknown) => void>>, onConnection: (up: boolean) => void) {
  for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
    try {
      const res = await fetch('events', { headers: { [HEADER]: token } });
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
