/**
 * "Host marks paid → card CREDIT sent": from the moment the host simulator records the customer's
 * payment to the moment CREDIT FOR LOAD reaches the (in-process) card, over three ways of noticing the
 * payment — the engine's long poll (today), the engine's former 1 s → 5 s backoff polling (the CLI's old
 * path, which is also what the engine falls back to for a host without long polls) and the wizard's former
 * 2-second timer of payment checks (the app's old path; the IPC hop it also had is not counted, so its
 * figure flatters it slightly). The payment lands at a random moment 0–2 s into the wait. Prints figures.
 */
import { performance } from 'node:perf_hooks';
import { AnyReaderCard } from '../main/card/any-reader-card';
import { loadRefusal } from '../main/card/loadability';
import { RechargeEngine } from '../main/recharge/engine';
import type { RechargeEngineApi } from '../main/recharge/api';
import { trainingServices } from '../tests/support/training';

type Way = 'long poll' | 'backoff poll' | 'wizard 2 s timer';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stats(xs: number[]): { median: number; p90: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? NaN, p90: s[Math.min(s.length - 1, Math.floor(s.length * 0.9))] ?? NaN };
}

export async function paidToCredit(runs: number): Promise<Record<Way, { median: number; p90: number }>> {
  const s = await trainingServices({ posSwipeMs: 0 });
  const slot = s.training.slot;
  let creditAt = 0;
  const transmit = slot.transmit.bind(slot);
  slot.transmit = (apdu: Buffer) => {
    if (apdu[0] === 0x80 && apdu[1] === 0x52) creditAt = performance.now();
    return transmit(apdu);
  };
  // The same services, but an engine that polls with backoff instead of long-polling (longPollMs 0).
  const card = new AnyReaderCard(s.readers, () => null);
  const polling = new RechargeEngine({
    card, host: s.host, journal: s.journal, terminalId: s.settings.terminalId, training: true, pin: s.settings.defaultPin,
    pinEncoding: s.settings.pinEncoding, cardMaxBalance: () => s.settings.cardMaxBalanceFen, loadRefusal, longPollMs: 0,
  });
  const wizardTimer = async (e: RechargeEngineApi, id: string) => {
    for (;;) {
      const r = await e.checkPayment(id);
      if (r.state !== 'ORDERED') return r;
      await sleep(2000);
    }
  };
  const ways: Record<Way, { engine: RechargeEngineApi; wait: (e: RechargeEngineApi, id: string) => Promise<unknown> }> = {
    'long poll': { engine: s.engine, wait: (e, id) => e.waitForPayment(id) },
    'backoff poll': { engine: polling, wait: (e, id) => e.waitForPayment(id) },
    'wizard 2 s timer': { engine: s.engine, wait: wizardTimer },
  };
  const out = {} as Record<Way, { median: number; p90: number }>;
  try {
    for (const [way, { engine, wait }] of Object.entries(ways) as [Way, (typeof ways)[Way]][]) {
      const ms: number[] = [];
      for (let i = 0; i < runs + 2; i++) {
        slot.insert('normal');
        const rec = await engine.start({ amountFen: 1, channel: 'wechat', operatorId: 'bench' });
        const loaded = wait(engine, rec.id).then(() => engine.load(rec.id));
        await sleep(Math.random() * 2000);
        const paidAt = performance.now();
        s.training.sim.pay(rec.orderId ?? '');
        const done = await loaded;
        if (done.state !== 'VERIFIED') throw new Error(`${way}: recharge ended ${done.state}`);
        if (i >= 2) ms.push(creditAt - paidAt); // 2 warm-up runs
      }
      out[way] = stats(ms);
    }
  } finally {
    await card.disconnect();
    await s.dispose();
  }
  return out;
}
