import type { CounterStatus } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import type { Settings } from '../config';
import type { ReaderState } from './services';

/**
 * What main remembers for the counter between calls: the signed-in operator, the recharge the wizard is
 * in the middle of, the host's last known reachability and the reader state. The renderer holds no
 * truth (design.md §1): after a reload it asks for this.
 */
export class CounterSession {
  operatorId: string | null = null;
  activeRechargeId: string | null = null;
  hostOnline: boolean | null = null;
  reader: ReaderState = { readers: [], reader: null, cardPresent: false };
  /** Card writes (load / resume) running now: quitting is refused while any is. */
  loadsInFlight = 0;

  constructor(private readonly settings: Settings, private readonly training: boolean) {}

  /** A cancelled order is no longer the wizard's: it has nothing left to show for it. */
  track(r: RechargeRecord): void {
    if (r.id === this.activeRechargeId && r.state === 'CANCELLED') this.activeRechargeId = null;
  }

  status(): CounterStatus {
    return {
      training: this.training,
      terminalId: this.settings.terminalId,
      branch: this.settings.branch,
      operatorId: this.operatorId,
      readers: this.reader.readers,
      reader: this.reader.reader,
      cardPresent: this.reader.cardPresent,
      hostOnline: this.hostOnline,
      activeRechargeId: this.activeRechargeId,
    };
  }
}
