import { timingSafeEqual } from 'node:crypto';
import type { LoadSuite } from '../crypto/suite';
import { SW, type Command } from './apdu';
import { atFromBcd } from './files';
import { ProfileTransactionSchema, type CardProfile } from './profile';
import type { CardStore } from './state';

/**
 * The electronic purse (EP, file 0002) and its load (圈存): GET BALANCE, INITIALIZE FOR LOAD,
 * CREDIT FOR LOAD, GET TRANSACTION PROVE (docs/card-protocol.md §2–§3). The key index INIT names picks
 * the load key and with it the crypto suite (3DES, or the SM4 hypothesis of sim/crypto/sm4.ts).
 */

export interface Answer {
  sw: number;
  data?: Buffer;
}

/** One load key of the card: DLK, its version, the algorithm (id INIT answers, suite) and the TAC key that goes with it. */
export interface PurseLoadKey {
  key: Buffer;
  version: number;
  algId: number;
  suite: LoadSuite;
  dtk: Buffer;
}

export interface PurseKeys {
  /** The card's load key for a key index (01 = 3DES; 41 = SM4 on dual-algorithm cards), or null when it has none. */
  load(keyIndex: number): PurseLoadKey | null;
}

/** What INITIALIZE FOR LOAD opened; lives only in RAM, as on a card. */
interface LoadSession {
  key: PurseLoadKey;
  sesLk: Buffer;
  oldBalanceFen: number;
  serial: number;
  amountFen: number;
  terminalId: Buffer;
}

const EP = 0x02; // P2 and transaction type of an electronic-purse load

export class Purse {
  private session: LoadSession | null = null;

  constructor(
    private readonly profile: CardProfile,
    private readonly store: CardStore,
    private readonly keys: PurseKeys,
    private readonly random: () => Buffer,
  ) {}

  /** SELECT, reset, power loss and a new INIT all end the load session: an old MAC2 is useless after. */
  cancelSession(): void {
    this.session = null;
  }

  balance(cmd: Command): Answer {
    if (cmd.p1 !== 0x00 || cmd.p2 !== EP) return { sw: SW.WRONG_P1P2 };
    return { sw: SW.OK, data: u32(this.store.get().balanceFen) };
  }

  /** `80 50 00 02 0B` keyIndex(1) amount(4) terminalId(6) → oldBalance serial keyVersion algId random MAC1. */
  initForLoad(cmd: Command): Answer {
    this.session = null;
    if (cmd.p1 !== 0x00 || cmd.p2 !== EP) return { sw: SW.WRONG_P1P2 };
    if (cmd.data.length !== 11) return { sw: SW.WRONG_LENGTH };
    const key = this.keys.load(cmd.data[0] ?? 0);
    if (!key) return { sw: SW.KEY_NOT_FOUND };
    const amountFen = cmd.data.readUInt32BE(1);
    const terminalId = Buffer.from(cmd.data.subarray(5, 11));
    const { balanceFen, onlineSerial } = this.store.get();
    if (balanceFen + amountFen > this.profile.maxBalanceFen) return { sw: parseInt(this.profile.maxBalanceSw, 16) };
    if (onlineSerial >= 0xffff) return { sw: SW.OUT_OF_RANGE }; // the serial could not count this load
    const random = this.random();
    if (random.length !== 4) throw new RangeError('the card random source must give 4 bytes');
    const sesLk = key.suite.sessionLoadKey(key.key, random, onlineSerial);
    const m1 = key.suite.mac1(sesLk, balanceFen, { amountFen, terminalId });
    this.session = { key, sesLk, oldBalanceFen: balanceFen, serial: onlineSerial, amountFen, terminalId };
    const serial = Buffer.alloc(2);
    serial.writeUInt16BE(onlineSerial, 0);
    return { sw: SW.OK, data: Buffer.concat([u32(balanceFen), serial, Buffer.from([key.version, key.algId]), random, m1]) };
  }

  /**
   * `80 52 00 00 0B` hostDate(4) hostTime(3) MAC2(4) → TAC. The session is consumed whatever happens,
   * so a MAC2 can be tried only once. On success balance, serial, 0018 and the proof change in one commit.
   */
  creditForLoad(cmd: Command): Answer {
    if (cmd.p1 !== 0x00 || cmd.p2 !== 0x00) return { sw: SW.WRONG_P1P2 };
    if (cmd.data.length !== 11) return { sw: SW.WRONG_LENGTH };
    const s = this.session;
    if (!s) return { sw: SW.CONDITIONS_NOT_SATISFIED };
    this.session = null;
    const hostDate = cmd.data.subarray(0, 4);
    const hostTime = cmd.data.subarray(4, 7);
    const given = cmd.data.subarray(7, 11);
    const expected = s.key.suite.mac2(s.sesLk, { amountFen: s.amountFen, terminalId: s.terminalId, hostDate, hostTime });
    if (!timingSafeEqual(given, expected)) return { sw: SW.MAC_ERROR };
    // The card stores date and time as the host sent them; a 0018 record that is not a date is refused.
    const at = atFromBcd(hostDate, hostTime);
    const record = ProfileTransactionSchema.safeParse({
      serial: s.serial + 1, // a real card's load record showed N+1 (docs/card-protocol.md §1)
      overdraftFen: 0,
      amountFen: s.amountFen,
      type: EP,
      terminalId: s.terminalId.toString('hex').toUpperCase(),
      at,
    });
    if (!record.success) return { sw: SW.WRONG_DATA };
    const newBalanceFen = s.oldBalanceFen + s.amountFen;
    const t = s.key.suite.tac(s.key.dtk, {
      newBalanceFen,
      onlineSerial: s.serial,
      amountFen: s.amountFen,
      terminalId: s.terminalId,
      hostDate,
      hostTime,
    });
    const state = this.store.get();
    this.store.commit({
      ...state,
      balanceFen: newBalanceFen,
      onlineSerial: s.serial + 1,
      transactions: [record.data, ...state.transactions].slice(0, this.profile.logCapacity),
      lastLoad: { serial: s.serial, mac2: expected.toString('hex'), tac: t.toString('hex') },
    });
    return { sw: SW.OK, data: t };
  }

  /**
   * `80 5A 00 02 02` serial(2) → MAC2 ‖ TAC of the card's last load. Only the last load is kept, as a
   * PBOC card keeps only its last transaction's proof; which serial names it is the profile's
   * `proveSerial` ('N' by default: the serial INIT answered).
   */
  transactionProve(cmd: Command): Answer {
    if (cmd.p1 !== 0x00 || cmd.p2 !== EP) return { sw: SW.WRONG_P1P2 };
    if (cmd.data.length !== 2) return { sw: SW.WRONG_LENGTH };
    const last = this.store.get().lastLoad;
    const wanted = cmd.data.readUInt16BE(0);
    if (!last) return { sw: SW.MAC_NOT_AVAILABLE };
    const named = this.profile.proveSerial === 'N' ? last.serial : last.serial + 1;
    if (wanted !== named) return { sw: SW.MAC_NOT_AVAILABLE };
    return { sw: SW.OK, data: Buffer.from(last.mac2 + last.tac, 'hex') };
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}
