import type { TerminalDay, TerminalDayOrder, TerminalDayTotal } from '../../contract/host-api';
import { catchUp } from './access';
import { beijingDayStart } from './clock';
import type { HostContext } from './context';
import { badRequest, HostError } from './errors';
import { toHostOrder } from './order-view';
import { reconciledAt } from './refunds';
import { witnessOf } from './witness';

/**
 * The host's view of one terminal's business day (`GET /v1/terminals/{id}/days/{day}`, docs/architecture.md
 * §3b), for 对账: every order the terminal created that Beijing day, or loaded that day (an order paid
 * elsewhere and loaded here counts at the loading terminal), each with its status now, and the count and
 * sum per channel × status. A terminal sees only its own days.
 */
export function terminalDay(ctx: HostContext, terminalId: string, day: string, session: { terminalId: string }): TerminalDay {
  const id = terminalId.toUpperCase();
  if (session.terminalId !== id) throw new HostError(403, 'TERMINAL_FORBIDDEN', { terminalId: id });
  const start = beijingDayStart(day);
  if (!start) throw badRequest('DATE_INVALID', { value: day });
  return ctx.store.tx(() => {
    catchUp(ctx);
    const rows = ctx.store.ordersOfTerminal(id, start.toISOString(), new Date(start.getTime() + 86_400_000).toISOString());
    const orders: TerminalDayOrder[] = rows.map((row) => {
      const o = toHostOrder(ctx, row);
      return {
        orderId: o.orderId, clientOrderId: o.clientOrderId, cardNo: o.cardNo, plate: o.plate, plateColor: o.plateColor,
        amountFen: o.amountFen, channel: o.channel, channelStatus: o.channelStatus, status: o.status, tradeNo: o.tradeNo,
        terminalId: o.terminalId, createdAt: o.createdAt, paidAt: o.paidAt, loadedAt: o.loadedAt, refund: o.refund,
        posVoucher: o.posVoucher, loadTerminalId: row.loadTerminalId,
      };
    });
    const totals = new Map<string, TerminalDayTotal>();
    for (const o of orders) {
      const key = `${o.channel}\u0000${o.status}`;
      const t = totals.get(key) ?? { channel: o.channel, status: o.status, count: 0, amountFen: 0 };
      t.count += 1;
      t.amountFen += o.amountFen;
      totals.set(key, t);
    }
    return {
      terminalId: id, day, generatedAt: ctx.now().toISOString(), reconciledAt: reconciledAt(ctx, day), orders,
      totals: [...totals.values()].sort((a, b) => a.channel.localeCompare(b.channel) || a.status.localeCompare(b.status)),
      witness: witnessOf(ctx, id),
    };
  });
}
