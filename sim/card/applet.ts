import { INS, SW, swPinTriesLeft, swWrongLe, type Command } from './apdu';
import { encode0015, encode0016, encode0018, encodePin, RECORD_0018_LENGTH } from './files';
import type { CardProfile } from './profile';
import type { Answer, Purse } from './purse';
import type { CardStore } from './state';

/**
 * The card's file system and PIN around the purse: MF 3F00 (0016) and the toll ADF 1001 (0015, 0018,
 * the EP). Everything here is RAM state of one power-on session except the PIN try counter.
 */

type Df = 'MF' | 'ADF';
type Ef = 0x0015 | 0x0016 | 0x0018;

const AID_1001 = Buffer.from('A00000000386980701', 'hex');
const PSE_NAME = Buffer.from('1PAY.SYS.DDF01', 'ascii');
/** Which DF each elementary file lives in (docs/card-protocol.md §1). */
const EF_HOME: Record<Ef, Df> = { 0x0015: 'ADF', 0x0016: 'MF', 0x0018: 'ADF' };
const SW_INCOMPATIBLE_FILE = 0x6981;

export class EtcApplet {
  private df: Df = 'MF';
  private ef: Ef | null = null;
  private pinVerified = false;
  private readonly file0015: Buffer;
  private readonly file0016: Buffer;

  constructor(
    private readonly profile: CardProfile,
    private readonly store: CardStore,
    private readonly purse: Purse,
    private readonly protocol: 'T0' | 'T1',
  ) {
    this.file0015 = encode0015(profile);
    this.file0016 = encode0016(profile);
  }

  /** Power-on or reset: MF selected, PIN unverified, no load session. */
  reset(): void {
    this.df = 'MF';
    this.ef = null;
    this.pinVerified = false;
    this.purse.cancelSession();
  }

  handle(cmd: Command): Answer {
    switch (cmd.ins) {
      case INS.SELECT:
        return this.select(cmd);
      case INS.READ_BINARY:
        return this.readBinary(cmd);
      case INS.READ_RECORD:
        return this.readRecord(cmd);
      case INS.VERIFY:
        return this.verify(cmd);
      case INS.GET_BALANCE:
        return this.inAdf(() => this.fixedLe(this.purse.balance(cmd), cmd.le));
      case INS.INITIALIZE:
        if (this.df !== 'ADF') return { sw: SW.CONDITIONS_NOT_SATISFIED };
        if (!this.pinVerified) return { sw: SW.SECURITY_NOT_SATISFIED };
        return this.purse.initForLoad(cmd);
      case INS.CREDIT_FOR_LOAD:
        return this.inAdf(() => this.purse.creditForLoad(cmd));
      case INS.GET_TRANSACTION_PROVE:
        return this.inAdf(() => this.purse.transactionProve(cmd));
      default:
        return { sw: SW.INS_NOT_SUPPORTED };
    }
  }

  /** The purse commands belong to ADF 1001; with the MF selected the card refuses them. */
  private inAdf(run: () => Answer): Answer {
    return this.df === 'ADF' ? run() : { sw: SW.CONDITIONS_NOT_SATISFIED };
  }

  /** By file id (`P1 00`) or by DF name (`P1 04`). Any SELECT ends an open load session. */
  private select(cmd: Command): Answer {
    this.purse.cancelSession();
    if ((cmd.p2 !== 0x00 && cmd.p2 !== 0x0c) || (cmd.p1 !== 0x00 && cmd.p1 !== 0x04)) return { sw: SW.WRONG_P1P2 };
    if (cmd.p1 === 0x04) {
      if (cmd.data.equals(AID_1001)) return this.enterDf('ADF');
      if (cmd.data.equals(PSE_NAME)) return this.enterDf('MF');
      return { sw: SW.FILE_NOT_FOUND };
    }
    if (cmd.data.length !== 2) return { sw: SW.WRONG_LENGTH };
    const fid = cmd.data.readUInt16BE(0);
    if (fid === 0x3f00) return this.enterDf('MF');
    if (fid === 0x1001) return this.enterDf('ADF');
    if (isEf(fid) && EF_HOME[fid] === this.df) {
      this.ef = fid;
      return { sw: SW.OK };
    }
    return { sw: SW.FILE_NOT_FOUND };
  }

  private enterDf(df: Df): Answer {
    this.df = df;
    this.ef = null;
    return { sw: SW.OK };
  }

  /** `00 B0 (80|SFI) offset Le`, or `00 B0 offset(15 bit) Le` on the current EF. Le 00 = the whole rest. */
  private readBinary(cmd: Command): Answer {
    let ef: Ef;
    let offset: number;
    if (cmd.p1 & 0x80) {
      if (cmd.p1 & 0x60) return { sw: SW.WRONG_P1P2 };
      const fid = cmd.p1 & 0x1f;
      if (!isEf(fid) || EF_HOME[fid] !== this.df) return { sw: SW.FILE_NOT_FOUND };
      ef = fid;
      offset = cmd.p2;
    } else {
      if (this.ef === null) return { sw: SW.NO_CURRENT_EF };
      ef = this.ef;
      offset = (cmd.p1 << 8) | cmd.p2;
    }
    if (ef === 0x0018) return { sw: SW_INCOMPATIBLE_FILE };
    this.ef = ef;
    const file = ef === 0x0015 ? this.file0015 : this.file0016;
    if (offset >= file.length) return { sw: SW.WRONG_OFFSET };
    const rest = file.subarray(offset);
    const le = cmd.le;
    if (le === null || (le === 256 && this.protocol === 'T1')) return { sw: SW.OK, data: Buffer.from(rest.subarray(0, 256)) };
    if (le > rest.length) return { sw: swWrongLe(rest.length) };
    return { sw: SW.OK, data: Buffer.from(rest.subarray(0, le)) };
  }

  /** `00 B2 nn C4 17`: record nn of 0018, 1 = newest; `6A83` past the last record written. */
  private readRecord(cmd: Command): Answer {
    if ((cmd.p2 & 0x07) !== 0x04 || cmd.p1 === 0) return { sw: SW.WRONG_P1P2 };
    const sfi = cmd.p2 >> 3;
    if (sfi === 0) {
      if (this.ef === null) return { sw: SW.NO_CURRENT_EF };
      if (this.ef !== 0x0018) return { sw: SW_INCOMPATIBLE_FILE };
    } else if (sfi !== 0x18 || this.df !== 'ADF') {
      return { sw: SW.FILE_NOT_FOUND };
    }
    this.ef = 0x0018;
    const t = this.store.get().transactions[cmd.p1 - 1];
    if (!t) return { sw: SW.RECORD_NOT_FOUND };
    return this.fixedLe({ sw: SW.OK, data: encode0018(t) }, cmd.le, RECORD_0018_LENGTH);
  }

  /**
   * `00 20 00 00 Lc PIN`: a right PIN restores the tries, a wrong one costs one (63Cx; 63C0 blocks, then
   * 6983 even for the right PIN). Without data it only reports: 9000 if verified, else 63Cx.
   */
  private verify(cmd: Command): Answer {
    if (cmd.p1 !== 0x00 || cmd.p2 !== 0x00) return { sw: SW.WRONG_P1P2 };
    const state = this.store.get();
    if (state.pinTriesLeft === 0) return { sw: SW.PIN_BLOCKED };
    if (cmd.data.length === 0) return { sw: this.pinVerified ? SW.OK : swPinTriesLeft(state.pinTriesLeft) };
    if (cmd.data.length < 2 || cmd.data.length > 12) return { sw: SW.WRONG_LENGTH };
    if (cmd.data.equals(encodePin(this.profile.pin, this.profile.pinEncoding))) {
      if (state.pinTriesLeft !== this.profile.pinTries) this.store.commit({ ...state, pinTriesLeft: this.profile.pinTries });
      this.pinVerified = true;
      return { sw: SW.OK };
    }
    const left = state.pinTriesLeft - 1;
    this.store.commit({ ...state, pinTriesLeft: left });
    this.pinVerified = false;
    return { sw: swPinTriesLeft(left) };
  }

  /** A fixed-size answer: Le must name its size (or be 00 under T=1), else 6Cxx tells the right one. */
  private fixedLe(a: Answer, le: number | null, size = a.data?.length ?? 0): Answer {
    if (a.sw !== SW.OK || le === null || le === size || (le === 256 && this.protocol === 'T1')) return a;
    return { sw: swWrongLe(size) };
  }
}

function isEf(fid: number): fid is Ef {
  return fid === 0x0015 || fid === 0x0016 || fid === 0x0018;
}
