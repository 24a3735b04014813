import { CARD_TYPE_STORED_VALUE, type CardInfo, type CardTransaction } from '../../../contract/card';
import { AppError } from '../../../contract/errors';
import type { Fen } from '../../../contract/money';
import type { CardIdentity, CardPort, LoadInit } from '../../card/port';

/**
 * What the next CREDIT FOR LOAD does. `pull-before-commit`: the card leaves the field before it commits
 * (nothing loaded); `pull-after-commit`: it commits, then the answer is lost. Both throw CARD_REMOVED and
 * leave the reader empty until `insert()`. An Error is thrown as it is, before anything is committed.
 */
export type CreditFault = 'none' | 'pull-before-commit' | 'pull-after-commit' | Error;

export interface FakeCardState {
  cardNo: string;
  cardType: number;
  /** 0015 byte 9: 0x40 a 3DES card; a high nibble 5 (0x50) a dual-algorithm card, which answers INIT with algorithm id 04 at key 41. */
  cardVersion: number;
  balanceFen: Fen;
  onlineSerial: number;
  /** The 0018 log, newest first; `keepsLog: false` models a card that keeps none. */
  log: CardTransaction[];
  keepsLog: boolean;
  /** Whether GET TRANSACTION PROVE exists on this card (false: it answers with an error). */
  proves: boolean;
  /** The card's PIN; undefined: any PIN is accepted (the specs that are not about the PIN). */
  pin?: string;
  /** Tries left before the PIN blocks (63Cx counts them down; 0: 6983). */
  pinTries: number;
}

/**
 * A CardPort for the recharge specs: a small model of one ETC card (balance, online serial, 0018 log),
 * whose every call is written to the shared `timeline` as `card.<COMMAND> …`, one line per APDU-level call.
 */
export class FakeCard implements CardPort {
  readonly state: FakeCardState;
  present = true;
  /** Every CREDIT FOR LOAD the card received, by its MAC2 (whatever came of it). */
  readonly credits: string[] = [];
  creditFault: CreditFault = 'none';
  /** Errors the next calls of a command throw, first in first out (e.g. getBalance: [CARD_REMOVED]). */
  readonly failNext: Partial<Record<'read' | 'readIdentity' | 'getBalance' | 'initForLoad' | 'readLog', Error[]>> = {};
  /** Called while CREDIT is "on the wire", before the card answers. */
  duringCredit: () => void = () => undefined;
  private init: { amountFen: Fen; terminalId: string; serial: number } | null = null;
  private readonly tacs = new Map<number, { mac2: string; tac: string }>();
  private randoms = 0;

  constructor(private readonly timeline: string[], state: Partial<FakeCardState> = {}) {
    this.state = {
      cardNo: '62010000000000000001', cardType: CARD_TYPE_STORED_VALUE, cardVersion: 0x40, balanceFen: 10_000, onlineSerial: 7,
      log: [], keepsLog: true, proves: true, pinTries: 3, ...state,
    };
  }

  /** Puts the card (back) into the reader; `cardNo` puts another card there instead. */
  insert(cardNo = this.state.cardNo): void {
    this.present = true;
    this.state.cardNo = cardNo;
  }


  read(): Promise<CardInfo> {
    return this.call('read', 'READ', () => {
      this.init = null;
      return { ...this.identity(), holderName: null, balanceFen: this.state.balanceFen, transactions: [...this.state.log] };
    });
  }

  /** A fresh session and 0015 only: `card.READ 0015` on the timeline. */
  readIdentity(): Promise<CardIdentity> {
    return this.call('readIdentity', 'READ 0015', () => {
      this.init = null;
      return this.identity();
    });
  }

  private identity(): CardIdentity {
    return {
      cardNo: this.state.cardNo, cardType: this.state.cardType, cardTypeName: '储值卡', cardVersion: this.state.cardVersion,
      issuerId: 'C9C2CEF761010001', issuerProvince: '甘肃', network: '6201', internalNo: this.state.cardNo.slice(4),
      validFrom: '2020-01-01', validUntil: '2099-12-31', plate: '甘A12345', plateColor: 0, plateColorName: '蓝',
      userType: 0, vehicleClass: 1,
    };
  }

  verifyPin(pin: string, encoding: 'bcd' | 'ascii'): Promise<void> {
    return this.call(null, `VERIFY ${pin}/${encoding}`, () => {
      const want = this.state.pin;
      if (want === undefined) return;
      if (this.state.pinTries === 0) throw new AppError('CARD_SW_6983', { sw: '6983' });
      if (pin === want) { this.state.pinTries = 3; return; }
      this.state.pinTries -= 1;
      throw new AppError('CARD_PIN_WRONG', { sw: `63C${this.state.pinTries}`, triesLeft: this.state.pinTries });
    });
  }

  /** The VERIFY commands this card received, in order (the PINs they carried). */
  get verifies(): string[] {
    return this.timeline.filter((l) => l.startsWith('card.VERIFY ')).map((l) => l.slice('card.VERIFY '.length));
  }

  /**
   * Another terminal's load of `amountFen` (its own INIT and MAC2, at `at` in Beijing card time): balance,
   * online serial and the 0018 log move as a CREDIT FOR LOAD moves them; nothing goes to the timeline.
   */
  loadedElsewhere(amountFen: Fen, at: string, terminalId = '000001000099'): number {
    const serial = this.state.onlineSerial;
    this.state.balanceFen += amountFen;
    this.state.onlineSerial += 1;
    this.tacs.set(serial, { mac2: 'FOREIGN', tac: `TAC${String(serial).padStart(5, '0')}` });
    if (this.state.keepsLog) this.state.log.unshift({ serial, overdraftFen: 0, amountFen, type: 0x02, terminalId, at });
    return serial;
  }

  getBalance(): Promise<Fen> {
    return this.call('getBalance', 'GET BALANCE', () => this.state.balanceFen);
  }

  initForLoad(p: { amountFen: Fen; terminalId: string; keyIndex: number }): Promise<LoadInit> {
    return this.call('initForLoad', `INIT ${p.amountFen} key ${p.keyIndex}`, () => {
      this.init = { amountFen: p.amountFen, terminalId: p.terminalId, serial: this.state.onlineSerial };
      this.randoms += 1;
      const random = this.randoms.toString(16).toUpperCase().padStart(8, '0');
      const dual = this.state.cardVersion >> 4 === 5;
      if (p.keyIndex === 0x41 && !dual) throw new AppError('CARD_SW_9403', { sw: '9403' }); // a 3DES card has no SM4 key
      const sm4 = dual && p.keyIndex === 0x41;
      return {
        oldBalanceFen: this.state.balanceFen, onlineSerial: this.state.onlineSerial, keyVersion: sm4 ? 2 : 1, algId: sm4 ? 4 : 0,
        random, mac1: `M1${random.slice(2)}`,
      };
    });
  }

  creditForLoad(p: { hostDate: string; hostTime: string; mac2: string }): Promise<{ tac: string }> {
    return this.call(null, `CREDIT ${p.mac2}`, () => {
      this.credits.push(p.mac2);
      this.duringCredit();
      const fault = this.creditFault;
      this.creditFault = 'none';
      if (fault instanceof Error) throw fault;
      const init = this.init;
      if (!init) throw new AppError('CARD_SW_6985', { sw: '6985' }); // no INIT in this session
      this.init = null;
      if (fault === 'pull-before-commit') return this.pull();
      const d = p.hostDate;
      const t = p.hostTime;
      const at = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}`;
      this.state.balanceFen += init.amountFen;
      this.state.onlineSerial += 1;
      const tac = `TAC${String(init.serial).padStart(5, '0')}`;
      this.tacs.set(init.serial, { mac2: p.mac2, tac });
      if (this.state.keepsLog) this.state.log.unshift({ serial: init.serial, overdraftFen: 0, amountFen: init.amountFen, type: 0x02, terminalId: init.terminalId, at });
      if (fault === 'pull-after-commit') return this.pull();
      return { tac };
    });
  }

  readLog(): Promise<CardTransaction[]> {
    return this.call('readLog', 'READ LOG', () => [...this.state.log]);
  }

  transactionProve(serial: number): Promise<{ mac2: string; tac: string } | null> {
    return this.call(null, `PROVE ${serial}`, () => {
      if (!this.state.proves) throw new AppError('CARD_SW_6A86', { sw: '6A86' });
      return this.tacs.get(serial) ?? null;
    });
  }

  disconnect(): Promise<void> {
    this.init = null;
    return Promise.resolve();
  }

  private pull(): never {
    this.present = false;
    throw new AppError('CARD_REMOVED', { answerBytes: 0 });
  }

  private call<T>(failKey: keyof FakeCard['failNext'] | null, line: string, run: () => T): Promise<T> {
    this.timeline.push(`card.${line}`);
    try {
      if (!this.present) throw new AppError(failKey === 'read' || failKey === 'readIdentity' ? 'CARD_ABSENT' : 'CARD_REMOVED');
      const scripted = failKey ? this.failNext[failKey]?.shift() : undefined;
      if (scripted) throw scripted;
      return Promise.resolve(run());
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}
