import { composeReal } from './real';
import type { ComposeOptions, Services } from './services';

/**
 * The composition root: every service of the main process, wired over its ports for the chosen mode.
 * Training's module (simulators, training keys, virtual cards) is imported only when training is chosen,
 * so real mode never loads anything of sim/. The caller — the edge — reads the environment and the
 * settings and passes them in; nothing here reads `process.env`.
 */
export async function compose(o: ComposeOptions): Promise<Services> {
  if (o.mode === 'training') return (await import('./training')).composeTraining(o);
  return composeReal(o);
}
