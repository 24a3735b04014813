import { AppError } from '../../contract/errors';
import type { SignedInOperator } from '../../contract/ipc';
import type { Services } from '../compose/services';
import type { UseCases } from '../usecases';
import type { Handlers } from './handler';
import type { PaymentWatch } from './payment-watch';
import type { CallContext, CounterSession } from './session';

type ChannelCalls = 'rechargePayCode' | 'rechargePos' | 'trainingPosSlip';

export interface ChannelDeps {
  uc: UseCases;
  s: Services;
  session: CounterSession;
  watch: PaymentWatch;
  signedIn(ctx?: CallContext): SignedInOperator;
  viaHost<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The payment step's other channels (docs/pos.md, docs/architecture.md §3b): the customer's payment code
 * and the POS bank card. Each opens the wizard's recharge itself (no QR order before it); a payment code
 * the customer still confirms on the phone is watched like a QR order.
 */
export function channelHandlers({ uc, s, session, watch, signedIn, viaHost }: ChannelDeps): Pick<Handlers, ChannelCalls> {
  return {
    async rechargePayCode({ amountFen, authCode }, ctx) {
      const r = await viaHost(() => uc.recharge.payWithCode(signedIn(ctx), { amountFen, authCode }));
      session.activeRechargeId = r.id;
      watch.watch(r);
      return r;
    },
    async rechargePos({ amountFen, slip }, ctx) {
      const r = await viaHost(() => uc.recharge.payByPos(signedIn(ctx), { amountFen, slip }));
      session.activeRechargeId = r.id;
      return r;
    },
    async trainingPosSlip({ amountFen }) {
      if (!s.training) throw new AppError('TRAINING_ONLY');
      return s.training.posSlip(amountFen);
    },
  };
}
