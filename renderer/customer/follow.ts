import { CUSTOMER_STALE_MS, type CustomerMessage, type CustomerView } from '../../contract/customer';

type ViewMessage = Extract<CustomerMessage, { kind: 'view' }>;
interface Heard { from: string; seq: number; view: CustomerView; at: number }

/**
 * Which clerk's window the display follows (docs/ui.md "Customer display"). Views of one window count up; an
 * older one is dropped. A second clerk's window on the same origin (another tab) saying "nothing under way"
 * does not take the screen from a window whose customer is paying. Silence for CUSTOMER_STALE_MS — the clerk's
 * window closed — brings the welcome back.
 */
export class CustomerFollower {
  private heard: Heard | null = null;

  /** A message from the channel; true when it changed what is shown. */
  take(m: ViewMessage, now: number): boolean {
    const h = this.heard;
    const fresh = h !== null && now - h.at < CUSTOMER_STALE_MS;
    if (h && m.from === h.from && m.seq <= h.seq) return false;
    if (h && fresh && m.from !== h.from && m.view.screen === 'idle' && h.view.screen !== 'idle') return false;
    this.heard = { from: m.from, seq: m.seq, view: m.view, at: now };
    return true;
  }

  /** What to show now. */
  view(now: number): CustomerView {
    const h = this.heard;
    if (!h) return { screen: 'idle', training: false };
    if (now - h.at >= CUSTOMER_STALE_MS) return { screen: 'idle', training: h.view.training };
    return h.view;
  }
}
