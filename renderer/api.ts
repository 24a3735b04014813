import type { Result } from '../contract/errors';
import type { CallName, CallRequest, CallResponse, CounterApi, EventName, EventPayloads } from '../contract/ipc';
import { bridgeToken, createBridgeClient } from './bridge-client';
import { connection } from './connection';

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

/** Electron's preload provides `window.counter`; in browser mode the bridge client does. */
function resolveApi(): CounterApi {
  if (window.counter) return window.counter;
  const token = bridgeToken();
  if (!token) throw new CounterError('BRIDGE_TOKEN_REQUIRED', '缺少访问令牌：请使用 etc-counter serve 打印的完整地址打开');
  // The same `window.counter` as under Electron's preload: the page could reach the bridge with its token
  // anyway, and main checks sign-in and role on every call, whoever makes it.
  const client = createBridgeClient(token, (up) => { connection.up = up; });
  window.counter = client;
  return client;
}

let api: CounterApi | null = null;
function counter(): CounterApi {
  api ??= resolveApi();
  return api;
}

export async function call<K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K>> {
  const fn = counter()[name] as unknown as (r: CallRequest<K>) => Promise<Result<CallResponse<K>>>;
  const res = await fn(req);
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
