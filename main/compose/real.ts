import { AppError } from '../../contract/errors';
import type { ComposeOptions, Services } from './services';
import { wire } from './wire';

/**
 * Real mode's wiring: the configured issuer host and the PC/SC reader, whose native addon is loaded only
 * here and only when no other reader was given. Nothing of sim/ is reachable from this module.
 */
export async function composeReal(o: Omit<ComposeOptions, 'mode'>): Promise<Services> {
  const { services } = await wire(o, 'real', async () => {
    const hostUrl = o.settings.hostUrl;
    if (!hostUrl) throw new AppError('HOST_NOT_CONFIGURED');
    const readers = o.readers ?? new (await import('../card/pcsc-reader')).PcscReader();
    // No bank's MIS-POS adapter is built in (docs/pos.md): with pos.mode "mis" one is given by the edge.
    return { hostUrl, readers, pos: null, extra: null };
  });
  return { ...services, training: null };
}
