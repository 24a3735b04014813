import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../contract/errors';
import { loadKeyFile } from '../../sim/crypto/keys';
import { startHostSim, type HostSim } from '../../sim/host';
import { InProcessReader } from '../card/in-process-reader';
import { modeDir } from '../config';
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

export interface TrainingServices extends Services {
  /** Tests reach through to the simulated card and host. */
  training: TrainingControls & { slot: TrainingCardSlot; sim: HostSim };
}

export async function composeTraining(o: Omit<ComposeOptions, 'mode'>): Promise<TrainingServices> {
  const dir = modeDir('training', o.dataDir);
  const { services, extra } = await wire(o, 'training', async (closers) => {
    mkdirSync(join(dir, 'cards'), { recursive: true });
    const keys = loadKeyFile(join(FIXTURES, 'keys.json'));
    // Training data never mixes with real data: its own simulated host, whatever the settings say about the real one.
    const sim = await startHostSim({ keys, dbPath: join(dir, 'host.sqlite') });
    closers.push(() => sim.close());
    const slot = new TrainingCardSlot(join(FIXTURES, 'cards'), join(dir, 'cards'), keys);
    const reader = new InProcessReader(slot, { name: '培训读卡器 (Training reader)' });
    return { host: { url: sim.url }, readers: o.readers ?? reader, extra: { sim, slot, reader } };
  });
  const { sim, slot, reader } = extra;
  return {
    ...services,
    training: {
      slot,
      sim,
      hostUrl: sim.url,
      profiles: () => slot.profiles(),
      insert: (id) => { slot.insert(id); reader.cardChanged(); },
      remove: () => { slot.remove(); reader.cardChanged(); },
      pay: async (rechargeId) => {
        const orderId = services.journal.get(rechargeId)?.orderId;
        if (!orderId) throw new AppError('RECHARGE_NOT_FOUND', { id: rechargeId });
        sim.pay(orderId);
      },
    },
  };
}
