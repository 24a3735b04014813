import type { Result } from '../contract/errors';
import type { CallName, CallRequest, CallResponse, CounterApi, EventName, EventPayloads } from '../contract/ipc';
import { createBridgeClient } from './bridge-client';
import { connection } from './connection';
import { askSupervisorPassword, sessionLocked } from './session-guard';

/** An `{ok:false}` answer, thrown so views can `try/catch`; `code` is the stable i18n code. */
export class CounterError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'CounterError';
  }
}

declare global {
  interface Window { counter?: CounterApi }
}

/** Electron's preload provides `window.counter`; in browser mode the bridge client does (its session: a cookie and the tab's secret). */
function resolveApi(): CounterApi {
  if (window.counter) return window.counter;
  // The same `window.counter` as under Electron's preload: main checks session, sign-in and role on every call.
  const client = createBridgeClient((up) => { connection.up = up; });
  window.counter = client;
  return client;
}

let api: CounterApi | null = null;
function counter(): CounterApi {
  api ??= resolveApi();
  return api;
}

async function invoke<K extends CallName>(name: K, req: CallRequest<K>): Promise<Result<CallResponse<K>>> {
  const fn = counter()[name] as unknown as (r: CallRequest<K>) => Promise<Result<CallResponse<K>>>;
  return fn(req);
}

/**
 * One contract call. Main's two session answers are handled here for every screen (docs/security.md):
 * AUTH_REAUTH_REQUIRED asks for the supervisor's password (the prompt calls `unlock`) and repeats the call
 * once; SESSION_LOCKED tells the lock screen.
 */
export async function call<K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K>> {
  let res = await invoke(name, req);
  if (!res.ok && res.code === 'AUTH_REAUTH_REQUIRED' && (await askSupervisorPassword(res.message))) res = await invoke(name, req);
  if (!res.ok && res.code === 'SESSION_LOCKED') sessionLocked();
  if (!res.ok) throw new CounterError(res.code, res.message);
  return res.data as CallResponse<K>;
}

export function on<E extends EventName>(event: E, listener: (p: EventPayloads[E]) => void): () => void {
  return counter().on(event, listener);
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
