import type { ComposeOptions, Services } from './services';
import { wire } from './wire';

/**
 * Real mode's wiring: the issuer host of the settings (address, issuer CA, the terminal's client
 * certificate: main/settings/host-target.ts) and the PC/SC reader, whose native addon is loaded only here
 * and only when no other reader was given. With no host configured it still starts: the window shows the
 * first-run set-up (初始化设置) and main refuses every recharge call until it is done. Nothing of sim/ —
 * no simulator, no training key file — is reachable from this module.
 */
export async function composeReal(o: Omit<ComposeOptions, 'mode'>): Promise<Services> {
  const { services } = await wire(o, 'real', async () => {
    const readers = o.readers ?? new (await import('../card/pcsc-reader')).PcscReader();
    // No bank's MIS-POS adapter is built in (docs/pos.md): with pos.mode "mis" one is given by the edge.
    return { host: 'settings', readers, pos: null, extra: null };
  });
  return { ...services, training: null };
}
