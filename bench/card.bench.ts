/**
 * `npm run bench:card`: the card layer (PcscReader + EtcCard) against raw `pcsclite` sending the same
 * APDU bytes, both through pcscd/vpcd to a virtual card. Goal: layer ≤ 1.15× raw (median).
 *   (a) full read: connect, select MF, 0016, select 1001, 0015, GET BALANCE, the whole 0018 log, disconnect
 *   (b) INITIALIZE FOR LOAD + CREDIT FOR LOAD in an open, PIN-verified session (MAC2 time excluded)
 *   (c) how many APDUs one recharge through the engine sends, per step (bench/recharge-apdus.ts)
 * BENCH_N (default 200) iterations of each, run as two alternating rounds per side to even out drift;
 * BENCH_VPCD_SLOT (0 or 1, default 0) picks the vpcd slot.
 */
import pcsclite from 'pcsclite';
import { performance } from 'node:perf_hooks';
import { EtcCard } from '../main/card/etc-card';
import { fromHex, toHex } from '../main/card/apdu';
import type { LoadInit } from '../main/card/port';
import { fixtureKeys, fixtureProfile } from '../sim/card/testing';
import { countRecharge, describeApdus } from './recharge-apdus';
import { ensurePcscd, hostSide, startRig, TERMINAL, vpcdSlot } from '../tests/pcsc/card-rig';

const N = Number(process.env.BENCH_N ?? 200);
const ROUNDS = 2;
const AMOUNT = 1;
const profile = fixtureProfile('normal');
const keys = fixtureKeys();
const slot = vpcdSlot(Number(process.env.BENCH_VPCD_SLOT ?? 0));

type RawReader = Parameters<Parameters<ReturnType<typeof pcsclite>['on']>[1]>[0] & { name: string };

/** Raw pcsclite: promisified, nothing else. */
class Raw {
  private protocol = 0;
  constructor(private readonly r: RawReader) {}
  connect(): Promise<void> {
    return new Promise((res, rej) => this.r.connect({ share_mode: this.r.SCARD_SHARE_SHARED }, (e: Error | null, p: number) => {
      if (e) rej(e);
      else { this.protocol = p; res(); }
    }));
  }
  disconnect(): Promise<void> {
    return new Promise((res) => this.r.disconnect(this.r.SCARD_RESET_CARD, () => res()));
  }
  send(hex: string | Buffer): Promise<Buffer> {
    const apdu = typeof hex === 'string' ? fromHex(hex) : hex;
    return new Promise((res, rej) => this.r.transmit(apdu, 258, this.protocol, (e: Error | null, d: Buffer) => (e ? rej(e) : res(d))));
  }
}

const sw = (b: Buffer): number => b.readUInt16BE(b.length - 2);
/** The baseline must do the real work too: a load that fails would be cheaper and flatter the layer. */
function ok(b: Buffer): Buffer {
  if (b.length < 2 || sw(b) !== 0x9000) throw new Error(`raw baseline: card answered ${toHex(b)}`);
  return b;
}

async function rawRead(raw: Raw): Promise<void> {
  await raw.connect();
  for (const apdu of ['00A40000023F00', '00B0960037', '00A40000021001', '00B0950000', '805C000204']) await raw.send(apdu);
  for (let n = 1; n <= 50; n++) {
    if (sw(await raw.send(`00B2${n.toString(16).padStart(2, '0')}C417`)) === 0x6a83) break;
  }
  await raw.disconnect();
}

function initApdu(): Buffer {
  return fromHex(`805000020B 01 ${AMOUNT.toString(16).padStart(8, '0')} ${TERMINAL} 10`);
}

function decodeInit(d: Buffer): LoadInit {
  return { oldBalanceFen: d.readUInt32BE(0), onlineSerial: d.readUInt16BE(4), keyVersion: d[6] ?? 0, algId: d[7] ?? 0,
    random: toHex(d.subarray(8, 12)), mac1: toHex(d.subarray(12, 16)) };
}

/** Times INIT and CREDIT only; the host-side MAC2 between them is not the card layer's cost. */
async function timedLoad(init: () => Promise<LoadInit>, credit: (mac2: string) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  const i = await init();
  const t1 = performance.now();
  const { mac2 } = hostSide(profile, keys, i, AMOUNT, '20250102', '030405');
  const t2 = performance.now();
  await credit(mac2);
  return t1 - t0 + (performance.now() - t2);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

async function main(): Promise<void> {
  ensurePcscd();
  const rig = await startRig(profile, keys, slot);
  const pcsc = pcsclite();
  pcsc.on('error', () => undefined);
  // Every reader pcsclite reports runs a status thread; all must be closed or the process never exits.
  const allRaw: RawReader[] = [];
  const rawReader = await new Promise<RawReader>((res) => pcsc.on('reader', (r: RawReader) => {
    allRaw.push(r);
    r.on('error', () => undefined);
    if (r.name === slot.reader) res(r);
  }));
  const raw = new Raw(rawReader);
  const etc = new EtcCard(rig.reader, slot.reader);
  const per = Math.ceil(N / ROUNDS);
  let apdus: Awaited<ReturnType<typeof countRecharge>> | null = null;
  const t = { readLayer: [] as number[], readRaw: [] as number[], loadLayer: [] as number[], loadRaw: [] as number[] };
  try {
    // First, on the fresh card (its fixture log as issued): the APDUs of one recharge.
    apdus = await countRecharge(rig.reader, slot.reader, keys);
    // Warm-up: first connections, JIT.
    for (let i = 0; i < 10; i++) { await etc.read(); await etc.disconnect(); await rawRead(raw); }

    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < per; i++) t.readLayer.push(await timed(async () => { await etc.read(); await etc.disconnect(); }));
      for (let i = 0; i < per; i++) t.readRaw.push(await timed(() => rawRead(raw)));

      await etc.read();
      await etc.verifyPin(profile.pin, profile.pinEncoding);
      for (let i = 0; i < per; i++) {
        t.loadLayer.push(await timedLoad(
          () => etc.initForLoad({ amountFen: AMOUNT, terminalId: TERMINAL, keyIndex: 1 }),
          (mac2) => etc.creditForLoad({ hostDate: '20250102', hostTime: '030405', mac2 })));
      }
      await etc.disconnect();

      await raw.connect();
      await raw.send('00A40000021001');
      await raw.send(profile.pinEncoding === 'bcd' ? `0020000003${profile.pin}` : `0020000006${Buffer.from(profile.pin).toString('hex')}`);
      for (let i = 0; i < per; i++) {
        t.loadRaw.push(await timedLoad(
          async () => decodeInit(ok(await raw.send(initApdu()))),
          async (mac2) => ok(await raw.send(`805200000B 20250102 030405 ${mac2} 04`))));
      }
      await raw.disconnect();
    }
  } finally {
    await etc.disconnect();
    for (const r of allRaw) r.close();
    pcsc.close();
    await rig.close();
  }
  report('(a) full read', t.readLayer, t.readRaw);
  report('(b) INIT + CREDIT', t.loadLayer, t.loadRaw);
  if (apdus) {
    process.stdout.write(`(c) APDUs of one recharge (${apdus.protocol}, card ${profile.transactions.length} log records):\n`
      + `    读卡 (the wizard's read)  ${describeApdus(apdus.readCard)}\n`
      + `    start (read step)        ${describeApdus(apdus.start)}\n`
      + `    load (load step)         ${describeApdus(apdus.load)}\n`
      + `    recharge (start + load)  ${apdus.start.length + apdus.load.length} APDUs — what \`etc-counter recharge\` sends\n`);
  }
}

function report(name: string, layer: number[], raw: number[]): void {
  const l = median(layer);
  const r = median(raw);
  const ratio = l / r;
  process.stdout.write(
    `${name}: layer median ${l.toFixed(3)} ms, raw median ${r.toFixed(3)} ms (n=${layer.length}/${raw.length}), `
    + `ratio ${ratio.toFixed(3)} ${ratio <= 1.15 ? '≤ 1.15 OK' : '> 1.15 NOT MET'}\n`);
}

await main();
