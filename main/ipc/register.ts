import { AppError, isAppError, type Result } from '../../contract/errors';
import { CALL_NAMES, CALLS, callChannel, type CallName } from '../../contract/ipc';
import type { Services } from '../compose/services';
import type { Handlers } from './handler';
import { createHandlers } from './handlers';
import type { EventSink, IpcEventLike, IpcMainLike } from './port';
import { readerFeed } from './reader-feed';
import { guardSetup } from './setup-guard';
import { CounterSession, type CallContext } from './session';

export interface RegisterOptions {
  /** Electron: the frame's URL is the app's own; bridge: the request carried the run's token. */
  isTrustedSender(event: IpcEventLike): boolean;
  emit: EventSink;
  /** Where unexpected (non-AppError) failures are reported; they reach the renderer as INTERNAL. */
  log?: (line: string) => void;
}

export interface Registration {
  session: CounterSession;
  handlers: Handlers;
  dispose(): void;
}

/**
 * Registers one handler per contract call on `ipc`, each behind the same gate: the sender is checked,
 * the request parsed with the call's zod schema, and every outcome shaped as `Result`. Also forwards
 * the services' change streams (recharges, readers, cards) as contract events.
 */
export function registerIpc(ipc: IpcMainLike, services: Services, opts: RegisterOptions): Registration {
  const session = new CounterSession(services.settings, services.training !== null);
  // The configured reader as 系统设置 last set it; recharge calls wait for the first-run set-up (main/settings/setup-guard.ts).
  const readers = readerFeed(services.readers, () => services.settings.readerName);
  const handlers = guardSetup(createHandlers(services, session, opts.emit, readers), () => services.system.setupRequired);
  for (const name of CALL_NAMES) {
    ipc.handle(callChannel(name), (event, req) => dispatch(handlers, name, event, req, { ...opts, session }));
  }
  const offRecharge = services.engine.onChange((r) => {
    session.track(r);
    opts.emit('recharge', r);
  });
  const offReaders = readers.onChange((st) => {
    const before = session.reader;
    session.reader = st;
    if (before.readers.join('\n') !== st.readers.join('\n')) opts.emit('readers', { readers: st.readers });
    if (before.cardPresent !== st.cardPresent || before.reader !== st.reader) {
      opts.emit('card', { reader: st.reader, present: st.cardPresent });
    }
  });
  return {
    session,
    handlers,
    dispose() {
      offRecharge();
      offReaders();
      for (const name of CALL_NAMES) ipc.removeHandler(callChannel(name));
    },
  };
}

/** Which client called: an Electron window by its webContents id; the bridge (no sender) is one client per token. */
export function callContext(event: IpcEventLike): CallContext {
  const id = event.sender?.id;
  return { client: typeof id === 'number' ? `wc:${id}` : 'default' };
}

/**
 * The one gate every call passes: sender, sign-in and role (from the contract's `role`, checked here in
 * main whatever the UI shows), schema, handler, error shape.
 */
export async function dispatch(
  handlers: Handlers, name: CallName, event: IpcEventLike, raw: unknown,
  opts: Pick<RegisterOptions, 'isTrustedSender' | 'log'> & { session: CounterSession },
): Promise<Result<unknown>> {
  try {
    if (!opts.isTrustedSender(event)) throw new AppError('IPC_SENDER_REFUSED');
    const ctx = callContext(event);
    const role = CALLS[name].role;
    const who = opts.session.who(ctx);
    if (role !== 'any' && !who) throw new AppError('AUTH_REQUIRED');
    if (role === 'supervisor' && who?.role !== 'supervisor') throw new AppError('AUTH_FORBIDDEN', { id: who?.operatorId ?? '' });
    const parsed = CALLS[name].req.safeParse(raw ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || name}: ${i.message}`).join('; ');
      throw new AppError('INVALID_INPUT', { detail });
    }
    const handler = handlers[name] as (req: unknown, ctx: CallContext) => Promise<unknown>;
    return { ok: true, data: await handler(parsed.data, ctx) };
  } catch (e) {
    if (isAppError(e)) return { ok: false, code: e.code, message: e.message };
    const detail = e instanceof Error ? e.message : String(e);
    opts.log?.(`ipc ${name}: ${e instanceof Error && e.stack ? e.stack : detail}`);
    const err = new AppError('INTERNAL', { detail });
    return { ok: false, code: err.code, message: err.message };
  }
}
