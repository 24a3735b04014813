import { PAY_CHANNEL_NAMES, type PayChannel } from '../../contract/recharge';
import type { DayReport, Tally } from './day-report';

/** The report's lines in print order: label, tally, and whether the line is indented (a subset). */
export function summaryLines(r: DayReport): { section: 'channel' | 'result'; label: string; tally: Tally; sub?: boolean }[] {
  const channels = (Object.keys(r.byChannel) as PayChannel[]).map((c) => ({
    section: 'channel' as const, label: PAY_CHANNEL_NAMES[c].zh, tally: r.byChannel[c] }));
  const line = (label: string, tally: Tally, sub = false) => ({ section: 'result' as const, label, tally, sub });
  return [
    ...channels,
    { section: 'channel', label: 'REPORT_TOTAL_PAID', tally: r.totals.paid },
    line('REPORT_LOADED', r.loaded),
    line('REPORT_REPAIRED', r.repaired, true),
    line('REPORT_UNLOADED', r.unloaded),
    line('REPORT_NEEDS_ADMIN', r.needsAdmin),
    line('REPORT_PENDING', r.pending),
    line('REPORT_CANCELLED', r.cancelled),
    line('REPORT_REFUNDS_DUE', r.refundsDue),
    line('REPORT_REFUNDING', r.refunding, true),
    line('REPORT_REFUNDED', r.refunded),
  ];
}
