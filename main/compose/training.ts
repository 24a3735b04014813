import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../contract/errors';
import { loadKeyFile } from '../../sim/crypto/keys';
import { startHostSim, type HostSim } from '../../sim/host';
import { SimMisPos } from '../../sim/pos/mis-pos';
import { InProcessReader } from '../card/in-process-reader';
import { systemClock } from '../clock';
import { modeDir } from '../config';
import { MisPosTerminal } from '../pos/mis-pos';
import { TrainingCardSlot } from '../training/training-cards';
import type { ComposeOptions, Services, TrainingControls } from './services';
import { wire } from './wire';

/**
 * 培训模式's wiring: the issuer-host simulator in process, its training key file, the fixture cards in an
 * in-process reader, and a journal and archive of their own (main/config.ts journalPathFor). This module
 * and main/training/ are the only parts of main that import sim/ (eslint.config.js); main/compose/index.ts
 * loads it with a dynamic import, only when training is chosen.
 *
 * The fixtures are found two folders up from this file: sim/fixtures beside main/ in the sources, and
 * dist/sim/fixtures beside dist/main/ in the build (scripts/build-main.mjs copies them there).
 */
const FIXTURES = fileURLToPath(new URL('../../sim/fixtures/', import.meta.url));
/** The simulated outlet's POS where the settings name no merchant: 商户号 and 终端号 of training slips. */
export const TRAINING_POS = { merchantNo: '898620154110001', posTerminalNo: '62010088' } as const;

export interface TrainingServices extends Services {
  /** Tests reach through to the simulated card and host. */
  training: TrainingControls & { slot: TrainingCardSlot; sim: HostSim; misPos: SimMisPos };
}

export async function composeTraining(o: Omit<ComposeOptions, 'mode'>): Promise<TrainingServices> {
  const dir = modeDir('training', o.dataDir);
  const { services, extra } = await wire(o, 'training', async (closers) => {
    mkdirSync(join(dir, 'cards'), { recursive: true });
    const keys = loadKeyFile(join(FIXTURES, 'keys.json'));
    // Training data never mixes with real data: its own simulated host, whatever the settings say about the real one.
    // The simulated issuer caps a card as the settings' rule for Gansu stored-value cards does (contract/settings.ts).
    const sim = await startHostSim({ keys, dbPath: join(dir, 'host.sqlite'), cardMaxBalanceFen: 500_000 });
    closers.push(() => sim.close());
    const slot = new TrainingCardSlot(join(FIXTURES, 'cards'), join(dir, 'cards'), keys);
    const reader = new InProcessReader(slot, { name: '培训读卡器 (Training reader)' });
    // The outlet's POS, simulated: its charges are booked with the simulator's acquirer (docs/pos.md).
    const merchantNo = o.settings.pos.merchantNo ?? TRAINING_POS.merchantNo;
    const misPos = new SimMisPos({
      merchantNo, posTerminalNo: TRAINING_POS.posTerminalNo, book: (c) => sim.acquirer.charge(c),
      statePath: join(dir, 'mis-pos.json'), swipeMs: o.posSwipeMs ?? 1500,
    });
    const pos = new MisPosTerminal(misPos, { label: `MIS-POS ${TRAINING_POS.posTerminalNo}`, clock: o.clock ?? systemClock });
    return { host: { url: sim.url }, readers: o.readers ?? reader, pos, extra: { sim, slot, reader, misPos, merchantNo } };
  });
  const { sim, slot, reader, misPos, merchantNo } = extra;
  return {
    ...services,
    training: {
      slot,
      sim,
      misPos,
      hostUrl: sim.url,
      profiles: () => slot.profiles(),
      insert: (id) => { slot.insert(id); reader.cardChanged(); },
      remove: () => { slot.remove(); reader.cardChanged(); },
      pay: async (rechargeId) => {
        const orderId = services.journal.get(rechargeId)?.orderId;
        if (!orderId) throw new AppError('RECHARGE_NOT_FOUND', { id: rechargeId });
        sim.pay(orderId);
      },
      posSlip: (amountFen) => Promise.resolve(sim.acquirer.charge({ merchantNo, posTerminalNo: TRAINING_POS.posTerminalNo, amountFen })),
    },
  };
}
