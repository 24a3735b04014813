import { randomBytes } from 'node:crypto';
import { MAX_ORDER_WAIT_MS, type HostOrder, type HostOrderStatus, type SignInResponse } from '../../contract/host-api';
import {
  AuthorizeRequestSchema, CardCheckRequestSchema, CardNoSchema, ConfirmRequestSchema, CreateOrderRequestSchema, DateSchema,
  MicropayRequestSchema, OrderWaitQuerySchema, RecordsQuerySchema, SignInRequestSchema, TerminalIdSchema, UnloadedRequestSchema,
} from '../../contract/host-schemas';
import type { HostContext } from './context';
import { badRequest, HostError } from './errors';
import { ok, parse, type Reply, type RequestInfo, type Route } from './http';
import { authorize, confirm, markUnloaded } from './load';
import { micropay } from './micropay';
import { closeOrder, createOrder, getOrder } from './orders';
import { checkCard, records } from './queries';
import { terminalDay } from './terminal-day';
import type { OrderWatch } from './watch';
import { recordWitness, witnessOf } from './witness';

/** The issuer-host API `/v1/…` (docs/architecture.md §3, §3b). */

/** `waitMs` (0 … MAX_ORDER_WAIT_MS) and `unless` (a status) of a long poll, with their own refusal codes. */
function waitQuery(q: URLSearchParams): { waitMs: number; unless: HostOrderStatus | null } {
  const raw = { waitMs: q.get('waitMs') ?? undefined, unless: q.get('unless') ?? undefined };
  const r = OrderWaitQuerySchema.safeParse(raw);
  if (!r.success) {
    if (r.error.issues.some((i) => i.path[0] === 'waitMs')) throw badRequest('WAIT_MS_INVALID', { value: raw.waitMs ?? '', max: MAX_ORDER_WAIT_MS });
    throw badRequest('WAIT_UNLESS_INVALID', { value: raw.unless ?? '' });
  }
  const waitMs = r.data.waitMs ?? 0;
  if (waitMs > 0 && r.data.unless === undefined) throw badRequest('WAIT_UNLESS_INVALID', { value: '' });
  return { waitMs, unless: r.data.unless ?? null };
}

/** Answers at once unless the status is `unless`; else on its change, or after `waitMs` with the order as it is. */
async function waitForOrder(ctx: HostContext, watch: OrderWatch, orderId: string, req: RequestInfo): Promise<Reply> {
  const { waitMs, unless } = waitQuery(req.query);
  let order: HostOrder = getOrder(ctx, orderId, true);
  const deadline = Date.now() + waitMs;
  while (unless !== null && order.status === unless) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const why = await watch.wait(orderId, left, req.signal);
    if (why === 'closed') throw new HostError(503, 'HOST_CLOSING');
    if (why === 'aborted') break; // the client is gone; the answer goes nowhere
    order = getOrder(ctx, orderId);
    if (why === 'timeout') break;
  }
  return ok(order);
}

export function v1Routes(ctx: HostContext, watch: OrderWatch): Route[] {
  const id = (m: string[]) => m[0] ?? '';
  return [
    { method: 'POST', pattern: /^\/v1\/sessions$/, auth: false, handle: (_m, body) => {
      const r = parse(SignInRequestSchema, body);
      const at = ctx.now();
      const token = randomBytes(24).toString('hex');
      ctx.store.insertSession({
        token, terminalId: r.terminalId.toUpperCase(), operatorId: r.operatorId, createdAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + ctx.config.sessionTtlMs).toISOString(),
      });
      return ok({ token, hostTime: at.toISOString() } satisfies SignInResponse);
    } },
    { method: 'POST', pattern: /^\/v1\/cards\/([^/]+)\/check$/, auth: true, handle: (m, body) =>
      ok(checkCard(ctx, parse(CardNoSchema, id(m)), parse(CardCheckRequestSchema, body))) },
    { method: 'POST', pattern: /^\/v1\/orders$/, auth: true, handle: (_m, body) => ok(createOrder(ctx, parse(CreateOrderRequestSchema, body))) },
    { method: 'GET', pattern: /^\/v1\/orders\/([^/]+)$/, auth: true, handle: (m, _b, req) => waitForOrder(ctx, watch, id(m), req) },
    { method: 'POST', pattern: /^\/v1\/orders\/([^/]+)\/close$/, auth: true, handle: (m) => ok(closeOrder(ctx, id(m))) },
    { method: 'POST', pattern: /^\/v1\/orders\/([^/]+)\/micropay$/, auth: true, handle: (m, body) =>
      ok(micropay(ctx, id(m), parse(MicropayRequestSchema, body))) },
    { method: 'POST', pattern: /^\/v1\/orders\/([^/]+)\/authorize$/, auth: true, handle: (m, body) =>
      ok(authorize(ctx, id(m), parse(AuthorizeRequestSchema, body))) },
    { method: 'POST', pattern: /^\/v1\/orders\/([^/]+)\/confirm$/, auth: true, handle: (m, body, req) => {
      const r = parse(ConfirmRequestSchema, body);
      recordWitness(ctx, req.session?.terminalId ?? '', r.witness); // kept even when the confirm is refused
      return ok(confirm(ctx, id(m), r));
    } },
    { method: 'POST', pattern: /^\/v1\/orders\/([^/]+)\/unloaded$/, auth: true, handle: (m, body, req) => {
      const r = parse(UnloadedRequestSchema, body);
      recordWitness(ctx, req.session?.terminalId ?? '', r.witness);
      return ok(markUnloaded(ctx, id(m), r));
    } },
    { method: 'GET', pattern: /^\/v1\/terminals\/([^/]+)\/witness$/, auth: true, handle: (m, _b, req) => {
      const terminalId = parse(TerminalIdSchema, m[0]).toUpperCase();
      if (req.session?.terminalId !== terminalId) throw new HostError(403, 'TERMINAL_FORBIDDEN', { terminalId });
      return ok(witnessOf(ctx, terminalId));
    } },
    { method: 'GET', pattern: /^\/v1\/records$/, auth: true, handle: (_m, _b, req) =>
      ok(records(ctx, parse(RecordsQuerySchema, Object.fromEntries(req.query)))) },
    { method: 'GET', pattern: /^\/v1\/terminals\/([^/]+)\/days\/([^/]+)$/, auth: true, handle: (m, _b, req) =>
      ok(terminalDay(ctx, parse(TerminalIdSchema, m[0]), parse(DateSchema, m[1]), req.session ?? { terminalId: '' })) },
  ];
}
