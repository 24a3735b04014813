import { AppError } from '../../contract/errors';
import type { CallName } from '../../contract/ipc';
import type { Handlers } from './handler';

/**
 * Calls that move money or load a card: refused with SETUP_INCOMPLETE while a real counter's first-run
 * set-up (初始化设置: the first supervisor, the host address) is not done — in main, whatever the window
 * shows (docs/ui.md "Set-up and settings"). Reading records, the card check, paper and settings stay open.
 */
export const NEEDS_SETUP = [
  'readCard', 'rechargeStart', 'rechargeCheckPayment', 'rechargeCancel', 'rechargeLoad', 'rechargeResume', 'recordLoad', 'dayClose',
] as const satisfies readonly CallName[];

export function guardSetup(handlers: Handlers, setupRequired: () => boolean): Handlers {
  const guarded: Handlers = { ...handlers };
  for (const name of NEEDS_SETUP) {
    const inner = handlers[name] as (req: unknown, ctx?: unknown) => Promise<unknown>;
    (guarded as Record<CallName, unknown>)[name] = (req: unknown, ctx?: unknown) => {
      if (setupRequired()) return Promise.reject(new AppError('SETUP_INCOMPLETE'));
      return inner(req, ctx);
    };
  }
  return guarded;
}
