/**
 * The APDUs one recharge sends (docs/card-protocol.md §2), counted at the reader: the engine over a real
 * reader port (pcscd/vpcd in `bench:card`), the host simulator in process over HTTP, a scratch journal.
 * Steps as the counter runs them: 读卡 (the wizard's read, shown to the operator), the start (the read
 * before the order), the load (from PAID to VERIFIED). Prints counts; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyReaderCard } from '../main/card/any-reader-card';
import { loadRefusal } from '../main/card/loadability';
import type { CardConnection, CardReader } from '../main/card/reader';
import { HttpHostLink } from '../main/host/http-host-link';
import { SqliteJournal } from '../main/journal/sqlite-journal';
import { RechargeEngine } from '../main/recharge/engine';
import type { KeyFile } from '../sim/crypto/keys';
import { startHostSim } from '../sim/host';

export interface StepCounts { readCard: string[]; start: string[]; load: string[]; protocol: string }

/** Wraps `reader` so that every APDU it transmits is pushed, as its 4-byte header, to `sink()`. */
function counting(reader: CardReader, sink: () => string[], onProtocol: (p: string) => void): CardReader {
  return new Proxy(reader, {
    get(target, prop, receiver) {
      if (prop !== 'connect') return Reflect.get(target, prop, receiver) as unknown;
      return async (name: string, opts?: Parameters<CardReader['connect']>[1]): Promise<CardConnection> => {
        const conn = await target.connect(name, opts);
        onProtocol(conn.protocol);
        return {
          readerName: conn.readerName, protocol: conn.protocol, atr: conn.atr,
          transmit: (apdu: Buffer, timeoutMs?: number) => {
            sink().push(apdu.subarray(0, 4).toString('hex').toUpperCase());
            return conn.transmit(apdu, timeoutMs);
          },
          disconnect: () => conn.disconnect(),
        };
      };
    },
  });
}

/** One QR recharge of `amountFen` on the card in `readerName`, paid on the simulator at once. */
export async function countRecharge(reader: CardReader, readerName: string, keys: KeyFile, amountFen = 100): Promise<StepCounts> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-apdus-'));
  const sim = await startHostSim({ keys, dbPath: join(dir, 'host.sqlite') });
  const journal = SqliteJournal.open(join(dir, 'journal.sqlite'));
  const counts: StepCounts = { readCard: [], start: [], load: [], protocol: '?' };
  let into: string[] = counts.readCard;
  const card = new AnyReaderCard(counting(reader, () => into, (p) => { counts.protocol = p; }), () => readerName);
  const host = new HttpHostLink({ baseUrl: sim.url, credentials: { terminalId: '000001000050', operatorId: 'bench' } });
  const engine = new RechargeEngine({
    card, host, journal, terminalId: '000001000050', training: false, pin: '123456', pinEncoding: 'bcd',
    cardMaxBalance: () => 100_000_000, loadRefusal,
  });
  try {
    await engine.readCard();
    into = counts.start;
    const rec = await engine.start({ amountFen, channel: 'wechat', operatorId: 'bench' });
    into = [];
    sim.pay(rec.orderId ?? '');
    await engine.checkPayment(rec.id);
    into = counts.load;
    const done = await engine.load(rec.id);
    if (done.state !== 'VERIFIED') throw new Error(`recharge ended ${done.state}`);
    return counts;
  } finally {
    await card.disconnect();
    journal.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const NAMES: Record<string, string> = {
  '00A4': 'SELECT', '00B0': 'READ BINARY', '805C': 'GET BALANCE', '00B2': 'READ RECORD', '0020': 'VERIFY',
  '8050': 'INIT', '8052': 'CREDIT', '00C0': 'GET RESPONSE', '805A': 'PROVE',
};

/** `n APDUs (SELECT ×2, READ BINARY, …)` — what a step sent, grouped by command. */
export function describeApdus(headers: string[]): string {
  const by = new Map<string, number>();
  for (const h of headers) {
    const name = NAMES[h.slice(0, 4)] ?? h.slice(0, 4);
    by.set(name, (by.get(name) ?? 0) + 1);
  }
  return `${headers.length} APDUs (${[...by].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ')})`;
}
