import { buildCounterApi, type CounterApi, type EventName } from '../contract/ipc';
import type { Result } from '../contract/errors';

/**
 * `window.counter` for browser mode: the same contract over the loopback bridge (main/ipc/bridge.ts).
 * The page opened at a one-time launch address (`/?code=…`) spends the code itself (`POST /session`): the
 * bridge sets its HttpOnly session cookie and answers a secret, which this tab keeps in sessionStorage
 * (only pages of this very origin — scheme, host and port — can read it; a cookie reaches every port) and
 * sends with every call and the event stream. The code leaves the address bar before it is spent. A reload
 * keeps the session; another tab or browser has none (main/ipc/bridge-sessions.ts, docs/security.md).
 * Events arrive on a fetch-streamed SSE response.
 */
const SECRET_KEY = 'counter-session-secret';
const SECRET_HEADER = 'x-counter-session';

/** This tab's session secret: from the launch code in the address (spent once), else kept from before. */
async function sessionSecret(): Promise<string | null> {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('code');
  if (code !== null) {
    url.searchParams.delete('code');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    try {
      const res = await fetch('session', {
        method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }),
      });
      const r = (await res.json()) as Result<{ secret: string }>;
      if (r.ok) window.sessionStorage.setItem(SECRET_KEY, r.data.secret);
    } catch {
      // the bridge is down: no session; the first call says so
    }
  }
  return window.sessionStorage.getItem(SECRET_KEY);
}

export function createBridgeClient(onConnection: (up: boolean) => void): CounterApi {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const secret = sessionSecret();
  const headers = async (more: Record<string, string> = {}): Promise<Record<string, string>> => {
    const s = await secret;
    return s === null ? more : { ...more, [SECRET_HEADER]: s };
  };
  void streamEvents(listeners, onConnection, headers);
  return buildCounterApi(
    async (name, req) => {
      try {
        const res = await fetch(`rpc/${name}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: await headers({ 'content-type': 'application/json' }),
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

async function streamEvents(
  listeners: Map<EventName, Set<(p: unknown) => void>>, onConnection: (up: boolean) => void,
  headers: () => Promise<Record<string, string>>,
) {
  for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
    try {
      const res = await fetch('events', { credentials: 'same-origin', headers: await headers() });
      // No session (401): nothing to stream, and retrying will not give this tab one. The page says why.
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
