import { randomBytes } from 'node:crypto';
import { deriveCardKey, type KeyFile, type MasterKeyQuery } from '../crypto/keys';
import { loadSuite } from '../crypto/suite';
import { buildAtr, INS, isOutgoing, parseCommand, respond, SW, swBytesAvailable, swWrongLe } from './apdu';
import { EtcApplet } from './applet';
import { cardNumber, isDualAlgorithm, type CardProfile, type ProfileTransaction } from './profile';
import { Purse, type PurseKeys, type PurseLoadKey } from './purse';
import { CardStore, readCardState, writeCardState, type CardState } from './state';

/**
 * A virtual ETC user card (陇通卡) that answers APDUs as a real one does, with real keys and crypto.
 * Used in-process by tests and, through `attachVpcd`, behind pcscd as a card in a reader.
 */

export type CardFault = 'tear-before-commit' | 'lose-answer-after-commit';

export interface VirtualCardOptions {
  /** JSON file holding the EEPROM (balance, serial, 0018, PIN tries, last load proof). */
  statePath?: string;
  now?: () => Date;
  /** The card's 4-byte random for INITIALIZE FOR LOAD (tests inject a golden vector's). */
  random?: () => Buffer;
  /** Use these card keys instead of diversifying the key file's masters (golden-vector tests). */
  cardKeys?: { dlk: Buffer; dtk: Buffer };
}

export interface CardSnapshot {
  present: boolean;
  powered: boolean;
  balanceFen: number;
  onlineSerial: number;
  pinTriesLeft: number;
  /** The 0018 log, newest first. */
  transactions: ProfileTransaction[];
  lastLoad: CardState['lastLoad'];
}

const EMPTY = Buffer.alloc(0);

export class VirtualCard {
  readonly atr: Buffer;
  readonly cardNo: string;
  private readonly store: CardStore;
  private readonly applet: EtcApplet;
  private inReader = true;
  private poweredOn = true;
  /** T=0 only: answer data waiting for GET RESPONSE. */
  private pending: Buffer | null = null;
  private fault: { kind: CardFault; ins: number } | null = null;
  private readonly listeners = new Set<(present: boolean) => void>();

  constructor(
    readonly profile: CardProfile,
    keys: KeyFile,
    opts: VirtualCardOptions = {},
  ) {
    this.atr = buildAtr(profile.protocol);
    this.cardNo = cardNumber(profile);
    const now = opts.now ?? (() => new Date());
    let initial = opts.statePath === undefined ? null : readCardState(opts.statePath, this.cardNo);
    if (!initial) {
      initial = {
        version: 1,
        cardNo: this.cardNo,
        balanceFen: profile.balanceFen,
        onlineSerial: profile.onlineSerial,
        pinTriesLeft: profile.pinTries,
        transactions: profile.transactions,
        lastLoad: null,
        savedAt: now().toISOString(),
      };
      if (opts.statePath !== undefined) writeCardState(opts.statePath, initial);
    }
    this.store = new CardStore(initial, opts.statePath, now);
    const purse = new Purse(profile, this.store, cardKeys(profile, keys, opts.cardKeys), opts.random ?? (() => randomBytes(4)));
    this.applet = new EtcApplet(profile, this.store, purse, profile.protocol);
  }

  /** In the reader (vpcd: socket open). */
  get present(): boolean {
    return this.inReader;
  }

  get powered(): boolean {
    return this.inReader && this.poweredOn;
  }

  /** R-APDU = data ‖ SW1 SW2, or an empty buffer when no card answers (absent, unpowered, torn). */
  transmit(apdu: Buffer): Buffer {
    if (!this.powered) return EMPTY;
    const fault = this.fault;
    if (fault && apdu[1] === fault.ins) {
      this.fault = null;
      if (fault.kind === 'lose-answer-after-commit') this.process(apdu);
      this.vanish();
      return EMPTY;
    }
    return this.process(apdu);
  }

  /** Puts the card in the reader; the reader powers it (a fresh session: MF selected, PIN unverified). */
  insert(): void {
    if (this.inReader) return;
    this.inReader = true;
    this.powerOn();
    this.emit();
  }

  /** Pulls the card out. EEPROM keeps; RAM (selection, PIN status, load session) is lost. */
  remove(): void {
    if (!this.inReader) return;
    this.vanish();
  }

  /** Cold reset. Returns the ATR (empty when there is no card). */
  powerOn(): Buffer {
    if (!this.inReader) return EMPTY;
    this.poweredOn = true;
    this.clearSession();
    return this.atr;
  }

  powerOff(): void {
    this.poweredOn = false;
    this.clearSession();
  }

  /** Warm reset: same effect on the session as a power cycle. */
  reset(): Buffer {
    return this.powerOn();
  }

  snapshot(): CardSnapshot {
    const s = this.store.get();
    return {
      present: this.present,
      powered: this.powered,
      balanceFen: s.balanceFen,
      onlineSerial: s.onlineSerial,
      pinTriesLeft: s.pinTriesLeft,
      transactions: s.transactions.map((t) => ({ ...t })),
      lastLoad: s.lastLoad ? { ...s.lastLoad } : null,
    };
  }

  /**
   * Arms a one-shot fault for the next command with instruction `onIns` (default CREDIT FOR LOAD):
   * 'tear-before-commit' — the card vanishes before doing anything; 'lose-answer-after-commit' — the
   * command takes full effect (persisted), then the card vanishes. Either way the caller gets no answer.
   */
  setFault(f: CardFault | null, onIns: number = INS.CREDIT_FOR_LOAD): void {
    this.fault = f === null ? null : { kind: f, ins: onIns };
  }

  /** Called with the new presence whenever the card is inserted, pulled or vanishes; returns an unsubscribe. */
  onPresenceChange(listener: (present: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private process(apdu: Buffer): Buffer {
    const parsed = parseCommand(apdu, this.profile.protocol);
    if (!parsed.ok) {
      this.pending = null;
      return respond(parsed.sw);
    }
    const cmd = parsed.cmd;
    if (cmd.ins === INS.GET_RESPONSE) return this.getResponse(cmd.p1, cmd.p2, cmd.le);
    this.pending = null;
    const answer = this.applet.handle(cmd);
    const data = answer.data ?? EMPTY;
    // Under T=0 a case-4 command cannot carry its answer back in the same exchange: the card says 61xx.
    if (this.profile.protocol === 'T0' && data.length > 0 && !isOutgoing(cmd.ins)) {
      this.pending = data;
      return respond(swBytesAvailable(data.length));
    }
    return respond(answer.sw, data);
  }

  /** `00 C0 00 00 xx`: hands over the data a 61xx announced; a wrong xx is answered 6Cxx. */
  private getResponse(p1: number, p2: number, le: number | null): Buffer {
    const pending = this.pending;
    if (p1 !== 0 || p2 !== 0) return respond(SW.WRONG_P1P2);
    if (!pending) return respond(SW.CONDITIONS_NOT_SATISFIED);
    const want = le ?? 256;
    if (want > pending.length) return respond(swWrongLe(pending.length));
    const rest = pending.subarray(want);
    this.pending = rest.length > 0 ? rest : null;
    return respond(rest.length > 0 ? swBytesAvailable(rest.length) : SW.OK, pending.subarray(0, want));
  }

  private clearSession(): void {
    this.pending = null;
    this.applet.reset();
  }

  private vanish(): void {
    this.inReader = false;
    this.poweredOn = false;
    this.clearSession();
    this.emit();
  }

  private emit(): void {
    for (const l of [...this.listeners]) l(this.inReader);
  }
}

/**
 * The card's load keys by key index (docs/card-protocol.md §3): 3DES keys at the indexes the key file has
 * 3DES load masters for (01), and on a dual-algorithm card (version 5x) the SM4 key at its SM4 index (41).
 * Each comes with the TAC key of its algorithm. An index the card does not hold answers 9403.
 */
function cardKeys(profile: CardProfile, keys: KeyFile, given: VirtualCardOptions['cardKeys']): PurseKeys {
  const cache = new Map<number, PurseLoadKey | null>();
  const derive = (usage: 'load' | 'tac', q: MasterKeyQuery) => deriveCardKey(keys, usage, profile.issuerId, profile.internalNo, q);
  const find = (keyIndex: number): PurseLoadKey | null => {
    const sm4 = isDualAlgorithm(profile) && keyIndex === profile.sm4KeyIndex;
    const alg = sm4 ? 'sm4' : '3des';
    const mk = keys.masterKeys.find((m) => m.usage === 'load' && m.keyIndex === keyIndex && m.alg === alg);
    if (!mk || !keys.masterKeys.some((m) => m.usage === 'tac' && m.alg === alg)) return null;
    const own = sm4 ? undefined : given; // golden-vector keys are 3DES keys
    return {
      key: own?.dlk ?? derive('load', { keyIndex, alg }), version: mk.version, algId: sm4 ? profile.sm4AlgId : 0x00,
      suite: loadSuite(alg), dtk: own?.dtk ?? derive('tac', { alg }),
    };
  };
  return {
    load(keyIndex) {
      if (!cache.has(keyIndex)) cache.set(keyIndex, find(keyIndex));
      return cache.get(keyIndex) ?? null;
    },
  };
}
