import { AppError, isAppError } from '../../../contract/errors';
import { t } from '../../../contract/i18n';
import type { PosTerminal, PosOutcome } from '../../pos/port';
import { localStamp } from '../../paper/html';
import { lastOf } from '../journal-steps';
import type { StepCtx, StepEnd } from './context';

/**
 * The integrated MIS-POS (docs/pos.md): the charge, journaled as an intent with its deadline before it goes to the
 * POS, and the POS's answer journaled after — whatever has become of the recharge meanwhile. A charge whose answer is
 * not known is asked after by our recharge id, never charged again, and a "not found" before the POS's sale timeout
 * has passed is no answer: the customer may still be at the PIN pad.
 */

/** READ: charge the amount on the POS; the customer pays there while the counter's line is free for others. */
export async function posCharge(ctx: StepCtx): Promise<StepEnd> {
  const { rec, run, ports, line } = ctx;
  const pos = terminal(ctx, true);
  const due = new Date(ports.clock.now().getTime() + ports.settings.posSaleTimeoutMs).toISOString();
  ports.journal.step(rec.id, 'READ', { step: 'intent', action: 'pos-charge', deadline: due, amountFen: rec.amountFen, authCode: null });
  run.posCharge = 'open';
  let outcome: PosOutcome;
  try {
    outcome = await line.outside(() => pos.charge({ orderRef: rec.id, amountFen: rec.amountFen }));
  } catch (e) {
    return unknown(ctx, e);
  }
  return settle(ctx, outcome);
}

/** READ with a charge whose outcome is not known: ask the POS what became of it (by our recharge id). */
export async function posQuery(ctx: StepCtx): Promise<StepEnd> {
  const { rec, ports, line } = ctx;
  const pos = terminal(ctx, false);
  let outcome: PosOutcome | null;
  try {
    outcome = await line.outside(() => pos.query(rec.id));
  } catch (e) {
    return unknown(ctx, e);
  }
  if (outcome) return settle(ctx, outcome);
  const due = lastOf(ports.journal.events(rec.id), 'intent');
  const until = due?.action === 'pos-charge' && due.deadline ? Date.parse(due.deadline) : 0;
  if (ports.clock.now().getTime() < until) {
    // Not found yet is not "never charged": the POS may still be waiting for the customer's PIN.
    return { end: true, error: new AppError('POS_OUTCOME_PENDING', { until: localStamp(new Date(until).toISOString()).slice(11, 16) }) };
  }
  ports.journal.step(rec.id, 'CANCELLED', { step: 'pos', outcome: 'not-found', answerCode: null, message: null, voucher: null, error: null });
  return undefined;
}

/**
 * The POS's answer, journaled: a decline ends the recharge CANCELLED (nothing charged); an approval puts its slip on
 * it — or, for a recharge that has moved on meanwhile, is journaled there as owed (to void on the POS), never dropped.
 */
function settle(ctx: StepCtx, outcome: PosOutcome): StepEnd {
  const { rec, run, ports } = ctx;
  const now = ports.journal.get(rec.id);
  run.posCharge = 'none';
  if (outcome.kind === 'declined') {
    if (now.state === 'READ') {
      ports.journal.step(rec.id, 'CANCELLED', { step: 'pos', outcome: 'declined', answerCode: outcome.answerCode, message: outcome.message, voucher: null, error: 'POS_DECLINED' }, { error: 'POS_DECLINED' });
    }
    return { end: true, error: new AppError('POS_DECLINED', { code: outcome.answerCode, message: outcome.message }) };
  }
  if (now.state !== 'READ') {
    ports.journal.step(rec.id, now.state, { step: 'pos', outcome: 'owed', answerCode: outcome.answerCode, message: null, voucher: outcome.voucher, error: 'POS_VOID_NEEDED' }, {
      posVoucher: outcome.voucher, error: 'POS_VOID_NEEDED',
    });
    return { end: true, error: new AppError('POS_VOID_NEEDED', { reason: t('POS_OWED_LATE'), voucherNo: outcome.voucher.voucherNo }) };
  }
  ports.journal.step(rec.id, 'READ', { step: 'pos', outcome: 'approved', answerCode: outcome.answerCode, message: null, voucher: outcome.voucher, error: null }, { posVoucher: outcome.voucher });
  run.slip = true;
  return undefined;
}

/** The POS could not be asked or did not answer: the outcome stays unknown (READ), for the next query. */
function unknown(ctx: StepCtx, e: unknown): StepEnd {
  const code = isAppError(e) ? e.code : 'INTERNAL';
  ctx.ports.journal.step(ctx.rec.id, 'READ', { step: 'pos', outcome: 'unknown', answerCode: null, message: null, voucher: null, error: code }, { error: code });
  if (isAppError(e)) return { end: true, error: e };
  throw e;
}

function terminal(ctx: StepCtx, charging: boolean): PosTerminal {
  if (charging && ctx.ports.settings.posMode !== 'mis') throw new AppError('POS_MODE_NOT', { mode: 'mis' });
  if (!ctx.ports.pos) throw new AppError('POS_NOT_CONNECTED');
  return ctx.ports.pos;
}
