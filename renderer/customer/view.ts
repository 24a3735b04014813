import type { CustomerPlate, CustomerView } from '../../contract/customer';
import type { Fen } from '../../contract/money';
import type { PayChannel, RechargeRecord } from '../../contract/recharge';

/** What the customer view is made of: the wizard's state (renderer/stores/recharge.ts) and the session's. */
export interface CustomerViewInput {
  step: 'read' | 'amount' | 'pay' | 'write' | 'result';
  confirming: boolean;
  amountFen: Fen | null;
  card: { card: { plate: string; plateColor: number } } | null;
  record: RechargeRecord | null;
  method: 'qr' | 'code' | 'pos';
  channel: Extract<PayChannel, 'wechat' | 'alipay'>;
  training: boolean;
  /** Signed in and not idle-locked: otherwise the customer sees the welcome, nothing of the last customer. */
  open: boolean;
}

const LOADED = ['CONFIRMED', 'VERIFIED'];
const ON_THE_WAY = ['PAID', 'INIT', 'AUTHORIZED', 'WRITTEN'];

/**
 * The customer display's view of the wizard (docs/ui.md "Customer display"): the amount to confirm, how to
 * pay, 请勿拔卡 while the card is written, then the balances. Nothing while the clerk types, reads a card or
 * works elsewhere; never an error text, an id or anything else of the clerk's screen.
 */
export function customerViewOf(w: CustomerViewInput): CustomerView {
  const training = w.training;
  if (!w.open) return { screen: 'idle', training };
  const r = w.record;
  const plate: CustomerPlate | null = r ? { plate: r.plate, color: r.plateColor } : w.card ? { plate: w.card.card.plate, color: w.card.card.plateColor } : null;
  switch (w.step) {
    case 'amount':
      return w.confirming && w.amountFen !== null ? { screen: 'confirm', amountFen: w.amountFen, plate, training } : { screen: 'idle', training };
    case 'pay': {
      if (r && ON_THE_WAY.includes(r.state)) return { screen: 'loading', amountFen: r.amountFen, plate, training };
      const amountFen = r?.amountFen ?? w.amountFen;
      if (amountFen === null) return { screen: 'idle', training };
      if (w.method === 'qr' || (r && r.qrPayload)) {
        const channel = r && (r.channel === 'wechat' || r.channel === 'alipay') ? r.channel : w.channel;
        return { screen: 'pay', way: 'qr', channel, qrPayload: r?.qrPayload ?? null, amountFen, plate, training };
      }
      return { screen: 'pay', way: w.method, channel: null, qrPayload: null, amountFen, plate, training };
    }
    case 'write':
      return r ? { screen: 'loading', amountFen: r.amountFen, plate, training } : { screen: 'idle', training };
    case 'result':
      if (!r) return { screen: 'idle', training };
      if (LOADED.includes(r.state) && r.balanceAfterFen !== null) {
        return { screen: 'done', amountFen: r.amountFen, balanceBeforeFen: r.balanceBeforeFen, balanceAfterFen: r.balanceAfterFen, plate, training };
      }
      return { screen: 'not-done', amountFen: r.amountFen, training };
    default:
      return { screen: 'idle', training };
  }
}
