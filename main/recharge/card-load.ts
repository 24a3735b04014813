import { AppError, isAppError } from '../../contract/errors';
import type { CardEvidence, HostOrder } from '../../contract/host-api';
import { formatYuan, type Fen } from '../../contract/money';
import type { RechargeRecord } from '../../contract/recharge';
import { isOutcomeUnknown } from '../card/apdu';
import { loadKeyIndex, type LoadKeyIndexes } from '../card/load-key';
import type { CardIdentity, CardPort } from '../card/port';
import type { HostLink } from '../host/port';
import { decideLoad, type LoadAttempt } from './decide';
import type { JournalSteps } from './journal-steps';

/** What the card steps use of the card, the host and the journal — nothing else. */
export interface CardLoadPorts {
  card: Omit<CardPort, 'disconnect'>;
  host: Pick<HostLink, 'authorize' | 'confirm' | 'getOrder' | 'markUnloaded'>;
  steps: JournalSteps;
}

export interface CardLoadSettings {
  pin: string;
  pinEncoding: 'bcd' | 'ascii';
  /** The load keys INITIALIZE FOR LOAD names: 3DES (01), or SM4 (41) on a dual-algorithm card (card version 5x). */
  loadKeys: LoadKeyIndexes;
  cardMaxBalanceFen: Fen;
}

/** What CONFIRM tells the host: the TAC, or where the card cannot give it, the card's own evidence. */
interface Confirmation { onlineSerial: number; newBalanceFen: Fen; tac: string | null; evidence: CardEvidence | null }

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

  /** INIT → AUTHORIZED → CREDIT → WRITTEN → CONFIRMED → VERIFIED, with the card already connected by a read. */
  async writeCard(rec: RechargeRecord): Promise<RechargeRecord> {
    const { card, host, steps } = this.ports;
    const { cardMaxBalanceFen } = this.settings;
    await card.verifyPin(this.settings.pin, this.settings.pinEncoding);
    const { keyIndex, cardVersion } = this;
    const init = await card.initForLoad({ amountFen: rec.amountFen, terminalId: rec.terminalId, keyIndex });
    if (init.oldBalanceFen + rec.amountFen > cardMaxBalanceFen) {
      throw new AppError('RECHARGE_OVER_MAX_BALANCE', {
        max: formatYuan(cardMaxBalanceFen), left: formatYuan(Math.max(0, cardMaxBalanceFen - init.oldBalanceFen)),
      });
    }
    steps.step(rec.id, 'INIT', { ...init, keyIndex, cardVersion }, { onlineSerial: init.onlineSerial, keyVersion: init.keyVersion, algId: init.algId });
    const auth = await host.authorize(rec.orderId ?? '', {
      cardNo: rec.cardNo, onlineSerial: init.onlineSerial, oldBalanceFen: init.oldBalanceFen, amountFen: rec.amountFen,
      random: init.random, keyVersion: init.keyVersion, algId: init.algId, terminalId: rec.terminalId, mac1: init.mac1, cardVersion,
    });
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
    const auth = steps.lastEventData(rec.id, 'AUTHORIZED');
    const attempt: LoadAttempt = {
      amountFen: rec.amountFen, oldBalanceFen: Number(auth.oldBalanceFen), onlineSerial: Number(auth.onlineSerial),
      terminalId: rec.terminalId, hostDate: String(auth.hostDate), hostTime: String(auth.hostTime),
    };
    const balanceFen = await card.getBalance();
    await card.verifyPin(this.settings.pin, this.settings.pinEncoding);
    // The probe: INIT commits nothing and tells us N'. No CREDIT follows it. One fen, so that a card
    // already loaded and now near its maximum balance still answers.
    const probe = await card.initForLoad({ amountFen: 1, terminalId: rec.terminalId, keyIndex: this.keyIndex });
    const log = await card.readLog();
    const order = rec.orderId ? await host.getOrder(rec.orderId).catch(() => null) : null;
    const verdict = decideLoad(attempt, { balanceFen, onlineSerial: probe.onlineSerial, log }, order?.status ?? null);
    const record = verdict.kind === 'LOADED' ? verdict.record : null;
    const evidence: CardEvidence = {
      balanceFen, onlineSerial: probe.onlineSerial,
      loadRecord: record ? { serial: record.serial, amountFen: record.amountFen, terminalId: record.terminalId, at: record.at } : null,
    };
    const data = { verdict: verdict.kind, reason: verdict.reason, evidence, hostStatus: order?.status ?? null };
    if (verdict.kind === 'CONTRADICTION') return steps.step(rec.id, 'NEEDS_ADMIN', data, { error: 'RECHARGE_NEEDS_ADMIN' });
    if (verdict.kind === 'NOT_LOADED') return this.repairLoad(steps.step(rec.id, 'UNLOADED', data));
    const proof = await this.proveTac(attempt.onlineSerial);
    const newBalanceFen = attempt.oldBalanceFen + attempt.amountFen;
    steps.step(rec.id, 'WRITTEN', { ...data, tac: proof, newBalanceFen }, { tac: proof, balanceAfterFen: newBalanceFen });
    return this.confirmAndVerify(rec, {
      onlineSerial: attempt.onlineSerial, newBalanceFen, tac: proof, evidence: proof ? null : evidence,
    });
  }

  /**
   * UNLOADED (未圈存, proven not on the card): with the same card in the reader, tell the host (it may not have
   * heard if it was down then; telling it again is idempotent), then load it with a fresh INIT and MAC2.
   */
  async repairLoad(rec: RechargeRecord): Promise<RechargeRecord> {
    const proven = this.ports.steps.lastEventData(rec.id, 'UNLOADED');
    await this.readSameCard(rec.cardNo);
    await this.ports.host.markUnloaded(rec.orderId ?? '', { evidence: proven.evidence as CardEvidence });
    return this.writeCard(rec);
  }

  private async confirmAndVerify(rec: RechargeRecord, req: Confirmation): Promise<RechargeRecord> {
    const { card, host, steps } = this.ports;
    const { id } = rec;
    let order: HostOrder;
    try {
      order = await host.confirm(rec.orderId ?? '', req);
    } catch (e) {
      // The host has decided against the card's own proof: no retry will change that.
      if (!isAppError(e, 'HOST_REJECTED')) throw e;
      return steps.step(id, 'NEEDS_ADMIN', { hostRefused: e.params, request: req }, { error: e.code });
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

  /** GET TRANSACTION PROVE — which serial the card wants is UNCONFIRMED (docs/card-protocol.md §2), so try N then N+1. */
  private async proveTac(serial: number): Promise<string | null> {
    for (const s of [serial, serial + 1]) {
      try {
        const p = await this.ports.card.transactionProve(s);
        if (p) return p.tac;
      } catch {
        /* a card without the command: the evidence speaks instead */
      }
    }
    return null;
  }
}
