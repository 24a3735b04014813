import { AppError, isAppError, type Result } from '../../contract/errors';
import { CALL_NAMES, CALLS, callChannel, type CallName, type OperatorView, type SignedInOperator } from '../../contract/ipc';
import type { Services } from '../compose/services';
import { HostRejectedError } from '../host/errors';
import { maskCardNo, maskCardNumbers, newErrorRef } from '../log/error-ref';
import type { LogContext, Logger } from '../log/logger';
import type { Handlers } from './handler';
import { createHandlers } from './handlers';
import { PaymentWatch } from './payment-watch';
import type { EventSink, IpcEventLike, IpcMainLike } from './port';
import { readerFeed } from './reader-feed';
import { guardSetup } from './setup-guard';
import { BACKGROUND_CALLS, CounterSession, REAUTH_AFTER_MS, WHILE_LOCKED, type CallContext } from './session';

export interface RegisterOptions {
  /** Electron: the frame's URL is the app's own; bridge: the request carried a session cookie. */
  isTrustedSender(event: IpcEventLike): boolean;
  emit: EventSink;
  /** Where unexpected (non-AppError) failures are reported; they reach the renderer as INTERNAL. */
  log?: (line: string) => void;
  /** The structured log every refusal is written to with its error reference (docs/release.md). */
  logger?: Pick<Logger, 'line'>;
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
  const session = new CounterSession(services.settings, services.training !== null, services.clock, () => services.system.terminalIdSet);
  // The configured reader as 系统设置 last set it; recharge calls wait for the first-run set-up (main/settings/setup-guard.ts).
  const readers = readerFeed(services.readers, () => services.settings.readerName);
  const watch = new PaymentWatch(services.engine);
  const handlers = guardSetup(createHandlers(services, session, opts.emit, readers, watch), () => services.system.setupRequired);
  const gate: GateOptions = {
    ...opts,
    session,
    cardOf: (id) => services.engine.get(id)?.cardNo ?? null,
    account: (id) => services.auth.operators.get(id),
    ended: (op, reason) => {
      services.auth.audit.append({ operatorId: op.operatorId, role: op.role }, { action: 'sign-out', target: op.operatorId, detail: { reason } });
    },
  };
  for (const name of CALL_NAMES) {
    ipc.handle(callChannel(name), (event, req) => dispatch(handlers, name, event, req, gate));
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
      watch.stopAll();
      offRecharge();
      offReaders();
      for (const name of CALL_NAMES) ipc.removeHandler(callChannel(name));
    },
  };
}

/**
 * Which client called: the bridge names it (one per session cookie), an Electron window by its
 * webContents id; code that dispatches without either is the one default client (tests).
 */
export function callContext(event: IpcEventLike): CallContext {
  if (typeof event.client === 'string' && event.client !== '') return { client: event.client };
  const id = event.sender?.id;
  return { client: typeof id === 'number' ? `wc:${id}` : 'default' };
}

export interface GateOptions extends Pick<RegisterOptions, 'isTrustedSender' | 'log' | 'logger'> {
  /** The card number of a recharge, for the log line of an error about it (masked there). */
  cardOf?: (rechargeId: string) => string | null;
  session: CounterSession;
  /** The account as stored now: a disabled (or vanished) operator loses the session at the next call. */
  account?: (operatorId: string) => OperatorView | null;
  /** Audits a session the gate ended. */
  ended?: (op: SignedInOperator, reason: string) => void;
}

/**
 * The one gate every call passes (docs/security.md): sender; the signed-in account still usable;
 * the idle lock (only WHILE_LOCKED calls pass a locked session); sign-in and role (from the contract's
 * `role`, checked here in main whatever the UI shows); a recent password for supervisor calls; schema;
 * handler; error shape. Anything but BACKGROUND_CALLS counts as activity.
 */
export async function dispatch(
  handlers: Handlers, name: CallName, event: IpcEventLike, raw: unknown, opts: GateOptions,
): Promise<Result<unknown>> {
  try {
    if (!opts.isTrustedSender(event)) throw new AppError('IPC_SENDER_REFUSED');
    const ctx = callContext(event);
    const { session } = opts;
    const role = CALLS[name].role;
    let who = session.who(ctx);
    if (who && opts.account) {
      const now = opts.account(who.operatorId);
      if (!now || now.disabled) {
        session.signOut(ctx);
        opts.ended?.(who, now ? 'account-disabled' : 'account-missing');
        if (role !== 'any') throw new AppError('AUTH_SESSION_DISABLED', { id: who.operatorId });
        who = null;
      }
    }
    if (who && !WHILE_LOCKED.has(name) && session.locked(ctx)) {
      throw new AppError('SESSION_LOCKED', { minutes: session.idleLockMinutes, id: who.operatorId });
    }
    if (role !== 'any' && !who) throw new AppError('AUTH_REQUIRED');
    if (role === 'supervisor' && who?.role !== 'supervisor') throw new AppError('AUTH_FORBIDDEN', { id: who?.operatorId ?? '' });
    if (role === 'supervisor' && !session.confirmedRecently(ctx)) {
      throw new AppError('AUTH_REAUTH_REQUIRED', { minutes: REAUTH_AFTER_MS / 60_000 });
    }
    const parsed = CALLS[name].req.safeParse(raw ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || name}: ${i.message}`).join('; ');
      throw new AppError('INVALID_INPUT', { detail });
    }
    if (!BACKGROUND_CALLS.has(name)) session.touch(ctx);
    const handler = handlers[name] as (req: unknown, ctx: CallContext) => Promise<unknown>;
    return { ok: true, data: await handler(parsed.data, ctx) };
  } catch (e) {
    return refusal(e, name, event, raw, opts);
  }
}

/**
 * A failure as the clerk reads it — the message and its reference (错误编号) — and as support finds it: one
 * log line with the same reference, the call, who called, the recharge and its card (masked), the host's
 * own code, and the stack of an internal error. Nothing of the request beyond that is logged (passwords).
 */
function refusal(e: unknown, name: CallName, event: IpcEventLike, raw: unknown, opts: GateOptions): Result<unknown> {
  const ref = newErrorRef();
  const err = isAppError(e) ? e : new AppError('INTERNAL', { detail: e instanceof Error ? e.message : String(e) });
  const ctx = callContext(event);
  const rechargeId = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id : undefined;
  const cardNo = String(err.params.cardNo ?? (rechargeId ? opts.cardOf?.(rechargeId) ?? '' : ''));
  const context: LogContext = {
    ref, call: name, code: err.code, client: ctx.client, operator: opts.session.who(ctx)?.operatorId ?? null,
    rechargeId, card: cardNo ? maskCardNo(cardNo) : undefined,
    hostCode: e instanceof HostRejectedError ? e.hostCode : undefined,
    hostStatus: e instanceof HostRejectedError ? e.status : undefined,
    detail: maskCardNumbers(err.english),
    stack: isAppError(e) ? undefined : e instanceof Error ? e.stack : undefined,
  };
  try {
    if (opts.logger) opts.logger.line(isAppError(e) ? 'warn' : 'error', maskCardNumbers(err.message), context);
    else if (!isAppError(e)) opts.log?.(`ipc ${name} ${ref}: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
  } catch { /* the log must never turn a refusal into a crash */ }
  return { ok: false, code: err.code, message: err.message, ref };
}
