import type { Result } from '../errors';
import type { CallRequest, CallResponse } from './calls';
import { CALL_NAMES, isEventName, type CallName, type EventName } from './names';
import type { EventPayloads } from './views';

/**
 * `window.counter`, generated from the contract: one method per call, answering `Result`; `on` subscribes
 * to an event. Only names and types come in here (no schemas), so the preload bundles a few hundred
 * bytes of it; main parses every request against calls.ts itself.
 */
export type CounterApi = {
  [K in CallName]: (req: CallRequest<K>) => Promise<Result<CallResponse<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

export type Invoke = (name: CallName, req: unknown) => Promise<Result<unknown>>;
export type Subscribe = (name: EventName, listener: (payload: unknown) => void) => () => void;

/**
 * Builds `window.counter` from a transport: the preload passes ipcRenderer-based functions, the browser
 * client fetch/SSE-based ones. Nothing else may expose a generic invoke.
 */
export function buildCounterApi(invoke: Invoke, subscribe: Subscribe): CounterApi {
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) api[name] = (req: unknown) => invoke(name, req ?? {});
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new Error(`unknown event: ${String(event)}`);
    return subscribe(event, listener);
  };
  return api as CounterApi;
}
