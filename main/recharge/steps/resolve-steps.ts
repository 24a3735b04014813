import { AppError } from '../../../contract/errors';
import { t } from '../../../contract/i18n';
import type { HostOrder } from '../../../contract/host-api';
import { decisionData, type StepData } from '../../../contract/recharge-events';
import { HostRejectedError } from '../../host/errors';
import { evidenceOf, probeCard, proveTac } from '../card-probe';
import { beijingStamp, decideElsewhere, decideLoad } from '../decide';
import { lastOf } from '../journal-steps';
import { attemptOf } from './card-steps';
import { learn, type StepCtx, type StepEnd } from './context';
import { keyIndexOf, readSameCard } from './load-steps';

/**
 * Resolving 需管理员 (docs/architecture.md §2a), a supervisor's input once the issuer's administrator has corrected the
 * host's record. The supervisor presents the card; it is probed exactly as an interrupted load is (never CREDIT) and
 * the outcome is what the card shows, never what anyone types: on the card → CONFIRMED (the host told with the TAC or
 * the evidence); proven absent → UNLOADED (then 圈存 or the refund); otherwise it stays NEEDS_ADMIN with the new
 * evidence, so the evidence slip shows old and new side by side. The audit row is the use case's.
 */

/** The card and the host, as at a referral: the AUTHORIZED attempt decides where there is one, else the 0018 log. */
export async function resolveProbe(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const order = await ports.host.getOrder(rec.orderId ?? '');
  const identity = await readSameCard(ctx);
  const seen = await probeCard(ports.card, ports.pins, rec, keyIndexOf(ctx, identity));
  const authorized = lastOf(ports.journal.events(rec.id), 'authorized');
  let kind: 'LOADED' | 'NOT_LOADED' | 'UNCLEAR';
  let reason: string;
  let record = null;
  if (authorized) {
    const v = decideLoad(attemptOf(ctx), seen, order.status);
    kind = v.kind === 'CONTRADICTION' ? 'UNCLEAR' : v.kind;
    reason = v.reason;
    record = v.kind === 'LOADED' ? v.record : null;
  } else {
    const v = decideElsewhere(rec.amountFen, beijingStamp(order.paidAt ?? order.createdAt), seen.log);
    kind = v.kind;
    reason = v.reason;
    record = v.kind === 'LOADED' ? v.record : null;
  }
  learn(run, {
    order, host: order.status, probe: seen, decision: { verdict: kind, reason, evidence: evidenceOf(seen, record), record },
    card: kind === 'LOADED' ? 'loaded' : kind === 'NOT_LOADED' ? 'not-loaded' : 'unclear',
  });
}

/** The card shows the load: the host is told where it does not say LOADED yet → CONFIRMED (VERIFIED when the balance agrees). */
export async function resolveLoaded(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const d = decision(ctx);
  const order = hostOrder(ctx);
  const authorized = lastOf(ports.journal.events(rec.id), 'authorized');
  const attempt = authorized ? attemptOf(ctx) : null;
  const expected = attempt ? attempt.oldBalanceFen + attempt.amountFen : rec.balanceAfterFen ?? rec.balanceBeforeFen + rec.amountFen;
  if (order.status !== 'LOADED') {
    // Loaded by a MAC2 this journal never held: only the host can match it, and it does not say LOADED.
    if (!attempt) return unresolved(ctx, 'ADMIN_HOST_STATUS_WRONG', { hostStatus: t(`HOST_ORDER_STATUS_${order.status}`) });
    const tac = await proveTac(ports.card, attempt.onlineSerial);
    const req = { onlineSerial: attempt.onlineSerial, newBalanceFen: expected, tac, evidence: tac ? null : d.evidence };
    try {
      await ports.host.confirm(rec.orderId ?? '', req);
    } catch (e) {
      if (!(e instanceof HostRejectedError)) throw e;
      return unresolved(ctx, 'ADMIN_HOST_STILL_REFUSES', { hostCode: e.hostCode });
    }
  }
  ports.journal.step(rec.id, 'CONFIRMED', resolution(ctx, 'CONFIRMED'), { balanceAfterFen: expected, error: null });
  if (expected === d.evidence.balanceFen) ports.journal.step(rec.id, 'VERIFIED', { step: 'verified', balanceFen: d.evidence.balanceFen });
  run.resolved = { outcome: 'CONFIRMED', reason: 'ADMIN_RESOLVED_LOADED', params: {} };
}

/** The card proves the load absent: `/unloaded` → UNLOADED; a refund the host has started follows at once (§3a). */
export async function resolveUnloaded(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports } = ctx;
  const d = decision(ctx);
  let told: HostOrder;
  try {
    told = await ports.host.markUnloaded(rec.orderId ?? '', { evidence: d.evidence });
  } catch (e) {
    if (!(e instanceof HostRejectedError)) throw e;
    return unresolved(ctx, 'ADMIN_HOST_STILL_REFUSES', { hostCode: e.hostCode });
  }
  ports.journal.step(rec.id, 'UNLOADED', resolution(ctx, 'UNLOADED'), { error: null });
  learn(run, { order: told, host: told.status });
  run.resolved = { outcome: 'UNLOADED', reason: 'ADMIN_RESOLVED_UNLOADED', params: {} };
}

/** Neither settled it: the re-check is journaled with the new evidence; the recharge stays NEEDS_ADMIN. */
export async function resolveUnresolved(ctx: StepCtx): Promise<StepEnd> {
  const d = ctx.run.decision;
  const status = ctx.run.host;
  if (d?.verdict === 'UNCLEAR' || d?.verdict === 'CONTRADICTION' || !d) return unresolved(ctx, 'ADMIN_UNRESOLVED', { reason: d?.reason ?? '' });
  if (d.verdict === 'LOADED' && (status === 'REFUNDING' || status === 'REFUNDED')) return unresolved(ctx, 'ADMIN_HOST_STILL_REFUNDED', { hostStatus: t(`HOST_ORDER_STATUS_${status}`) });
  return unresolved(ctx, 'ADMIN_HOST_STATUS_WRONG', { hostStatus: status === 'unasked' || status === 'none' ? '' : t(`HOST_ORDER_STATUS_${status}`) });
}

function unresolved(ctx: StepCtx, why: string, params: Record<string, string | number>): StepEnd {
  ctx.ports.journal.step(ctx.rec.id, 'NEEDS_ADMIN', resolution(ctx, 'UNRESOLVED'));
  ctx.run.resolved = { outcome: 'UNRESOLVED', reason: why, params };
}

function resolution(ctx: StepCtx, outcome: 'CONFIRMED' | 'UNLOADED' | 'UNRESOLVED'): StepData<'decision'> {
  const d = decision(ctx);
  const by = ctx.run.args.resolveBy ?? { operatorId: '', note: null };
  const verdict = d.verdict === 'CONTRADICTION' ? 'UNCLEAR' : d.verdict;
  const status = ctx.run.host;
  return decisionData('resolution', {
    verdict, reason: d.reason, evidence: d.evidence, hostStatus: status === 'unasked' || status === 'none' ? null : status,
    resolution: { by: by.operatorId, note: by.note, outcome, previousError: ctx.rec.error },
  });
}

function decision(ctx: StepCtx): NonNullable<StepCtx['run']['decision']> {
  if (!ctx.run.decision) throw new AppError('INTERNAL', { detail: 'a resolution step without the card\'s decision' });
  return ctx.run.decision;
}

function hostOrder(ctx: StepCtx): HostOrder {
  if (!ctx.run.order) throw new AppError('INTERNAL', { detail: 'a resolution step without the host\'s order' });
  return ctx.run.order;
}

