import type { Services } from '../compose/services';
import { resolveNeedsAdmin } from './admin';
import { dayUseCases } from './day';
import { rechargeUseCases } from './recharge';

export type { RechargeUseCases, Finished } from './recharge';
export type { DayUseCases } from './day';

/** The counter's use cases over its services (docs/architecture.md §1): what IPC and the command line share. */
export function useCases(s: Services) {
  return {
    recharge: rechargeUseCases(s),
    day: dayUseCases(s),
    resolveNeedsAdmin: (actor: Parameters<typeof resolveNeedsAdmin>[1], q: Parameters<typeof resolveNeedsAdmin>[2]) => resolveNeedsAdmin(s, actor, q),
  };
}
export type UseCases = ReturnType<typeof useCases>;
