import type { CounterStatus, SignedInOperator } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import type { Settings } from '../../contract/settings';
import type { StatusReaders } from './reader-feed';

/**
 * Which renderer made a call: an Electron window (its webContents id) or the browser bridge (one per
 * run token). Signed-in operators are kept per client, so a reload keeps its sign-in and another window does not share it.
 */
export interface CallContext { client: string }
export const DEFAULT_CLIENT: CallContext = { client: 'default' };

/**
 * What main remembers for the counter between calls: who is signed in (per client), the recharge the
 * wizard is in the middle of, the host's last known reachability and the reader state. The renderer holds
 * no truth (docs/architecture.md §1): after a reload it asks for this.
 */
export class CounterSession {
  private readonly operators = new Map<string, SignedInOperator>();
  activeRechargeId: string | null = null;
  hostOnline: boolean | null = null;
  reader: StatusReaders = { readers: [], reader: null, cardPresent: false };
  /** Card writes (load / resume) running now: quitting is refused while any is. */
  loadsInFlight = 0;

  constructor(private readonly settings: Settings, private readonly training: boolean) {}

  /** A cancelled order is no longer the wizard's: it has nothing left to show for it. */
  track(r: RechargeRecord): void {
    if (r.id === this.activeRechargeId && r.state === 'CANCELLED') this.activeRechargeId = null;
  }

  who(ctx: CallContext = DEFAULT_CLIENT): SignedInOperator | null {
    return this.operators.get(ctx.client) ?? null;
  }

  signIn(ctx: CallContext, op: SignedInOperator): void {
    this.operators.set(ctx.client, op);
  }

  signOut(ctx: CallContext): void {
    this.operators.delete(ctx.client);
  }

  status(ctx: CallContext = DEFAULT_CLIENT): CounterStatus {
    const op = this.who(ctx);
    return {
      training: this.training,
      terminalId: this.settings.terminalId,
      branch: this.settings.branch,
      operatorId: op?.operatorId ?? null,
      operatorName: op?.name ?? null,
      role: op?.role ?? null,
      readers: this.reader.readers,
      reader: this.reader.reader,
      cardPresent: this.reader.cardPresent,
      hostOnline: this.hostOnline,
      activeRechargeId: this.activeRechargeId,
    };
  }
}
