import { isAppError } from '../../contract/errors';
import type { Fen } from '../../contract/money';
import type { PosSlipEntry } from '../../contract/pos';
import type { PayChannel, RechargeRecord } from '../../contract/recharge';
import type { Actor } from '../auth/audit';
import type { Services } from '../compose/services';
import { refundOf } from '../recharge/host-status';

/**
 * The counter's use cases of a recharge (docs/architecture.md §1): what the window (main/ipc) and the command line
 * (main/cli) both do, written once. Each is an input to the recharge machine (main/recharge), run in its one line;
 * the audit rows a use case owes are written here and nowhere else. Transport — who is signed in at which window,
 * the wizard's active recharge, the payment watch, the host light — stays with the caller.
 */
export type RechargeUseCases = ReturnType<typeof rechargeUseCases>;

type Deps = Pick<Services, 'engine' | 'auth'>;

/** How a use case that touches the card ended for one recharge (the command line's `resume` lists them). */
export interface Finished { id: string; record: RechargeRecord | null; error: unknown }

export function rechargeUseCases({ engine, auth }: Deps) {
  /** Finishing a recharge another operator started is allowed, and audited — here, for every caller. */
  function auditIfOthers(r: RechargeRecord, actor: Actor, via: 'load' | 'resume'): void {
    if (r.operatorId === actor.operatorId) return;
    auth.audit.append(actor, {
      action: 'resume-other', target: r.id, detail: { owner: r.operatorId, state: r.state, via, cardNo: r.cardNo, amountFen: r.amountFen },
    });
  }
  function known(id: string): RechargeRecord | null {
    return engine.get(id);
  }

  return {
    readCard: () => engine.readCard(),
    start: (actor: Actor, q: { amountFen: Fen; channel: PayChannel }) => engine.start({ ...q, operatorId: actor.operatorId }),
    payWithCode: (actor: Actor, q: { amountFen: Fen; authCode: string }) => engine.payWithCode({ ...q, operatorId: actor.operatorId }),
    payByPos: (actor: Actor, q: { amountFen: Fen; slip?: PosSlipEntry }) => engine.payByPos({ ...q, operatorId: actor.operatorId }),
    checkPayment: (id: string) => engine.checkPayment(id),
    cancel: (id: string) => engine.cancel(id),

    /** 圈存 of a paid recharge (the wizard's 写卡). */
    load(actor: Actor, id: string, pin?: string): Promise<RechargeRecord> {
      const r = known(id);
      if (r) auditIfOthers(r, actor, 'load');
      return engine.load(id, { pin });
    },

    /** 继续 in 待处理, 圈存 from 充值记录: finish from wherever the journal stopped. */
    resume(actor: Actor, id: string, pin?: string): Promise<RechargeRecord> {
      const r = known(id);
      if (r) auditIfOthers(r, actor, 'resume');
      return engine.resume(id, { pin });
    },

    /** 圈存 of a paid host order this journal does not hold (adopted, then loaded). */
    adopt: (actor: Actor, orderId: string, pin?: string) => engine.adoptHostOrder(orderId, actor.operatorId, { pin }),

    /**
     * `resume` for everything unfinished (the command line, nobody at the counter to show a QR code): each recharge
     * is finished as far as it can be; one still awaiting payment is then closed — unless the customer paid after all.
     */
    async resumeAll(actor: Actor): Promise<Finished[]> {
      const out: Finished[] = [];
      for (const pending of engine.pending()) {
        try {
          auditIfOthers(pending, actor, 'resume');
          let rec = await engine.resume(pending.id);
          if (rec.state === 'ORDERED') {
            rec = await engine.cancel(rec.id).catch(async (e: unknown) => {
              if (isAppError(e, 'RECHARGE_ALREADY_PAID')) return engine.resume(pending.id);
              if (isAppError(e, 'RECHARGE_ALREADY_REFUNDED')) return engine.get(pending.id) ?? rec;
              throw e;
            });
          }
          out.push({ id: pending.id, record: rec, error: null });
        } catch (e) {
          out.push({ id: pending.id, record: engine.get(pending.id), error: e });
        }
      }
      return out;
    },

    /**
     * 待处理: every unfinished recharge; 退款中 ones are asked of the host first (REFUNDED ends them, no card involved;
     * offline, as they were), and carry the expected date the journal last heard.
     */
    async pending() {
      for (const r of engine.pending().filter((p) => p.state === 'REFUNDING')) {
        await engine.resume(r.id).catch(() => undefined);
      }
      return engine.pending().map((r) => ({ ...r, refund: r.state === 'REFUNDING' ? refundOf(engine.events(r.id)) : null }));
    },
  };
}
