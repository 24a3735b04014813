import { createHash } from 'node:crypto';
import { AppError } from '../../contract/errors';
import type { HostOrder } from '../../contract/host-api';
import type { RechargeRecord } from '../../contract/recharge';
import type { CardIdentity } from '../card/port';
import type { HostLink } from '../host/port';
import type { CardLoad } from './card-load';
import type { Elsewhere } from './elsewhere';
import { journalHostWord, nextStep } from './host-status';
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
  elsewhere: Pick<Elsewhere, 'loadedElsewhere'>;
}

export interface ResumeSettings {
  terminalId: string;
  training: boolean;
  /** Why this card may not be loaded today (account card, expired …) as an i18n code, or null. */
  refusal: (card: CardIdentity) => string | null;
  /** Throws DAY_CLOSED when today's 日结 is done: no adoption is dated a closed day. */
  dayOpen?: () => void;
}

/**
 * Finishing what was left (docs/architecture.md §2 rule 5): each non-final state goes on from where the
 * journal stopped, after asking the host where its status decides the next step (§3a, host-status.ts) — a
 * refunded order is never loaded, and `resume` ends it without touching the card. A load that may have
 * reached the card is decided from the card (docs/card-protocol.md §4). Also 圈存 of a paid host order.
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
        if (now.state === 'PAID') return cardLoad.load(now);
        return now.state === 'UNLOADED' ? cardLoad.repairLoad(now) : now;
      }
      case 'PAID':
      case 'INIT': // nothing reached the card at INIT; a fresh INIT gets a fresh MAC2
      case 'UNLOADED': // 圈存: load a recharge proven not on the card
      case 'REFUNDING':
        return this.followHost(rec);
      case 'AUTHORIZED':
        return cardLoad.resumeAuthorized(rec);
      case 'WRITTEN':
        return cardLoad.resumeWritten(rec);
      case 'NEEDS_ADMIN':
        throw new AppError('RECHARGE_NEEDS_ADMIN');
      default:
        return rec; // final (or a state a newer journal knows): nothing left to do
    }
  }

  /** PAID, INIT, UNLOADED, REFUNDING: the host's status first, then (only if the table says so) the card. */
  private async followHost(rec: RechargeRecord): Promise<RechargeRecord> {
    const { host, journal, cardLoad, elsewhere } = this.ports;
    const order = await host.getOrder(rec.orderId ?? '');
    const settled = journalHostWord(journal, rec, order);
    if (settled) return settled.state === 'UNLOADED' ? cardLoad.repairLoad(settled) : settled;
    switch (nextStep(rec.state, order.status)) {
      case 'load': return cardLoad.load(rec);
      case 'repair': return cardLoad.repairLoad(rec);
      case 'probe': return elsewhere.loadedElsewhere(rec, order);
      default: return rec;
    }
  }

  /**
   * 圈存 of a paid host order: one the journal holds is resumed; otherwise, with its card in the reader,
   * it is adopted into the journal (ORDERED, PAID) and loaded with this terminal's own INIT and MAC2 (an
   * earlier terminal's live MAC2 is decided from the card: card-load.ts). A local twin the journal closed
   * (CANCELLED) while the host took the payment is adopted as a new recharge; refunded or loaded, refused.
   */
  async adoptHostOrder(orderId: string, operatorId: string): Promise<RechargeRecord> {
    const { host, journal } = this.ports;
    const order = await host.getOrder(orderId);
    const known = journal.find(order.clientOrderId);
    if (known && known.state !== 'CANCELLED') return this.resume(known);
    const adopted = journal.find(twinId(order.orderId));
    if (adopted) return this.resume(adopted);
    if (known) this.refuseCancelledTwin(known, order);
    if (order.status === 'REFUNDING' || order.status === 'REFUNDED') {
      throw new AppError('RECHARGE_HOST_ORDER_REFUNDED', { orderId, status: order.status });
    }
    if (order.status !== 'PAID' && order.status !== 'UNLOADED') {
      throw new AppError('RECHARGE_HOST_ORDER_NOT_LOADABLE', { orderId, status: order.status });
    }
    return this.adopt(order, operatorId, known);
  }

  private refuseCancelledTwin(twin: RechargeRecord, order: HostOrder): void {
    if (order.status === 'REFUNDING' || order.status === 'REFUNDED') throw new AppError('RECHARGE_TWIN_CANCELLED_REFUNDED', { id: twin.id });
    if (order.status === 'LOADED') throw new AppError('RECHARGE_TWIN_CANCELLED_LOADED', { id: twin.id });
  }

  private async adopt(order: HostOrder, operatorId: string, twin: RechargeRecord | null): Promise<RechargeRecord> {
    const { journal, cardLoad } = this.ports;
    const { orderId } = order;
    this.settings.dayOpen?.();
    const card = await cardLoad.readSameCardWithBalance(order.cardNo);
    const refusal = this.settings.refusal(card);
    if (refusal) throw new AppError(refusal);
    const rec = journal.create({
      id: twin ? twinId(orderId) : order.clientOrderId, training: this.settings.training, terminalId: this.settings.terminalId, operatorId,
      cardNo: card.cardNo, plate: card.plate, plateColor: card.plateColor, amountFen: order.amountFen,
      channel: order.channel, balanceBeforeFen: card.balanceFen, cardVersion: card.cardVersion, posVoucher: order.posVoucher,
    }, { adoptedFrom: { orderId, terminalId: order.terminalId, hostStatus: order.status, ...(twin ? { cancelledTwin: twin.id } : {}) } });
    journal.step(rec.id, 'ORDERED', { orderId, adopted: true }, { orderId, error: twin ? 'RECHARGE_ADOPTED_AFTER_CANCEL' : undefined });
    const paid = journal.step(rec.id, 'PAID', { channelStatus: order.channelStatus, hostStatus: order.status }, { tradeNo: order.tradeNo });
    // The card session of the read above is still open: write it now.
    return cardLoad.writeCard(paid);
  }
}

/**
 * The id a host order gets when its local twin (same clientOrderId) was closed here but the host took the
 * payment: derived from the order id, so adopting it again finds the same recharge (UUID-shaped, version 8).
 */
export function twinId(orderId: string): string {
  const h = createHash('sha256').update(`adopted-after-cancel:${orderId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
