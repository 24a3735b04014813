import { AppError } from '../../contract/errors';
import type { ConfirmRequest, HostOrder } from '../../contract/host-api';
import type { RechargeRecord } from '../../contract/recharge';
import type { CardPort, LoadInit } from '../card/port';
import { evidenceOf, probeCard, proveTac } from './card-probe';
import { beijingStamp, decideElsewhere } from './decide';
import type { JournalSteps } from './journal-steps';
import { loadKeyIndex, type LoadKeyIndexes } from '../card/load-key';
import type { PinGate } from './pin-gate';

export interface ElsewherePorts {
  card: Omit<CardPort, 'disconnect'>;
  steps: JournalSteps;
  pins: PinGate;
}

/** What a foreign authorization came to: loaded (confirm it with this), proven absent (UNLOADED), or unclear (NEEDS_ADMIN). */
export type ForeignOutcome =
  | { kind: 'LOADED'; rec: RechargeRecord; confirmation: ConfirmRequest }
  | { kind: 'NOT_LOADED' | 'UNCLEAR'; rec: RechargeRecord };

/**
 * Loads this journal did not authorize (docs/architecture.md §3a): the host says LOADED although no MAC2 of
 * ours was sent, or the host refuses our authorization because another terminal's MAC2 of the order is
 * still live (SERIAL_CHANGED). Both are decided from the card's 0018 log (decide.ts `decideElsewhere`),
 * never by assumption; nothing here sends CREDIT.
 */
export class Elsewhere {
  constructor(private readonly ports: ElsewherePorts, private readonly settings: { loadKeys: LoadKeyIndexes }) {}

  /** The host says LOADED, our journal holds no MAC2 it sent: the card shows that load → CONFIRMED, else NEEDS_ADMIN. */
  async loadedElsewhere(rec: RechargeRecord, order: HostOrder): Promise<RechargeRecord> {
    const { card, steps, pins } = this.ports;
    const read = await card.readIdentity();
    if (read.cardNo !== rec.cardNo) throw new AppError('RECHARGE_CARD_MISMATCH', { expected: rec.cardNo, actual: read.cardNo });
    const probe = await probeCard(card, pins, rec, loadKeyIndex(read.cardVersion, this.settings.loadKeys));
    const verdict = decideElsewhere(rec.amountFen, beijingStamp(order.paidAt ?? order.createdAt), probe.log);
    const evidence = evidenceOf(probe, verdict.kind === 'LOADED' ? verdict.record : null);
    const data = { hostStatus: order.status, verdict: verdict.kind, reason: verdict.reason, evidence, via: 'loaded-elsewhere' };
    if (rec.state === 'READ') steps.step(rec.id, 'ORDERED', { orderId: order.orderId }, { orderId: order.orderId });
    const patch = { tradeNo: order.tradeNo ?? undefined };
    if (verdict.kind === 'LOADED') return steps.step(rec.id, 'CONFIRMED', data, { ...patch, error: 'RECHARGE_LOADED_ELSEWHERE' });
    return steps.step(rec.id, 'NEEDS_ADMIN', data, { ...patch, error: 'RECHARGE_LOADED_ELSEWHERE_UNPROVEN' });
  }

  /**
   * Our INIT is journaled (serial N', in the card session still open) and the host refused the authorization
   * with SERIAL_CHANGED: another terminal's MAC2 at an earlier serial may have loaded the card. Found on the
   * card → the confirmation to send (the record of it is journaled first); proven absent → UNLOADED with the
   * evidence, so that `/unloaded` lets the host void the old MAC2 before our fresh INIT; else NEEDS_ADMIN.
   */
  async foreignAuthorization(rec: RechargeRecord, init: LoadInit, order: HostOrder): Promise<ForeignOutcome> {
    const { card, steps } = this.ports;
    const log = await card.readLog(); // INIT commits nothing; the session stays usable for reads
    const verdict = decideElsewhere(rec.amountFen, beijingStamp(order.paidAt ?? order.createdAt), log);
    const record = verdict.kind === 'LOADED' ? verdict.record : null;
    const evidence = evidenceOf({ balanceFen: init.oldBalanceFen, onlineSerial: init.onlineSerial }, record);
    const data = { foreignAuthorization: true, hostStatus: order.status, verdict: verdict.kind, reason: verdict.reason, evidence };
    if (verdict.kind === 'NOT_LOADED') return { kind: 'NOT_LOADED', rec: steps.step(rec.id, 'UNLOADED', data) };
    if (verdict.kind === 'UNCLEAR') {
      return { kind: 'UNCLEAR', rec: steps.step(rec.id, 'NEEDS_ADMIN', data, { error: 'RECHARGE_FOREIGN_AUTH_UNCLEAR' }) };
    }
    // The card's newest load is that one: its TAC is what PROVE gives for the load at N' − 1.
    const newest = log.find((t) => t.type === 0x02);
    const tac = newest === record ? await proveTac(card, init.onlineSerial - 1) : null;
    const confirmation: ConfirmRequest = {
      onlineSerial: init.onlineSerial - 1, newBalanceFen: init.oldBalanceFen, tac, evidence: tac ? null : evidence,
    };
    // Journaled before the host hears it: a crash here resumes from INIT and finds the same on the card.
    return { kind: 'LOADED', rec: steps.step(rec.id, 'INIT', { ...data, confirmation }), confirmation };
  }
}
