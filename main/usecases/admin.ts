import { isAppError } from '../../contract/errors';
import { evidenceOf, hostStatusOf } from '../../contract/recharge-events';
import type { Actor } from '../auth/audit';
import type { Services } from '../compose/services';
import type { PrintOutcome } from '../print';
import type { AdminOutcome } from '../recharge/api';

/**
 * A supervisor's resolution of 需管理员 (docs/architecture.md §2a), for the window and the command line: the recharge
 * machine's `resolve` input (decided by the card, never typed in), the audit row (`admin-resolve`, with the note, the
 * outcome and what the card and host showed) and the evidence slip — old evidence beside new — printed at once. The
 * resolution stands if the printer fails: the slip can be printed again.
 */
export async function resolveNeedsAdmin(
  s: Pick<Services, 'engine' | 'auth' | 'print'>, actor: Actor, q: { id: string; note: string | null; pin?: string },
): Promise<{ out: AdminOutcome; slip: PrintOutcome | null; slipError: { code: string; message: string } | null }> {
  const before = s.engine.get(q.id);
  const out = await s.engine.resolveAdmin(q.id, { operatorId: actor.operatorId, note: q.note }, { pin: q.pin });
  const last = s.engine.events(q.id).at(-1);
  s.auth.audit.append(actor, {
    action: 'admin-resolve', target: q.id,
    detail: {
      from: before?.state ?? null, to: out.record.state, outcome: out.outcome, note: q.note, cardNo: out.record.cardNo, amountFen: out.record.amountFen,
      hostStatus: last ? hostStatusOf(last.data) : null, evidence: last ? evidenceOf(last.data) : null,
    },
  });
  try {
    const slip = await s.print.printEvidence(out.record, s.engine.events(q.id), { operatorId: actor.operatorId, card: null, hostStatus: null });
    return { out, slip, slipError: null };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { out, slip: null, slipError: { code: e.code, message: e.message } };
  }
}
