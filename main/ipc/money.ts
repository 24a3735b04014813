import { AppError, isAppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import type { HostOrder } from '../../contract/host-api';
import type { PrintResult } from '../../contract/ipc';
import { refundOf, refundSlipAllowed } from '../recharge/host-status';
import type { Handlers } from './handler';
import type { PaperDeps, PaperPrinted } from './paper-deps';

type MoneyPaperCalls = 'refundSlipPrint' | 'adminResolve';

/**
 * The customer's refund slip and the supervisor's resolution of 需管理员 (docs/architecture.md §3a). The
 * host is asked for the refund facts (expected date, refund no); offline, the journal's last word is printed.
 * A resolution is decided by the card (main/recharge/admin-resolve.ts), audited (`admin-resolve`), and its
 * evidence slip — old and new evidence side by side — is printed at once.
 */
export function moneyPaperHandlers({ s, uc, session, signedIn, record, printed }: PaperDeps & { printed: PaperPrinted }): Pick<Handlers, MoneyPaperCalls> {
  /** The host's order now, or null when it cannot be reached (the paper says what the journal knows). */
  async function hostOrder(orderId: string | null): Promise<HostOrder | null> {
    if (!orderId) return null;
    try {
      return await s.host.getOrder(orderId);
    } catch (e) {
      if (isAppError(e) && e.code.startsWith('HOST_')) return null;
      throw e;
    }
  }

  return {
    async refundSlipPrint({ id, format }, ctx) {
      const r = record(id);
      const order = await hostOrder(r.orderId);
      if (!refundSlipAllowed(r.state, order?.status ?? null)) {
        throw new AppError('PRINT_REFUND_NOT_APPLICABLE', { id: r.id, state: r.state });
      }
      const refund = order?.refund ?? refundOf(s.engine.events(r.id));
      const out = await s.print.printRefundSlip(r, refund, { operatorId: signedIn(ctx).operatorId, format: format ?? s.settings.receiptFormat });
      return printed(out);
    },
    async adminResolve({ id, note, pin }, ctx) {
      const me = signedIn(ctx);
      record(id);
      session.activeRechargeId = null; // a supervisor's desk task, not the wizard's
      session.loadsInFlight++; // the card is in use (a probe, never CREDIT): no sign-out meanwhile
      let done: Awaited<ReturnType<typeof uc.resolveNeedsAdmin>>;
      try {
        done = await uc.resolveNeedsAdmin(me, { id, note: note ?? null, pin });
      } finally {
        session.loadsInFlight--;
      }
      const { out, slipError } = done;
      const slip: PrintResult | null = done.slip ? await printed(done.slip) : null;
      return { record: out.record, outcome: out.outcome, reason: out.reason, message: t(out.reason, out.reasonParams), slip, slipError };
    },
  };
}
