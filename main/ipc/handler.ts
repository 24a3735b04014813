import type { CallName, CallParsed, CallResponse } from '../../contract/ipc';
import type { CallContext } from './session';

/**
 * One handler per contract call; the mapped type makes a missing or extra handler a compile error.
 * `ctx` says which client called (default: the only one, for code that calls handlers directly).
 */
export type Handler<K extends CallName> = (req: CallParsed<K>, ctx?: CallContext) => Promise<CallResponse<K>>;
export type Handlers = { [K in CallName]: Handler<K> };
