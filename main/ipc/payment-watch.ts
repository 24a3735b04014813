import type { RechargeRecord } from '../../contract/recharge';
import type { RechargeEngineApi } from '../recharge/api';

/**
 * The wizard's payment, watched from main (docs/architecture.md §3b): while a recharge is ORDERED, the
 * engine holds a long poll of its host order (`waitForPayment`), so the payment is journaled the moment
 * the host records it and every window hears it as a `recharge` event — the wizard then loads the card.
 * One watch per recharge; it ends by itself when the recharge leaves ORDERED, and `stopAll` ends every
 * one (the IPC registration is disposed). The 已完成支付 button is still the operator's manual check.
 */
export class PaymentWatch {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly engine: Pick<RechargeEngineApi, 'waitForPayment'>,
    private readonly ended: (r: RechargeRecord) => void = () => undefined,
  ) {}

  /** Starts watching `r` if it awaits payment and is not watched yet. */
  watch(r: RechargeRecord): void {
    if (r.state !== 'ORDERED' || this.running.has(r.id)) return;
    const abort = new AbortController();
    this.running.set(r.id, abort);
    this.engine.waitForPayment(r.id, { signal: abort.signal })
      .then((done) => this.ended(done))
      // A refusal or an abort ends the watch; the recharge stays as journaled, the button checks again.
      .catch(() => undefined)
      .finally(() => { if (this.running.get(r.id) === abort) this.running.delete(r.id); });
  }

  /** The recharges watched now. */
  get watching(): string[] {
    return [...this.running.keys()];
  }

  stopAll(): void {
    for (const a of this.running.values()) a.abort();
    this.running.clear();
  }
}
