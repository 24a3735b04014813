import { AppError, isAppError } from '../../contract/errors';
import type { CardInfo } from '../../contract/card';
import type { CardEvidence, HostOrder } from '../../contract/host-api';
import { formatYuan, type Fen } from '../../contract/money';
import type { RechargeRecord, RechargeState } from '../../contract/recharge';
import type { Journal, RechargePatch } from '../journal/port';
import { decideLoad, type LoadAttempt } from './decide';
import type { EngineOptions } from './engine';

type Step = (id: string, state: RechargeState, data?: Record<string, unknown>, patch?: RechargePatch) => RechargeRecord;

/**
 * The card side of a recharge: the load itself (INIT → AUTHORIZED → CREDIT → WRITTEN → CONFIRMED → VERIFIED)
 * and the decision, from the card, of a load that was interrupted (etc-card.md §4). The engine owns the
 * order and payment steps and calls in here with the card connected by `readSameCard`.
 */
export class CardLoad {
  constructor(
    private readonly o: EngineOptions,
    private readonly journal: Pick<Journal, 'get' | 'events'>,
    private readonly step: Step,
    private readonly writing: (busy: boolean) => void,
  ) {}

  private get(id: string): RechargeRecord {
    const rec = this.journal.get(id);
    if (!rec) throw new AppError('RECHARGE_NOT_FOUND', { id });
    return rec;
  }

  async readSameCard(rec: RechargeRecord): Promise<CardInfo> {
    const card = await this.o.card.read();
    if (card.cardNo !== rec.cardNo) {
      throw new AppError('RECHARGE_CARD_MISMATCH', { expected: rec.cardNo, actual: card.cardNo });
    }
    return card;
  }

  /** PAID or UNLOADED → INIT → AUTHORIZED → CREDIT → WRITTEN → CONFIRMED → VERIFIED. The card is connected. */
  async writeCard(rec: RechargeRecord): Promise<RechargeRecord> {
    const { card, host } = this.o;
    await card.verifyPin(this.o.pin, this.o.pinEncoding);
    const init = await card.initForLoad({ amountFen: rec.amountFen, terminalId: rec.terminalId, keyIndex: this.o.keyIndex ?? 1 });
    if (init.oldBalanceFen + rec.amountFen > this.o.cardMaxBalanceFen) {
      throw new AppError('RECHARGE_OVER_MAX_BALANCE', {
        max: formatYuan(this.o.cardMaxBalanceFen), left: formatYuan(Math.max(0, this.o.cardMaxBalanceFen - init.oldBalanceFen)),
      });
    }
    this.step(rec.id, 'INIT', { ...init }, { onlineSerial: init.onlineSerial });
    const auth = await host.authorize(rec.orderId ?? '', {
      cardNo: rec.cardNo, onlineSerial: init.onlineSerial, oldBalanceFen: init.oldBalanceFen, amountFen: rec.amountFen,
      random: init.random, keyVersion: init.keyVersion, algId: init.algId, terminalId: rec.terminalId, mac1: init.mac1,
    });
    // Rule 1: AUTHORIZED is durable before CREDIT leaves this process.
    this.step(rec.id, 'AUTHORIZED', { ...auth, oldBalanceFen: init.oldBalanceFen, onlineSerial: init.onlineSerial }, {
      hostDateTime: auth.hostDate + auth.hostTime,
    });
    let tac: string;
    this.writing(true);
    try {
      ({ tac } = await card.creditForLoad({ hostDate: auth.hostDate, hostTime: auth.hostTime, mac2: auth.mac2 }));
    } catch (e) {
      if (isAppError(e, 'CARD_REMOVED') || isAppError(e, 'CARD_TIMEOUT')) throw new AppError('RECHARGE_WRITE_UNKNOWN', {}, { cause: e });
      // The card refused (9302 …): it stays AUTHORIZED, and resume decides from the card like any other interruption.
      throw e;
    } finally {
      this.writing(false);
    }
    const newBalanceFen = init.oldBalanceFen + rec.amountFen;
    this.step(rec.id, 'WRITTEN', { tac, newBalanceFen }, { tac, balanceAfterFen: newBalanceFen });
    return this.confirmAndVerify(this.get(rec.id), { onlineSerial: init.onlineSerial, newBalanceFen, tac, evidence: null });
  }

  async confirmAndVerify(
    rec: RechargeRecord,
    req: { onlineSerial: number; newBalanceFen: Fen; tac: string | null; evidence: CardEvidence | null },
  ): Promise<RechargeRecord> {
    let order: HostOrder;
    try {
      order = await this.o.host.confirm(rec.orderId ?? '', req);
    } catch (e) {
      // The host has decided against the card's own proof: no retry will change that.
      if (!isAppError(e, 'HOST_REJECTED')) throw e;
      return this.step(rec.id, 'NEEDS_ADMIN', { hostRefused: e.params, request: req }, { error: e.code });
    }
    this.step(rec.id, 'CONFIRMED', { hostStatus: order.status });
    let balance: Fen;
    try {
      balance = await this.o.card.getBalance();
    } catch {
      return this.get(rec.id); // CONFIRMED is final; the re-read is a courtesy check
    }
    if (balance === req.newBalanceFen) return this.step(rec.id, 'VERIFIED', { balanceFen: balance });
    return this.step(rec.id, 'NEEDS_ADMIN', { balanceFen: balance, expectedFen: req.newBalanceFen }, {
      error: 'RECHARGE_BALANCE_MISMATCH',
    });
  }

  /** etc-card.md §4: the card was sent CREDIT (or may have been); decide from the card, never resend. */
  async resumeAuthorized(rec: RechargeRecord): Promise<RechargeRecord> {
    const { card, host } = this.o;
    await this.readSameCard(rec);
    const auth = this.lastEventData(rec.id, 'AUTHORIZED');
    const attempt: LoadAttempt = {
      amountFen: rec.amountFen, oldBalanceFen: Number(auth.oldBalanceFen), onlineSerial: Number(auth.onlineSerial),
      terminalId: rec.terminalId, hostDate: String(auth.hostDate), hostTime: String(auth.hostTime),
    };
    const balanceFen = await card.getBalance();
    await card.verifyPin(this.o.pin, this.o.pinEncoding);
    // The probe: INIT commits nothing and tells us N'. No CREDIT follows it. One fen, so that a card
    // already loaded and now near its maximum balance still answers.
    const probe = await card.initForLoad({ amountFen: 1, terminalId: rec.terminalId, keyIndex: this.o.keyIndex ?? 1 });
    const log = await card.readLog();
    const order = rec.orderId ? await host.getOrder(rec.orderId).catch(() => null) : null;
    const verdict = decideLoad(attempt, { balanceFen, onlineSerial: probe.onlineSerial, log }, order?.status ?? null);
    const record = verdict.kind === 'LOADED' ? verdict.record : null;
    const evidence: CardEvidence = {
      balanceFen, onlineSerial: probe.onlineSerial,
      loadRecord: record ? { serial: record.serial, amountFen: record.amountFen, terminalId: record.terminalId, at: record.at } : null,
    };
    const data = { verdict: verdict.kind, reason: verdict.reason, evidence, hostStatus: order?.status ?? null };
    if (verdict.kind === 'CONTRADICTION') return this.step(rec.id, 'NEEDS_ADMIN', data, { error: 'RECHARGE_NEEDS_ADMIN' });
    if (verdict.kind === 'NOT_LOADED') {
      this.step(rec.id, 'UNLOADED', data);
      await host.markUnloaded(rec.orderId ?? '', { evidence });
      // The card is in the reader: load it now with a fresh INIT and a fresh MAC2 (never the old one).
      await this.readSameCard(rec);
      return this.writeCard(this.get(rec.id));
    }
    const proof = await this.proveTac(attempt.onlineSerial);
    const newBalanceFen = attempt.oldBalanceFen + attempt.amountFen;
    this.step(rec.id, 'WRITTEN', { ...data, tac: proof, newBalanceFen }, { tac: proof, balanceAfterFen: newBalanceFen });
    return this.confirmAndVerify(this.get(rec.id), {
      onlineSerial: attempt.onlineSerial, newBalanceFen, tac: proof, evidence: proof ? null : evidence,
    });
  }

  /** GET TRANSACTION PROVE — which serial the card wants is UNCONFIRMED (etc-card.md §2), so try N then N+1. */
  private async proveTac(serial: number): Promise<string | null> {
    for (const s of [serial, serial + 1]) {
      try {
        const p = await this.o.card.transactionProve(s);
        if (p) return p.tac;
      } catch {
        /* a card without the command: the evidence speaks instead */
      }
    }
    return null;
  }

  lastEventData(id: string, state: RechargeState): Record<string, unknown> {
    const ev = this.journal.events(id).filter((e) => e.state === state).at(-1);
    if (!ev) throw new AppError('INTERNAL', { detail: `recharge ${id} has no ${state} event` });
    return ev.data;
  }
}
