import { AppError, isAppError } from '../../contract/errors';
import type { CardEvidence, ConfirmRequest, HostOrder } from '../../contract/host-api';
import { formatYuan, type Fen } from '../../contract/money';
import type { RechargeRecord } from '../../contract/recharge';
import { isOutcomeUnknown } from '../card/apdu';
import { loadKeyIndex, type LoadKeyIndexes } from '../card/load-key';
import type { CardIdentity, CardPort, LoadInit } from '../card/port';
import { HostRejectedError } from '../host/errors';
import type { HostLink } from '../host/port';
import { evidenceOf, probeCard, proveTac } from './card-probe';
import { decideLoad, type LoadAttempt } from './decide';
import type { Elsewhere } from './elsewhere';
import { journalHostWord, nextStep } from './host-status';
import type { JournalSteps } from './journal-steps';
import type { PinGate } from './pin-gate';

/** What the card steps use of the card, the host and the journal — nothing else. */
export interface CardLoadPorts {
  card: Omit<CardPort, 'disconnect'>;
  host: Pick<HostLink, 'authorize' | 'confirm' | 'getOrder' | 'markUnloaded'>;
  steps: JournalSteps;
  /** Every VERIFY goes through it: the customer's PIN is never burned (pin-gate.ts). */
  pins: PinGate;
  /** Loads this journal did not authorize: another terminal's MAC2 (SERIAL_CHANGED), the host's LOADED. */
  elsewhere: Pick<Elsewhere, 'loadedElsewhere' | 'foreignAuthorization'>;
}

export interface CardLoadSettings {
  /** The load keys INITIALIZE FOR LOAD names: 3DES (01), or SM4 (41) on a dual-algorithm card (card version 5x). */
  loadKeys: LoadKeyIndexes;
  cardMaxBalanceFor(card: { network: string; cardType: number }): Fen;
}

/** What CONFIRM tells the host: the TAC, or where the card cannot give it, the card's own evidence. */
type Confirmation = ConfirmRequest;

/** The host refuses an authorization for an order in a status the §3a table settles (main/recharge/host-status.ts). */
const STATUS_REFUSALS: readonly string[] = ['ORDER_REFUNDING', 'ORDER_REFUNDED', 'ORDER_CLOSED', 'ORDER_NOT_PAID', 'ORDER_LOADED'];

/**
 * Every card step of a recharge: reading the same card again, the load (INIT → AUTHORIZED → CREDIT →
 * WRITTEN → CONFIRMED → VERIFIED), and the decision, from the card, of a load that was interrupted
 * (docs/card-protocol.md §4). CREDIT FOR LOAD is sent only right after AUTHORIZED is durable, and never
 * again for the same MAC2: a load not on the card gets a fresh INIT and a fresh MAC2 (`repairLoad`).
 */
export class CardLoad {
  private creditOutstanding = false;
  /** The version of the card the last `readSameCard` found (0015 byte 9): it picks the load key. */
  private cardVersion = 0;
  /** Who the card the last `readSameCard` found is: its maximum balance follows its issuer and type. */
  private cardKind = { network: '', cardType: 0 };

  constructor(private readonly ports: CardLoadPorts, private readonly settings: CardLoadSettings) {}

  /** True from the moment CREDIT FOR LOAD is sent until its answer (or failure) is in: quitting is refused. */
  get writing(): boolean {
    return this.creditOutstanding;
  }

  /**
   * (Re)connects and reads who the card is (0015 only, docs/card-protocol.md §2); RECHARGE_CARD_MISMATCH
   * unless it is card `cardNo`. The log is read only where a decision needs it (resumeAuthorized).
   */
  async readSameCard(cardNo: string): Promise<CardIdentity> {
    const card = await this.ports.card.readIdentity();
    if (card.cardNo !== cardNo) throw new AppError('RECHARGE_CARD_MISMATCH', { expected: cardNo, actual: card.cardNo });
    this.cardVersion = card.cardVersion;
    this.cardKind = { network: card.network, cardType: card.cardType };
    return card;
  }

  /** `readSameCard` and the balance: for a recharge that is opened from the card now (圈存 of a host order). */
  async readSameCardWithBalance(cardNo: string): Promise<CardIdentity & { balanceFen: Fen }> {
    const card = await this.readSameCard(cardNo);
    return { ...card, balanceFen: await this.ports.card.getBalance() };
  }

  /** The load key for the card just read: SM4 on a dual-algorithm card, else 3DES (main/card/load-key.ts). */
  private get keyIndex(): number {
    return loadKeyIndex(this.cardVersion, this.settings.loadKeys);
  }

  /** PAID (or INIT: nothing reached the card, a fresh INIT gets a fresh MAC2): read the same card, write it. */
  async load(rec: RechargeRecord): Promise<RechargeRecord> {
    await this.readSameCard(rec.cardNo);
    return this.writeCard(rec);
  }

  /**
   * INIT → AUTHORIZED → CREDIT → WRITTEN → CONFIRMED → VERIFIED, with the card already connected by a read.
   * `foreignChecked`: another terminal's MAC2 was dealt with already in this operation (no second round).
   */
  async writeCard(rec: RechargeRecord, foreignChecked = false): Promise<RechargeRecord> {
    const { card, host, steps, pins } = this.ports;
    const cardMaxBalanceFen = this.settings.cardMaxBalanceFor(this.cardKind);
    await pins.verify(card, rec.cardNo, rec.id);
    const { keyIndex, cardVersion } = this;
    const init = await card.initForLoad({ amountFen: rec.amountFen, terminalId: rec.terminalId, keyIndex });
    if (init.oldBalanceFen + rec.amountFen > cardMaxBalanceFen) {
      throw new AppError('RECHARGE_OVER_MAX_BALANCE', {
        max: formatYuan(cardMaxBalanceFen), left: formatYuan(Math.max(0, cardMaxBalanceFen - init.oldBalanceFen)),
      });
    }
    steps.step(rec.id, 'INIT', { ...init, keyIndex, cardVersion }, { onlineSerial: init.onlineSerial, keyVersion: init.keyVersion, algId: init.algId });
    let auth: Awaited<ReturnType<CardLoadPorts['host']['authorize']>>;
    try {
      auth = await host.authorize(rec.orderId ?? '', {
        cardNo: rec.cardNo, onlineSerial: init.onlineSerial, oldBalanceFen: init.oldBalanceFen, amountFen: rec.amountFen,
        random: init.random, keyVersion: init.keyVersion, algId: init.algId, terminalId: rec.terminalId, mac1: init.mac1, cardVersion,
      });
    } catch (e) {
      return this.authorizeRefused(steps.get(rec.id), init, e, foreignChecked);
    }
    // Rule 1: AUTHORIZED is durable before CREDIT leaves this process.
    steps.step(rec.id, 'AUTHORIZED', { ...auth, oldBalanceFen: init.oldBalanceFen, onlineSerial: init.onlineSerial }, {
      hostDateTime: auth.hostDate + auth.hostTime,
    });
    let tac: string;
    this.creditOutstanding = true;
    try {
      ({ tac } = await card.creditForLoad({ hostDate: auth.hostDate, hostTime: auth.hostTime, mac2: auth.mac2 }));
    } catch (e) {
      // Card pulled, no answer, a broken link: nobody knows whether the card committed (docs/card-protocol.md §4).
      if (isOutcomeUnknown(e)) throw new AppError('RECHARGE_WRITE_UNKNOWN', {}, { cause: e });
      // The card refused (9302 …): it stays AUTHORIZED, and resume decides from the card like any other interruption.
      throw e;
    } finally {
      this.creditOutstanding = false;
    }
    const newBalanceFen = init.oldBalanceFen + rec.amountFen;
    steps.step(rec.id, 'WRITTEN', { tac, newBalanceFen }, { tac, balanceAfterFen: newBalanceFen });
    return this.confirmAndVerify(rec, { onlineSerial: init.onlineSerial, newBalanceFen, tac, evidence: null });
  }

  /**
   * The host refused our authorization (nothing was sent to the card but INIT, which commits nothing): a
   * status the §3a table settles (refunded, closed, loaded …), or another terminal's live MAC2 (SERIAL_CHANGED).
   * Anything else leaves the recharge at INIT, to be tried again.
   */
  private async authorizeRefused(rec: RechargeRecord, init: LoadInit, e: unknown, foreignChecked: boolean): Promise<RechargeRecord> {
    const { host, steps, elsewhere } = this.ports;
    if (!(e instanceof HostRejectedError)) throw e;
    const orderId = rec.orderId ?? '';
    if (e.hostCode === 'SERIAL_CHANGED' && !foreignChecked) {
      const out = await elsewhere.foreignAuthorization(rec, init, await host.getOrder(orderId));
      if (out.kind === 'LOADED') return this.confirmAndVerify(out.rec, out.confirmation);
      return out.kind === 'NOT_LOADED' ? this.repairLoad(out.rec, true) : out.rec;
    }
    if (!STATUS_REFUSALS.includes(e.hostCode)) throw e;
    const order = await host.getOrder(orderId);
    const settled = journalHostWord(steps, rec, order);
    if (settled) return settled;
    if (nextStep(rec.state, order.status) === 'probe') return elsewhere.loadedElsewhere(rec, order);
    throw e;
  }

  /** WRITTEN: the card has the load and gave its TAC (or evidence); tell the host again and re-read the balance. */
  async resumeWritten(rec: RechargeRecord): Promise<RechargeRecord> {
    const written = this.ports.steps.lastEventData(rec.id, 'WRITTEN');
    const init = this.ports.steps.lastEventData(rec.id, 'AUTHORIZED');
    return this.confirmAndVerify(rec, {
      onlineSerial: Number(init.onlineSerial), newBalanceFen: Number(written.newBalanceFen),
      tac: typeof written.tac === 'string' ? written.tac : null,
      evidence: (written.evidence as CardEvidence | undefined) ?? null,
    });
  }

  /** docs/card-protocol.md §4: the card was sent CREDIT (or may have been); decide from the card, never resend. */
  async resumeAuthorized(rec: RechargeRecord): Promise<RechargeRecord> {
    const { card, host, steps } = this.ports;
    await this.readSameCard(rec.cardNo);
    const attempt = attemptOf(steps.lastEventData(rec.id, 'AUTHORIZED'), rec);
    // The probe commits nothing; no CREDIT follows it (card-probe.ts).
    const probe = await probeCard(card, this.ports.pins, rec, this.keyIndex);
    const order = rec.orderId ? await host.getOrder(rec.orderId).catch(() => null) : null;
    const verdict = decideLoad(attempt, probe, order?.status ?? null);
    const evidence = evidenceOf(probe, verdict.kind === 'LOADED' ? verdict.record : null);
    const data = { verdict: verdict.kind, reason: verdict.reason, evidence, hostStatus: order?.status ?? null };
    if (verdict.kind === 'CONTRADICTION') return steps.step(rec.id, 'NEEDS_ADMIN', data, { error: 'RECHARGE_NEEDS_ADMIN' });
    if (verdict.kind === 'NOT_LOADED') return this.repairLoad(steps.step(rec.id, 'UNLOADED', data));
    const proof = await proveTac(card, attempt.onlineSerial);
    const newBalanceFen = attempt.oldBalanceFen + attempt.amountFen;
    steps.step(rec.id, 'WRITTEN', { ...data, tac: proof, newBalanceFen }, { tac: proof, balanceAfterFen: newBalanceFen });
    return this.confirmAndVerify(rec, {
      onlineSerial: attempt.onlineSerial, newBalanceFen, tac: proof, evidence: proof ? null : evidence,
    });
  }

  /**
   * UNLOADED (未圈存, proven not on the card): with the same card in the reader, tell the host (it may not have
   * heard if it was down then; telling it again is idempotent), then load it with a fresh INIT and MAC2 —
   * unless the host's answer says otherwise (§3a): refunded or being refunded (never loaded), loaded
   * elsewhere meanwhile (decided from the card), or a contradiction (NEEDS_ADMIN). Unloaded on the host's
   * word alone (no card evidence of ours), the host is asked instead of told.
   */
  async repairLoad(rec: RechargeRecord, foreignChecked = false): Promise<RechargeRecord> {
    const { host, steps, elsewhere } = this.ports;
    const proven = steps.lastEventData(rec.id, 'UNLOADED');
    await this.readSameCard(rec.cardNo);
    const orderId = rec.orderId ?? '';
    const evidence = (proven.evidence as CardEvidence | null | undefined) ?? null;
    let order: HostOrder;
    try {
      order = evidence ? await host.markUnloaded(orderId, { evidence }) : await host.getOrder(orderId);
    } catch (e) {
      if (!(e instanceof HostRejectedError)) throw e;
      // Refused: the order is where `/unloaded` cannot take it (loaded elsewhere, closed …): the table says what now.
      const now = await host.getOrder(orderId);
      if (nextStep(rec.state, now.status) === 'probe') return elsewhere.loadedElsewhere(rec, now);
      const settled = journalHostWord(steps, rec, now);
      if (settled) return settled;
      if (e.hostCode !== 'EVIDENCE_SHOWS_LOADED') throw e;
      return steps.step(rec.id, 'NEEDS_ADMIN', { hostRefused: e.params, evidence }, { error: 'RECHARGE_NEEDS_ADMIN' });
    }
    const settled = journalHostWord(steps, rec, order);
    if (settled) return settled;
    if (nextStep(rec.state, order.status) === 'probe') return elsewhere.loadedElsewhere(rec, order);
    return this.writeCard(rec, foreignChecked);
  }

  private async confirmAndVerify(rec: RechargeRecord, req: Confirmation): Promise<RechargeRecord> {
    const { card, host, steps } = this.ports;
    const { id } = rec;
    let order: HostOrder;
    try {
      order = await host.confirm(rec.orderId ?? '', req);
    } catch (e) {
      // The host has decided against the card's own proof: no retry will change that. A valid TAC on an order
      // the host refunded meanwhile is kept there as loaded-after-refund: the administrator's, with this evidence.
      if (!isAppError(e, 'HOST_REJECTED')) throw e;
      const twice = e instanceof HostRejectedError && e.hostCode === 'ORDER_REFUNDED_BUT_LOADED';
      return steps.step(id, 'NEEDS_ADMIN', { hostRefused: e.params, request: req }, { error: twice ? 'RECHARGE_REFUNDED_BUT_LOADED' : e.code });
    }
    const confirmed = steps.step(id, 'CONFIRMED', { hostStatus: order.status });
    let balance: Fen;
    try {
      balance = await card.getBalance();
    } catch {
      return confirmed; // CONFIRMED is final; the re-read is a courtesy check
    }
    if (balance === req.newBalanceFen) return steps.step(id, 'VERIFIED', { balanceFen: balance });
    return steps.step(id, 'NEEDS_ADMIN', { balanceFen: balance, expectedFen: req.newBalanceFen }, { error: 'RECHARGE_BALANCE_MISMATCH' });
  }
}

/** The attempt the AUTHORIZED event recorded (docs/card-protocol.md §4): what the card is checked against. */
export function attemptOf(auth: Record<string, unknown>, rec: Pick<RechargeRecord, 'amountFen' | 'terminalId'>): LoadAttempt {
  return {
    amountFen: rec.amountFen, oldBalanceFen: Number(auth.oldBalanceFen), onlineSerial: Number(auth.onlineSerial),
    terminalId: rec.terminalId, hostDate: String(auth.hostDate), hostTime: String(auth.hostTime),
  };
}
