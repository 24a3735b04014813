import { AppError, isAppError } from '../../contract/errors';
import type { CardEvidence, HostOrder } from '../../contract/host-api';
import type { RechargeRecord } from '../../contract/recharge';
import type { CardPort } from '../card/port';
import { HostRejectedError } from '../host/errors';
import type { AdminOutcome } from './api';
import type { HostLink } from '../host/port';
import { attemptOf } from './card-load';
import { evidenceOf, probeCard, proveTac } from './card-probe';
import { beijingStamp, decideElsewhere, decideLoad } from './decide';
import { journalHostWord } from './host-status';
import type { JournalSteps } from './journal-steps';
import { loadKeyIndex, type LoadKeyIndexes } from '../card/load-key';
import type { PinGate } from './pin-gate';

export interface AdminResolvePorts {
  card: Omit<CardPort, 'disconnect'>;
  host: Pick<HostLink, 'getOrder' | 'confirm' | 'markUnloaded'>;
  steps: JournalSteps;
  pins: PinGate;
}

/** What the resolution came to, before the paper: the record now, the outcome and the reason's i18n code. */
export type Resolved = AdminOutcome;

/**
 * Resolving 需管理员 (docs/architecture.md §2: NEEDS_ADMIN → CONFIRMED | UNLOADED), a supervisor's call once
 * the issuer's administrator has corrected the host's record. The supervisor presents the card; it is probed
 * again exactly as an interrupted load is (card-probe.ts: never CREDIT) and the outcome is what it shows,
 * never what anyone types:
 * - the load is on the card → the host is told with the TAC or the card evidence (or already says LOADED)
 *   → CONFIRMED (VERIFIED when the balance agrees);
 * - the card proves it absent → `/unloaded` → UNLOADED (then 圈存, or the refund: §3a);
 * - still contradictory, or the host still refuses → stays NEEDS_ADMIN; the re-check is journaled with the
 *   new evidence, so the evidence slip shows old and new side by side.
 * The audit row is the caller's (main/ipc: `admin-resolve`).
 */
export class AdminResolve {
  constructor(private readonly ports: AdminResolvePorts, private readonly settings: { loadKeys: LoadKeyIndexes }) {}

  async resolve(rec: RechargeRecord, by: { operatorId: string; note: string | null }): Promise<Resolved> {
    const { card, host, steps, pins } = this.ports;
    if (rec.state !== 'NEEDS_ADMIN') throw new AppError('RECHARGE_WRONG_STATE', { state: rec.state });
    const order = await host.getOrder(rec.orderId ?? '');
    const read = await card.readIdentity();
    if (read.cardNo !== rec.cardNo) throw new AppError('RECHARGE_CARD_MISMATCH', { expected: rec.cardNo, actual: read.cardNo });
    const probe = await probeCard(card, pins, rec, loadKeyIndex(read.cardVersion, this.settings.loadKeys));
    const authorized = steps.events(rec.id).filter((e) => e.state === 'AUTHORIZED').at(-1);
    let kind: 'LOADED' | 'NOT_LOADED' | 'UNCLEAR';
    let reason: string;
    let record: Parameters<typeof evidenceOf>[1] = null;
    let attempt: { serial: number; newBalanceFen: number } | null = null;
    if (authorized) {
      const a = attemptOf(authorized.data, rec);
      const v = decideLoad(a, probe, order.status);
      kind = v.kind === 'CONTRADICTION' ? 'UNCLEAR' : v.kind;
      reason = v.reason;
      record = v.kind === 'LOADED' ? v.record : null;
      attempt = { serial: a.onlineSerial, newBalanceFen: a.oldBalanceFen + a.amountFen };
    } else {
      const v = decideElsewhere(rec.amountFen, beijingStamp(order.paidAt ?? order.createdAt), probe.log);
      kind = v.kind;
      reason = v.reason;
      record = v.kind === 'LOADED' ? v.record : null;
    }
    const evidence = evidenceOf(probe, record);
    const base = {
      resolution: true, by: by.operatorId, note: by.note, verdict: kind, reason, evidence, hostStatus: order.status, previousError: rec.error,
    };
    const unresolved = (why: string, params: Record<string, string | number> = {}, extra: Record<string, unknown> = {}): Resolved => ({
      record: steps.step(rec.id, 'NEEDS_ADMIN', { ...base, recheck: true, outcome: 'UNRESOLVED', ...extra }),
      outcome: 'UNRESOLVED', reason: why, reasonParams: params,
    });
    if (kind === 'UNCLEAR') return unresolved('ADMIN_UNRESOLVED', { reason });
    if (kind === 'LOADED') return this.loaded(rec, order, { base, evidence, attempt, unresolved });
    if (order.status !== 'PAID' && order.status !== 'UNLOADED' && order.status !== 'REFUNDING' && order.status !== 'REFUNDED') {
      return unresolved('ADMIN_HOST_STATUS_WRONG', { hostStatus: order.status });
    }
    let told: HostOrder = order;
    try {
      told = await host.markUnloaded(rec.orderId ?? '', { evidence });
    } catch (e) {
      if (!(e instanceof HostRejectedError)) throw e;
      return unresolved('ADMIN_HOST_STILL_REFUSES', { hostCode: e.hostCode }, { hostRefused: e.params });
    }
    const unloaded = steps.step(rec.id, 'UNLOADED', { ...base, outcome: 'UNLOADED' }, { error: null });
    // Refunded meanwhile (or being refunded): the journal follows the host at once (§3a).
    return { record: journalHostWord(steps, unloaded, told) ?? unloaded, outcome: 'UNLOADED', reason: 'ADMIN_RESOLVED_UNLOADED', reasonParams: {} };
  }

  private async loaded(
    rec: RechargeRecord, order: HostOrder,
    o: {
      base: Record<string, unknown>; evidence: CardEvidence; attempt: { serial: number; newBalanceFen: number } | null;
      unresolved: (why: string, p?: Record<string, string | number>, x?: Record<string, unknown>) => Resolved;
    },
  ): Promise<Resolved> {
    const { card, host, steps } = this.ports;
    if (order.status === 'REFUNDING' || order.status === 'REFUNDED') return o.unresolved('ADMIN_HOST_STILL_REFUNDED', { hostStatus: order.status });
    const expected = o.attempt?.newBalanceFen ?? rec.balanceAfterFen ?? rec.balanceBeforeFen + rec.amountFen;
    if (order.status !== 'LOADED') {
      // Loaded by a MAC2 this journal never held: only the host can match it, and it does not say LOADED.
      if (o.attempt === null) return o.unresolved('ADMIN_HOST_STATUS_WRONG', { hostStatus: order.status });
      const tac = await proveTac(card, o.attempt.serial);
      const req = { onlineSerial: o.attempt.serial, newBalanceFen: expected, tac, evidence: tac ? null : o.evidence };
      try {
        await host.confirm(rec.orderId ?? '', req);
      } catch (e) {
        if (!isAppError(e, 'HOST_REJECTED')) throw e;
        const code = e instanceof HostRejectedError ? e.hostCode : e.code;
        return o.unresolved('ADMIN_HOST_STILL_REFUSES', { hostCode: code }, { hostRefused: e.params, request: req });
      }
    }
    const confirmed = steps.step(rec.id, 'CONFIRMED', { ...o.base, outcome: 'CONFIRMED' }, { balanceAfterFen: expected, error: null });
    const now = confirmed.balanceAfterFen === o.evidence.balanceFen
      ? steps.step(rec.id, 'VERIFIED', { balanceFen: o.evidence.balanceFen }) : confirmed;
    return { record: now, outcome: 'CONFIRMED', reason: 'ADMIN_RESOLVED_LOADED', reasonParams: {} };
  }
}
