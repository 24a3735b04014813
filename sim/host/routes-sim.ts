import { z } from 'zod';
import { DateSchema } from '../../contract/host-schemas';
import { orderRow } from './access';
import { AcquirerSlipSchema } from './acquirer';
import type { HostContext } from './context';
import { FaultRequestSchema, type HostFaults } from './faults';
import { ok, parse, type Route } from './http';
import { MicropayKnobSchema } from './micropay-knobs';
import { getOrder, payOrder } from './orders';
import { payPage } from './pay-page';
import { adminRefund, runRefunds } from './refunds';

/**
 * Training and test hooks `/sim/…` (docs/architecture.md §3): no token, like the customer's phone, the
 * acquiring bank and the test bench. Fault switches never apply to them.
 */
const RefundRunSchema = z.object({ asOf: DateSchema });
const ChargeSchema = AcquirerSlipSchema.pick({ merchantNo: true, posTerminalNo: true, amountFen: true, cardNoMasked: true })
  .extend({ at: AcquirerSlipSchema.shape.at.optional() });

export function simRoutes(ctx: HostContext, faults: HostFaults): Route[] {
  const id = (m: string[]) => m[0] ?? '';
  return [
    { method: 'POST', pattern: /^\/sim\/orders\/([^/]+)\/pay$/, auth: false, handle: (m) => ok(payOrder(ctx, id(m))) },
    { method: 'POST', pattern: /^\/sim\/orders\/([^/]+)\/refund$/, auth: false, handle: (m) =>
      ok(adminRefund(ctx, ctx.store.tx(() => orderRow(ctx, id(m))))) },
    { method: 'GET', pattern: /^\/sim\/pay\/([^/]+)$/, auth: false, handle: (m) => ({ status: 200, html: payPage(getOrder(ctx, id(m))) }) },
    { method: 'POST', pattern: /^\/sim\/refunds\/run$/, auth: false, handle: (_m, body) => ok(runRefunds(ctx, parse(RefundRunSchema, body).asOf)) },
    { method: 'POST', pattern: /^\/sim\/acquirer\/slips$/, auth: false, handle: (_m, body) => ok(ctx.acquirer.add(parse(AcquirerSlipSchema, body))) },
    { method: 'POST', pattern: /^\/sim\/acquirer\/charges$/, auth: false, handle: (_m, body) => ok(ctx.acquirer.charge(parse(ChargeSchema, body))) },
    { method: 'GET', pattern: /^\/sim\/micropay$/, auth: false, handle: () => ok(ctx.micropay.snapshot()) },
    { method: 'POST', pattern: /^\/sim\/micropay$/, auth: false, handle: (_m, body) => ok(ctx.micropay.apply(parse(MicropayKnobSchema, body))) },
    { method: 'GET', pattern: /^\/sim\/faults$/, auth: false, handle: () => ok(faults.snapshot()) },
    { method: 'POST', pattern: /^\/sim\/faults$/, auth: false, handle: (_m, body) => {
      const r = parse(FaultRequestSchema, body);
      faults.apply(r);
      if (r.down) return { ...ok({ ...faults.snapshot(), down: true }), after: () => void faults.down(r.downForMs ?? 5000) };
      return ok(faults.snapshot());
    } },
  ];
}
