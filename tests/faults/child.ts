/**
 * The engine in a process of its own, for the fault-injection suite: it recharges (or resumes) and, at
 * the fault point it is given, kills itself with SIGKILL — as a power cut would, with no chance to clean up.
 *
 *   node --import tsx tests/faults/child.ts '<ChildConfig JSON>'
 */
import type { PosVoucher } from '../../contract/pos';
import { SettingsSchema } from '../../contract/settings';
import { MisPosTerminal } from '../../main/pos/mis-pos';
import type { PosTerminal } from '../../main/pos/port';
import type { SimMisPos } from '../../sim/pos/mis-pos';
import { misPosAt, POS_MERCHANT, POS_TERMINAL } from './mis-pos';
import { InProcessReader } from '../../main/card/in-process-reader';
import type { CardConnection, CardReader } from '../../main/card/reader';
import { compose } from '../../main/compose';
import { ChromiumPrinter } from '../../main/print/chromium-printer';
import { loadKeyFile } from '../../sim/crypto/keys';
import { loadCardProfile } from '../../sim/card/profile';
import { VirtualCard, type CardFault } from '../../sim/card/virtual-card';
import type { RechargeState } from '../../contract/recharge';

export interface ChildConfig {
  action: 'recharge' | 'resume';
  hostUrl: string;
  journalPath: string;
  dataDir: string;
  amountFen: number;
  /** 'vpcd': the card sits behind pcscd in the parent; 'inproc': the card lives here, state in a file. */
  transport: { kind: 'vpcd'; reader: string } | { kind: 'inproc'; profile: string; keys: string; statePath: string };
  /**
   * Where to die: after the journal entered a state, before/after the n-th APDU of the load phase, or
   * right after the simulated MIS-POS charged the card (its answer never journaled).
   */
  kill?: { at: 'journal'; state: RechargeState } | { at: 'apdu-before' | 'apdu-after'; index: number } | { at: 'pos-charged' };
  cardFault?: CardFault;
  /** Pay on the outlet's integrated MIS-POS (simulated, its memory and fault switches in this file) instead of by QR. */
  misPos?: { statePath: string };
}


const cfg = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const die = () => process.kill(process.pid, 'SIGKILL');

/** APDUs sent since PAID was journaled, as hex headers: the parent learns the load's sequence from this. */
const loadApdus: string[] = [];
let loadPhase = cfg.action === 'resume';

function wrapReader(reader: CardReader): CardReader {
  const connect = reader.connect.bind(reader);
  reader.connect = async (name, opts) => {
    const conn = await connect(name, opts);
    const transmit = conn.transmit.bind(conn);
    const wrapped: CardConnection = {
      readerName: conn.readerName,
      protocol: conn.protocol,
      atr: conn.atr,
      transmit: async (apdu: Buffer, timeoutMs?: number) => {
        const index = loadPhase ? loadApdus.push(apdu.subarray(0, 4).toString('hex').toUpperCase()) - 1 : -1;
        if (cfg.kill?.at === 'apdu-before' && cfg.kill.index === index) die();
        const answer = await transmit(apdu, timeoutMs);
        if (cfg.kill?.at === 'apdu-after' && cfg.kill.index === index) die();
        return answer;
      },
      disconnect: () => conn.disconnect(),
    };
    return wrapped;
  };
  return reader;
}

/** The simulated MIS-POS over HTTP: it books its charges with the host simulator's acquirer (POST /sim/acquirer/charges). */
function misPos(): PosTerminal | undefined {
  if (!cfg.misPos) return undefined;
  const sim: SimMisPos = misPosAt(cfg.misPos.statePath, async (c) => {
    const r = await fetch(`${cfg.hostUrl}/sim/acquirer/charges`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c) });
    if (!r.ok) throw new Error(`acquirer: ${r.status}`);
    return (await r.json()) as PosVoucher & { amountFen: number }; // the acquirer's numbered voucher
  });
  const link = {
    transact: async (request: string, timeoutMs: number) => {
      const answer = await sim.transact(request, timeoutMs);
      if (cfg.kill?.at === 'pos-charged' && request.startsWith('00')) die();
      return answer;
    },
  };
  return new MisPosTerminal(link, { label: `MIS-POS ${POS_TERMINAL}`, clock: { sleep: (ms) => new Promise((r) => setTimeout(r, ms)) }, queryPauseMs: 50 });
}

async function main(): Promise<number> {
  let readers: CardReader;
  let card: VirtualCard | null = null;
  if (cfg.transport.kind === 'inproc') {
    card = new VirtualCard(loadCardProfile(cfg.transport.profile), loadKeyFile(cfg.transport.keys), { statePath: cfg.transport.statePath });
    if (cfg.cardFault) card.setFault(cfg.cardFault);
    readers = new InProcessReader(card);
  } else {
    const { PcscReader } = await import('../../main/card/pcsc-reader');
    readers = new PcscReader();
  }
  const readerName = cfg.transport.kind === 'vpcd' ? cfg.transport.reader : null;
  const settings = SettingsSchema.parse({
    readerName, hostUrl: cfg.hostUrl, journalPath: cfg.journalPath, pos: cfg.misPos ? { mode: 'mis', merchantNo: POS_MERCHANT } : undefined,
  });
  const s = await compose({
    settings, mode: 'real', dataDir: cfg.dataDir, readers: wrapReader(readers), printer: new ChromiumPrinter(), posTerminal: misPos(),
  });
  const create = s.journal.create.bind(s.journal);
  s.journal.create = (r, data) => {
    const rec = create(r, data);
    if (cfg.kill?.at === 'journal' && cfg.kill.state === 'READ') die();
    return rec;
  };
  const append = s.journal.append.bind(s.journal);
  s.journal.append = (id, state, data, patch) => {
    const rec = append(id, state, data, patch);
    if (state === 'PAID') loadPhase = true;
    if (cfg.kill?.at === 'journal' && cfg.kill.state === state) die();
    return rec;
  };
  let code = 0;
  try {
    if (cfg.action === 'recharge') {
      let rec;
      if (cfg.misPos) rec = await s.engine.payByPos({ amountFen: cfg.amountFen, operatorId: 'fault' });
      else {
        rec = await s.engine.start({ amountFen: cfg.amountFen, channel: 'wechat', operatorId: 'fault' });
        const paid = await fetch(`${cfg.hostUrl}/sim/orders/${rec.orderId}/pay`, { method: 'POST' });
        if (!paid.ok) throw new Error(`simulated payment failed: ${paid.status}`);
      }
      rec = await s.engine.waitForPayment(rec.id);
      rec = await s.engine.load(rec.id);
      code = rec.state === 'VERIFIED' ? 0 : 3;
    } else {
      for (const p of s.engine.pending()) {
        let rec = await s.engine.resume(p.id);
        if (rec.state === 'ORDERED') rec = await s.engine.cancel(rec.id);
      }
      code = s.engine.pending().length === 0 ? 0 : 4;
    }
  } catch (e) {
    process.stderr.write(`child: ${e instanceof Error ? `${(e as { code?: string }).code ?? ''} ${e.message} ${process.env.FAULT_DEBUG ? e.stack + String((e as { cause?: unknown }).cause) : ''}` : String(e)}\n`);
    code = 2;
  } finally {
    process.stdout.write(`${JSON.stringify({ loadApdus })}\n`);
    await s.close();
  }
  return code;
}

// As bin/etc-counter.mjs: pcsclite's native threads can outlive the reader's close().
process.exit(await main());
