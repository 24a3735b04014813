import type { ConfirmRequest, HostOrder, JournalWitness, UnloadedRequest } from '../../contract/host-api';
import type { HostLink } from './port';

/**
 * A witness outside the journal file (docs/architecture.md §3c, docs/security.md "What the journal
 * proves"): every call that ends a recharge at the host — `confirm` and `unloaded` — carries the journal's
 * id and each hash chain's head as the call leaves, read at that moment (`heads`). The host keeps the
 * furthest head of each chain per terminal, so a journal later cut short, or rewritten with every hash
 * recomputed, no longer matches it. A decorator, so the recharge engine itself does not change; every
 * other call passes through untouched. A journal without chains (older schema) sends no witness, and neither
 * does one that cannot be read at that moment: the recharge must end at the host whatever the witness.
 */
export function withWitness(link: HostLink, heads: () => JournalWitness | null): HostLink {
  const witnessed = <R extends ConfirmRequest | UnloadedRequest>(req: R): R => {
    let witness: JournalWitness | null = null;
    try {
      witness = heads();
    } catch {
      witness = null; // the journal's own next write says what is wrong with it
    }
    return witness ? { ...req, witness } : req;
  };
  return new Proxy(link, {
    get(target, prop, receiver) {
      if (prop === 'confirm') {
        return (orderId: string, req: ConfirmRequest): Promise<HostOrder> => target.confirm(orderId, witnessed(req));
      }
      if (prop === 'markUnloaded') {
        return (orderId: string, req: UnloadedRequest): Promise<HostOrder> => target.markUnloaded(orderId, witnessed(req));
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
