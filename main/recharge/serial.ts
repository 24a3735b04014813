import { AppError } from '../../contract/errors';

/** What a holder of the counter's line may do: step out while it waits for a customer (the POS), then back in. */
export interface InLine {
  /**
   * Runs `wait` outside the line (other recharges' steps, 日结 and card reads go on meanwhile) and comes back in
   * before it returns. The recharge itself stays locked throughout: nothing else touches it while it waits.
   */
  outside<T>(wait: () => Promise<T>): Promise<T>;
}

/**
 * The one serialization of the counter (docs/architecture.md §2): every operation that touches a recharge or a
 * day — start, pay, load, resume, cancel, adopt, resolve, 日结, reopen — from any window, the command line or a
 * restart, runs in this one line, one at a time. An operation on a recharge also holds that recharge's lock, so
 * a step that waits outside the line (a POS charge while the customer types the PIN) still keeps every other
 * operation off its recharge: those are refused at once with RECHARGE_BUSY rather than left to queue behind it.
 */
export class CounterLine {
  private tail: Promise<void> = Promise.resolve();
  private readonly locked = new Map<string, string>();

  /** Runs `fn` in the line, holding recharge `id`'s lock when one is given (RECHARGE_BUSY if another holds it). */
  async run<T>(id: string | null, fn: (line: InLine) => Promise<T>): Promise<T> {
    let release = await this.enter();
    try {
      if (id !== null && this.locked.has(id)) throw new AppError('RECHARGE_BUSY');
      if (id !== null) this.locked.set(id, 'held');
      try {
        return await fn({
          outside: async <R>(wait: () => Promise<R>): Promise<R> => {
            release();
            try {
              return await wait();
            } finally {
              release = await this.enter();
            }
          },
        });
      } finally {
        if (id !== null) this.locked.delete(id);
      }
    } finally {
      release();
    }
  }

  /** Whether recharge `id` is held by an operation now (a POS charge waiting for the customer, a card step). */
  isHeld(id: string): boolean {
    return this.locked.has(id);
  }

  /** Recharges held now: 日结 and quitting wait for none. */
  get held(): number {
    return this.locked.size;
  }

  /** Resolves once every operation that entered the line so far has left it. */
  idle(): Promise<void> {
    return this.tail;
  }

  private async enter(): Promise<() => void> {
    let open!: () => void;
    const mine = new Promise<void>((resolve) => { open = resolve; });
    const before = this.tail;
    this.tail = before.then(() => mine);
    await before;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      open();
    };
  }
}
