/**
 * Long polls of `GET /v1/orders/{id}?waitMs=N&unless=STATUS` (docs/architecture.md §3b): each waiting
 * request registers here; every change of the order (HostStore.onOrderChange) wakes its waiters, who
 * read the order again. A waiter leaves on change, timeout, the client going away, or the host closing,
 * so the count of waiters goes back to zero and no timer outlives the host.
 */
export type WakeReason = 'changed' | 'timeout' | 'aborted' | 'closed';

interface Waiter { wake(reason: WakeReason): void }

export class OrderWatch {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private closed = false;

  /** Wakes the order's waiters; they run after the current (synchronous) transaction has committed. */
  notify(orderId: string): void {
    for (const w of [...(this.waiters.get(orderId) ?? [])]) w.wake('changed');
  }

  /** Resolves on the order's next change, after `ms`, when `signal` aborts, or when the host closes. */
  wait(orderId: string, ms: number, signal?: AbortSignal): Promise<WakeReason> {
    if (this.closed) return Promise.resolve('closed');
    if (signal?.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      const set = this.waiters.get(orderId) ?? new Set<Waiter>();
      this.waiters.set(orderId, set);
      const onAbort = () => waiter.wake('aborted');
      const timer = setTimeout(() => waiter.wake('timeout'), ms);
      const waiter: Waiter = {
        wake: (reason) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          set.delete(waiter);
          if (set.size === 0 && this.waiters.get(orderId) === set) this.waiters.delete(orderId);
          resolve(reason);
        },
      };
      set.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** How many requests are waiting now (tests check nothing is left behind). */
  get size(): number {
    let n = 0;
    for (const s of this.waiters.values()) n += s.size;
    return n;
  }

  /** Ends every wait with 'closed' and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const set of [...this.waiters.values()]) for (const w of [...set]) w.wake('closed');
  }
}
