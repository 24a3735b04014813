import type { DayReport, Reconciliation, RefundLine, Tally } from '../../contract/ipc';
import type { RechargeEvent, RechargeRecord, RechargeState } from '../../contract/recharge';
import { refundOf } from '../recharge/host-status';

/** Paid, not on a card: what 日结 lists as owed back (due, refunding) or given back (refunded). */
const REFUND_STATES: Partial<Record<RechargeState, RefundLine['status']>> = {
  UNLOADED: 'due', NEEDS_ADMIN: 'due', REFUNDING: 'refunding', REFUNDED: 'refunded',
};

const tally = (lines: RefundLine[]): Tally => ({ count: lines.length, sumFen: lines.reduce((s, l) => s + l.amountFen, 0) });

/** The day's refund lines from the journal: each recharge's state and the refund facts its events last heard. */
export function refundLines(records: RechargeRecord[], events: RechargeEvent[]): RefundLine[] {
  const byId = new Map<string, RechargeEvent[]>();
  for (const e of events) {
    const list = byId.get(e.rechargeId) ?? [];
    list.push(e);
    byId.set(e.rechargeId, list);
  }
  return records.flatMap((r) => {
    const status = REFUND_STATES[r.state];
    if (!status) return [];
    const facts = refundOf(byId.get(r.id) ?? []);
    return [{
      id: r.id, orderId: r.orderId, createdAt: r.createdAt, cardNo: r.cardNo, plate: r.plate, amountFen: r.amountFen, channel: r.channel,
      tradeNo: r.tradeNo, state: r.state, status, expectedDate: facts?.expectedDate ?? null, refundNo: facts?.refundNo ?? null,
      refundedAt: facts?.refundedAt ?? null,
    }];
  });
}

/**
 * The host's word on refunds is the newer (docs/architecture.md §3a): a recharge the journal left UNLOADED
 * that the host has since refunded is listed as the host says, with its expected date or refund number.
 */
export function withHostRefunds(report: DayReport, rec: Reconciliation | null): DayReport {
  if (!rec) return report;
  const host = new Map([...rec.matched, ...rec.mismatched].filter((x) => x.rechargeId).map((x) => [x.rechargeId as string, x]));
  const refunds = report.refunds.map((l): RefundLine => {
    const h = host.get(l.id);
    if (!h || (h.hostStatus !== 'REFUNDING' && h.hostStatus !== 'REFUNDED')) return l;
    const status = h.hostStatus === 'REFUNDED' ? 'refunded' : 'refunding';
    return {
      ...l, status, expectedDate: h.refund?.expectedDate ?? l.expectedDate, refundNo: h.refund?.refundNo ?? l.refundNo,
      refundedAt: h.refund?.refundedAt ?? l.refundedAt,
    };
  });
  return {
    ...report, refunds,
    refunding: tally(refunds.filter((l) => l.status === 'refunding')),
    refunded: tally(refunds.filter((l) => l.status === 'refunded')),
    refundsDue: tally(refunds.filter((l) => l.status !== 'refunded')),
  };
}
