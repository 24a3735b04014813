import { AppError } from '../../contract/errors';
import type { RechargeRecord } from '../../contract/recharge';
import type { CardIdentity } from '../card/port';
import type { HostLink } from '../host/port';
import type { CardLoad } from './card-load';
import type { RechargeJournal } from './journal-steps';
import type { Payment } from './payment';
import type { PosPayment } from './pos-payment';

export interface ResumePorts {
  host: Pick<HostLink, 'getOrder'>;
  journal: RechargeJournal;
  payment: Pick<Payment, 'closeUnpaid' | 'refreshPayment'>;
  /** A POS recharge left at READ is finished by asking the POS or ordering its slip, never by closing it. */
  pos: Pick<PosPayment, 'resumeRead'>;
  cardLoad: Pick<CardLoad, 'readSameCardWithBalance' | 'load' | 'writeCard' | 'resumeAuthorized' | 'resumeWritten' | 'repairLoad'>;
}

export interface ResumeSettings {
  terminalId: string;
  training: boolean;
  /** Why this card may not be loaded today (account card, expired …) as an i18n code, or null. */
  refusal: (card: CardIdentity) => string | null;
}

/**
 * Finishing what was left (docs/architecture.md §2 rule 5): each non-final state goes on from where the
 * journal stopped, and a load that may have reached the card is decided from the card
 * (docs/card-protocol.md §4). Also 圈存 of a paid host order this journal does not hold.
 */
export class Resume {
  constructor(private readonly ports: ResumePorts, private readonly settings: ResumeSettings) {}

  async resume(rec: RechargeRecord): Promise<RechargeRecord> {
    const { payment, cardLoad } = this.ports;
    switch (rec.state) {
      case 'READ': { // the order may exist (its answer lost): close it — unless a POS slip paid it
        if (rec.channel !== 'pos') return payment.closeUnpaid(rec);
        const now = await this.ports.pos.resumeRead(rec);
        return now.state === 'PAID' ? cardLoad.load(now) : now;
      }
      case 'ORDERED': {
        const now = await payment.refreshPayment(rec);
        return now.state === 'PAID' ? cardLoad.load(now) : now;
      }
      case 'PAID':
      case 'INIT': // nothing reached the card at INIT; a fresh INIT gets a fresh MAC2
        return cardLoad.load(rec);
      case 'AUTHORIZED':
        return cardLoad.resumeAuthorized(rec);
      case 'WRITTEN':
        return cardLoad.resumeWritten(rec);
      case 'UNLOADED': // 圈存: load a recharge proven not on the card
        return cardLoad.repairLoad(rec);
      case 'NEEDS_ADMIN':
        throw new AppError('RECHARGE_NEEDS_ADMIN');
      case 'CONFIRMED':
      case 'VERIFIED':
      case 'CANCELLED':
        return rec; // nothing left to do
      default:
        return rec; // a state this version does not know (a newer journal): leave it untouched
    }
  }

  /**
   * 圈存 of a paid host order: one the journal holds is resumed; otherwise, with its card in the reader,
   * it is adopted into the journal (ORDERED, PAID) and loaded with this terminal's own INIT and MAC2.
   */
  async adoptHostOrder(orderId: string, operatorId: string): Promise<RechargeRecord> {
    const { host, journal, cardLoad } = this.ports;
    const order = await host.getOrder(orderId);
    const known = journal.find(order.clientOrderId);
    if (known) return this.resume(known);
    if (order.status !== 'PAID' && order.status !== 'UNLOADED') {
      throw new AppError('RECHARGE_HOST_ORDER_NOT_LOADABLE', { orderId, status: order.status });
    }
    const card = await cardLoad.readSameCardWithBalance(order.cardNo);
    const refusal = this.settings.refusal(card);
    if (refusal) throw new AppError(refusal);
    const rec = journal.create({
      id: order.clientOrderId, training: this.settings.training, terminalId: this.settings.terminalId, operatorId,
      cardNo: card.cardNo, plate: card.plate, plateColor: card.plateColor, amountFen: order.amountFen,
      channel: order.channel, balanceBeforeFen: card.balanceFen, cardVersion: card.cardVersion, posVoucher: order.posVoucher,
    }, { adoptedFrom: { orderId, terminalId: order.terminalId, hostStatus: order.status } });
    journal.step(rec.id, 'ORDERED', { orderId, adopted: true }, { orderId });
    const paid = journal.step(rec.id, 'PAID', { channelStatus: order.channelStatus, hostStatus: order.status }, { tradeNo: order.tradeNo });
    // The card session of the read above is still open: write it now.
    return cardLoad.writeCard(paid);
  }
}
