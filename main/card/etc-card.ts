import type { CardInfo, CardTransaction } from '../../contract/card';
import { AppError } from '../../contract/errors';
import type { Fen } from '../../contract/money';
import { type CommandApdu, type ResponseApdu, exchange, expectOk, fromHex, SW_OK, toHex } from './apdu';
import { isEmptyRecord, parse0015, parse0016, parse0018, type IssuerFile } from './files';
import type { CardIdentity, CardPort, LoadInit } from './port';
import type { CardConnection, CardReader, ConnectOptions } from './reader';

export { loadRefusal } from './loadability';

/** The toll application (ADF 1001) by name, for cards that refuse selection by FID. */
export const ETC_AID = fromHex('A0 00 00 00 03 86 98 07 01');
/** docs/card-protocol.md §1: 10 records on many cards, up to 50 on some; READ RECORD stops at 6A83 before that. */
const MAX_LOG_RECORDS = 50;
const SW_FILE_NOT_FOUND = 0x6a82;
const SW_RECORD_NOT_FOUND = 0x6a83;
const SW_MAC_NOT_AVAILABLE = 0x9406;
/** 0016 is optional on the counter's path (docs/card-protocol.md §2 step 2): these answers mean "no holder data". */
const HOLDER_UNAVAILABLE: readonly number[] = [0x6a82, 0x6982, 0x6a86, 0x6b00];

export interface EtcCardOptions extends ConnectOptions {
  /** Per-APDU timeout; default the reader's. */
  timeoutMs?: number;
}

/**
 * The ETC user card (docs/card-protocol.md §1–2) over a `CardReader`. One instance = one reader slot; `read()`
 * opens a fresh connection and leaves ADF 1001 selected, so INIT and CREDIT follow in the same session.
 */
export class EtcCard implements CardPort {
  private connection: CardConnection | null = null;

  constructor(
    private readonly reader: CardReader,
    readonly readerName: string,
    private readonly options: EtcCardOptions = {},
  ) {}

  /** The protocol of the open connection, or null. */
  get protocol(): CardConnection['protocol'] | null {
    return this.connection?.protocol ?? null;
  }

  async read(): Promise<CardInfo> {
    await this.disconnect();
    this.connection = await this.reader.connect(this.readerName, this.options);
    await this.select(0x00, fromHex('3F00'), 'MF');
    const holder = await this.readHolder();
    await this.selectTollApp();
    const issuer = await this.readIssuer();
    const balanceFen = await this.getBalance();
    const transactions = await this.readLog();
    return { ...issuer, holderName: holder, balanceFen, transactions };
  }

  /**
   * After the answer to reset the MF is the current DF (ISO 7816-4), so ADF 1001 is selected from it
   * straight away: no SELECT MF and no 0016, which only `read()` needs (docs/card-protocol.md §2).
   */
  async readIdentity(): Promise<CardIdentity> {
    await this.disconnect();
    this.connection = await this.reader.connect(this.readerName, this.options);
    await this.selectTollApp();
    return this.readIssuer();
  }

  async verifyPin(pin: string, encoding: 'bcd' | 'ascii'): Promise<void> {
    if (!/^\d{4,12}$/.test(pin)) throw new AppError('CARD_PIN_FORMAT');
    const data = encoding === 'ascii'
      ? Buffer.from(pin, 'ascii')
      : fromHex(pin.length % 2 === 0 ? pin : `${pin}F`);
    // One attempt only: a wrong PIN (63Cx) is reported with its tries left, never retried — each retry
    // would burn a try towards a blocked card.
    expectOk(await this.send({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x00, data }), 'VERIFY');
  }

  async getBalance(): Promise<Fen> {
    const data = expectOk(await this.send({ cla: 0x80, ins: 0x5c, p1: 0x00, p2: 0x02, le: 4 }), 'GET BALANCE', 4);
    return data.readUInt32BE(0);
  }

  async initForLoad(p: { amountFen: Fen; terminalId: string; keyIndex: number }): Promise<LoadInit> {
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen <= 0 || p.amountFen > 0xffffffff) {
      throw new AppError('INVALID_INPUT', { detail: `amountFen ${p.amountFen}` });
    }
    const data = Buffer.concat([
      Buffer.from([byteParam(p.keyIndex, 'keyIndex')]),
      u32(p.amountFen),
      hexParam(p.terminalId, 6, 'terminalId'),
    ]);
    const r = expectOk(await this.send({ cla: 0x80, ins: 0x50, p1: 0x00, p2: 0x02, data, le: 0x10 }), 'INITIALIZE FOR LOAD', 16);
    return {
      oldBalanceFen: r.readUInt32BE(0),
      onlineSerial: r.readUInt16BE(4),
      keyVersion: r[6] ?? 0,
      algId: r[7] ?? 0,
      random: toHex(r.subarray(8, 12)),
      mac1: toHex(r.subarray(12, 16)),
    };
  }

  async creditForLoad(p: { hostDate: string; hostTime: string; mac2: string }): Promise<{ tac: string }> {
    if (!/^\d{8}$/.test(p.hostDate)) throw new AppError('INVALID_INPUT', { detail: `hostDate ${p.hostDate}` });
    if (!/^\d{6}$/.test(p.hostTime)) throw new AppError('INVALID_INPUT', { detail: `hostTime ${p.hostTime}` });
    const data = Buffer.concat([fromHex(p.hostDate), fromHex(p.hostTime), hexParam(p.mac2, 4, 'mac2')]);
    const r = expectOk(await this.send({ cla: 0x80, ins: 0x52, p1: 0x00, p2: 0x00, data, le: 4 }), 'CREDIT FOR LOAD', 4);
    return { tac: toHex(r) };
  }

  async readLog(): Promise<CardTransaction[]> {
    const out: CardTransaction[] = [];
    for (let n = 1; n <= MAX_LOG_RECORDS; n++) {
      const r = await this.send({ cla: 0x00, ins: 0xb2, p1: n, p2: (0x18 << 3) | 4, le: 0x17 });
      // 6A83 past the last record; 6A82 on a card without a 0018 log: both just end the list.
      if (r.sw === SW_RECORD_NOT_FOUND || (n === 1 && r.sw === SW_FILE_NOT_FOUND)) break;
      const record = expectOk(r, `READ RECORD ${n}`);
      if (isEmptyRecord(record)) continue;
      out.push(parse0018(record));
    }
    return out;
  }

  async transactionProve(serial: number): Promise<{ mac2: string; tac: string } | null> {
    if (!Number.isInteger(serial) || serial < 0 || serial > 0xffff) throw new AppError('INVALID_INPUT', { detail: `serial ${serial}` });
    const data = Buffer.alloc(2);
    data.writeUInt16BE(serial);
    const r = await this.send({ cla: 0x80, ins: 0x5a, p1: 0x00, p2: 0x02, data, le: 8 });
    if (r.sw === SW_MAC_NOT_AVAILABLE) return null;
    const b = expectOk(r, 'GET TRANSACTION PROVE', 8);
    return { mac2: toHex(b.subarray(0, 4)), tac: toHex(b.subarray(4, 8)) };
  }

  async disconnect(): Promise<void> {
    const c = this.connection;
    this.connection = null;
    await c?.disconnect();
  }

  private async send(cmd: CommandApdu): Promise<ResponseApdu> {
    const c = this.connection;
    if (!c) throw new AppError('CARD_NOT_CONNECTED', { reader: this.readerName });
    return exchange((apdu) => c.transmit(apdu, this.options.timeoutMs), cmd);
  }

  private async select(p1: number, id: Buffer, what: string): Promise<void> {
    expectOk(await this.send({ cla: 0x00, ins: 0xa4, p1, p2: 0x00, data: id }), `SELECT ${what}`);
  }

  private async readHolder(): Promise<string | null> {
    const r = await this.send({ cla: 0x00, ins: 0xb0, p1: 0x80 | 0x16, p2: 0x00, le: 0x37 });
    if (HOLDER_UNAVAILABLE.includes(r.sw)) return null;
    return parse0016(expectOk(r, 'READ BINARY 0016')).holderName;
  }

  private async selectTollApp(): Promise<void> {
    const r = await this.send({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x00, data: fromHex('1001') });
    if (r.sw === SW_OK) return;
    if (r.sw !== SW_FILE_NOT_FOUND) expectOk(r, 'SELECT 1001');
    await this.select(0x04, ETC_AID, 'ETC AID');
  }

  private async readIssuer(): Promise<IssuerFile> {
    return parse0015(expectOk(await this.send({ cla: 0x00, ins: 0xb0, p1: 0x80 | 0x15, p2: 0x00, le: 256 }), 'READ BINARY 0015'));
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function byteParam(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 0xff) throw new AppError('INVALID_INPUT', { detail: `${name} ${n}` });
  return n;
}

function hexParam(s: string, bytes: number, name: string): Buffer {
  if (!new RegExp(`^[0-9A-Fa-f]{${bytes * 2}}$`).test(s)) throw new AppError('INVALID_INPUT', { detail: `${name} ${s}` });
  return Buffer.from(s, 'hex');
}
