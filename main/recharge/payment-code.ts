import { createHash } from 'node:crypto';
import { AppError, isAppError } from '../../contract/errors';
import { formatYuan, type Fen } from '../../contract/money';
import { channelOfAuthCode, maskAuthCode } from '../../contract/payment-code';
import { BLOCKING_STATES, type RechargeRecord } from '../../contract/recharge';
import { HostRejectedError } from '../host/errors';
import type { HostLink } from '../host/port';
import type { RechargeJournal } from './journal-steps';
import type { Payment } from './payment';

export interface PaymentCodePorts {
  payment: Pick<Payment, 'open' | 'createOrder' | 'closeUnpaid' | 'refreshPayment'>;
  journal: RechargeJournal;
  host: Pick<HostLink, 'micropay'>;
}

/**
 * The recharge id of a payment code at this terminal: a UUID-shaped digest of terminal and code. It is the
 * host order's idempotency key too, so the same code — scanned twice, sent again after a lost answer, or
 * after a restart — always meets the same recharge and the same order, and is never charged twice.
 */
export function codeRechargeId(terminalId: string, code: string): string {
  const h = createHash('sha256').update(`etc-counter/pay-code/${terminalId.toUpperCase()}/${code}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * 付款码: the customer shows the code on the phone, the counter's scanner types it (docs/architecture.md
 * §3b). Its channel comes from its shape (contract/payment-code.ts); a code of no known shape is refused
 * before anything is read, journaled or ordered. Then the same states as a QR payment: READ, ORDERED
 * (the code is journaled, masked, before it is sent), PAID — or ORDERED while the customer confirms on the
 * phone (the engine's long poll sees the payment), or CANCELLED when the channel refuses the code.
 */
export class PaymentCode {
  constructor(private readonly ports: PaymentCodePorts, private readonly settings: { terminalId: string }) {}

  async start(input: { amountFen: Fen; authCode: string; operatorId: string }): Promise<RechargeRecord> {
    const code = input.authCode.trim();
    const channel = channelOfAuthCode(code);
    if (!channel) throw new AppError('AUTH_CODE_INVALID');
    const id = codeRechargeId(this.settings.terminalId, code);
    const known = this.ports.journal.find(id);
    if (known) return this.again(known, code, input.amountFen);
    const authCodeMasked = maskAuthCode(code);
    const rec = await this.ports.payment.open({ id, amountFen: input.amountFen, channel, operatorId: input.operatorId, authCodeMasked }, { authCode: authCodeMasked });
    return this.send(await this.ports.payment.createOrder(rec, rec.balanceBeforeFen), code);
  }

  /** The same code again: carry on with its recharge (the host answers a code it has seen with its first outcome). */
  private async again(known: RechargeRecord, code: string, amountFen: Fen): Promise<RechargeRecord> {
    const used = () => new AppError('AUTH_CODE_USED', { id: known.id, amount: formatYuan(known.amountFen) });
    if (known.amountFen !== amountFen) throw used();
    if (known.state === 'READ') return this.send(await this.ports.payment.createOrder(known, known.balanceBeforeFen), code);
    if (known.state === 'ORDERED') return this.send(known, code);
    if (BLOCKING_STATES.includes(known.state)) return known; // paid, being loaded: the wizard goes on with it
    throw used();
  }

  /** ORDERED: journals the (masked) code, then sends it; PAID, still ORDERED (the customer confirms), or CANCELLED on a refusal. */
  private async send(rec: RechargeRecord, code: string): Promise<RechargeRecord> {
    const { journal, host, payment } = this.ports;
    journal.step(rec.id, 'ORDERED', { micropay: 'sent', authCode: maskAuthCode(code) });
    let order;
    try {
      order = await host.micropay(rec.orderId ?? '', { authCode: code });
    } catch (e) {
      // A lost answer leaves it ORDERED: the long poll sees what the host did, and a new scan asks again (idempotent).
      if (!(e instanceof HostRejectedError) || e.status === 401) throw e;
      journal.step(rec.id, 'ORDERED', { micropay: 'refused', hostCode: e.hostCode, message: e.hostMessage }, { error: e.hostCode });
      try {
        await payment.closeUnpaid(journal.get(rec.id));
      } catch (closeError) {
        if (isAppError(closeError, 'RECHARGE_ALREADY_PAID')) return journal.get(rec.id); // paid meanwhile (another code, a QR)
        throw closeError;
      }
      throw new AppError('AUTH_CODE_REFUSED', { reason: e.hostMessage });
    }
    if (order.status === 'AWAITING_PAYMENT') {
      return journal.step(rec.id, 'ORDERED', { micropay: 'waiting', channelStatus: order.channelStatus });
    }
    return payment.refreshPayment(journal.get(rec.id), order);
  }
}
