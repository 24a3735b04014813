import type { CallName, CounterStatus, SignedInOperator } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import type { Settings } from '../../contract/settings';
import { systemClock, type Clock } from '../clock';
import type { StatusReaders } from './reader-feed';

/**
 * Which renderer made a call: an Electron window (its webContents id), or a browser holding one of the
 * bridge's session cookies (main/ipc/bridge-sessions.ts). Sign-in, idle lock and the supervisor's
 * confirmation are kept per client, so a reload keeps them and another window or browser does not share them.
 */
export interface CallContext { client: string }
export const DEFAULT_CLIENT: CallContext = { client: 'default' };

/**
 * Calls a window makes on its own, not because someone at the counter acted: the refresh after an event
 * or a reconnect, and the payment poll. They never count as activity (docs/security.md, idle lock).
 */
export const BACKGROUND_CALLS: ReadonlySet<CallName> = new Set<CallName>(['status', 'settings', 'rechargeGet', 'rechargeCheckPayment']);
/** What a locked session may still do: see that it is locked, unlock with the password, or sign out (switch operator). */
export const WHILE_LOCKED: ReadonlySet<CallName> = new Set<CallName>(['status', 'settings', 'unlock', 'signOut']);
/** Supervisor-only calls need the password to have been given within this time (sign-in or `unlock`). */
export const REAUTH_AFTER_MS = 5 * 60_000;

/** One client's sign-in: who, when the password was last proven, the last activity, and whether it is locked. */
interface Seat { op: SignedInOperator; authAt: number; activeAt: number; locked: boolean }

/**
 * What main remembers for the counter between calls: who is signed in (per client) with their idle lock and
 * last password proof, the recharge the wizard is in the middle of, the host's last known reachability and
 * the reader state. The renderer holds no truth (docs/architecture.md §1): after a reload it asks for this.
 * The gate (main/ipc/register.ts) enforces the lock and the supervisor's confirmation from here.
 */
export class CounterSession {
  private readonly seats = new Map<string, Seat>();
  activeRechargeId: string | null = null;
  hostOnline: boolean | null = null;
  reader: StatusReaders = { readers: [], reader: null, cardPresent: false };
  /** Card writes (load / resume) running now: quitting is refused while any is. */
  loadsInFlight = 0;

  constructor(
    private readonly settings: Settings, private readonly training: boolean, private readonly clock: Clock = systemClock,
    /** Whether someone set the terminal id (policy, set-up, 系统设置): until then the status bar shows none, not the default. */
    private readonly terminalIdSet: () => boolean = () => true,
  ) {}

  /** A cancelled order is no longer the wizard's: it has nothing left to show for it. */
  track(r: RechargeRecord): void {
    if (r.id === this.activeRechargeId && r.state === 'CANCELLED') this.activeRechargeId = null;
  }

  who(ctx: CallContext = DEFAULT_CLIENT): SignedInOperator | null {
    return this.seats.get(ctx.client)?.op ?? null;
  }

  /** A sign-in is a password proof and activity at once. */
  signIn(ctx: CallContext, op: SignedInOperator): void {
    const now = this.now();
    this.seats.set(ctx.client, { op, authAt: now, activeAt: now, locked: false });
  }

  signOut(ctx: CallContext): void {
    this.seats.delete(ctx.client);
  }

  /** Someone at this client acted (any call but BACKGROUND_CALLS, and `activity`). A locked seat stays locked. */
  touch(ctx: CallContext): void {
    const seat = this.seats.get(ctx.client);
    if (seat && !this.lockedSeat(seat)) seat.activeAt = this.now();
  }

  /** True once the client has been idle for settings.idleLockMinutes; it stays locked until `unlocked`. */
  locked(ctx: CallContext = DEFAULT_CLIENT): boolean {
    const seat = this.seats.get(ctx.client);
    return seat ? this.lockedSeat(seat) : false;
  }

  /** The password was proven again (`unlock`): the lock is lifted and supervisor calls may go on. */
  unlocked(ctx: CallContext): void {
    const seat = this.seats.get(ctx.client);
    if (!seat) return;
    const now = this.now();
    Object.assign(seat, { locked: false, authAt: now, activeAt: now });
  }

  /** Whether the password was proven within REAUTH_AFTER_MS (what supervisor-only calls need). */
  confirmedRecently(ctx: CallContext): boolean {
    const seat = this.seats.get(ctx.client);
    return seat !== undefined && this.now() - seat.authAt <= REAUTH_AFTER_MS;
  }

  /** Every client `operatorId` is signed in at (to end them when the account is disabled). */
  clientsOf(operatorId: string): CallContext[] {
    return [...this.seats].filter(([, s]) => s.op.operatorId === operatorId).map(([client]) => ({ client }));
  }

  get idleLockMinutes(): number {
    return this.settings.idleLockMinutes;
  }

  status(ctx: CallContext = DEFAULT_CLIENT): CounterStatus {
    const op = this.who(ctx);
    return {
      training: this.training,
      terminalId: this.terminalIdSet() ? this.settings.terminalId : '',
      branch: this.settings.branch,
      operatorId: op?.operatorId ?? null,
      operatorName: op?.name ?? null,
      role: op?.role ?? null,
      readers: this.reader.readers,
      reader: this.reader.reader,
      cardPresent: this.reader.cardPresent,
      hostOnline: this.hostOnline,
      activeRechargeId: this.activeRechargeId,
      locked: this.locked(ctx),
    };
  }

  private lockedSeat(seat: Seat): boolean {
    if (!seat.locked && this.now() - seat.activeAt >= this.settings.idleLockMinutes * 60_000) seat.locked = true;
    return seat.locked;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
