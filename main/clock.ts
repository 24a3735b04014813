import { AppError } from '../contract/errors';

/**
 * Time, as every part of main gets it: injected, so tests move it (order expiry, day close, idle lock)
 * instead of waiting. `sleep` rejects with RECHARGE_PAYMENT_WAIT_ABORTED when its signal aborts.
 */
export interface Clock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new AppError('RECHARGE_PAYMENT_WAIT_ABORTED'));
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => { clearTimeout(timer); reject(new AppError('RECHARGE_PAYMENT_WAIT_ABORTED')); }, { once: true });
    }),
};
