import type { Result } from '../contract/errors';
import type { CallName, CallRequest, CallResponse, CounterApi, EventName, EventPayloads } from '../contract/ipc';
import { createBridgeClient } from './bridge-client';
import { connection } from './connection';
import { L } from './i18n';
import { askSupervisorPassword, sessionLocked } from './session-guard';

/**
 * An `{ok:false}` answer, thrown so views can `try/catch`; `code` is the stable i18n code. Its message is
 * main's, followed by the error reference (错误编号) main logged the refusal under, so every screen that
 * shows the message shows the reference support asks for (docs/release.md); `text` is main's alone.
 */
export class CounterError extends Error {
  constructor(readonly code: string, readonly text: string, readonly ref: string | null = null) {
    super(ref ? L('UI_ERROR_WITH_REF', { message: text, ref }) : text);
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
  if (!res.ok) throw new CounterError(res.code, res.message, res.ref ?? null);
  return res.data as CallResponse<K>;
}

export function on<E extends EventName>(event: E, listener: (p: EventPayloads[E]) => void): () => void {
  return counter().on(event, listener);
}

/** What a screen shows of a failure: main's message, with its error reference when main gave one. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
