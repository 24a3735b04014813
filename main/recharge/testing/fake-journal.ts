import { AppError } from '../../../contract/errors';
import { BLOCKING_STATES, FINAL_STATES, type RechargeEvent, type RechargeRecord } from '../../../contract/recharge';
import type { EventData } from '../../../contract/recharge-events';
import type { NewRecharge, RechargePatch } from '../../journal/port';
import { canTransition } from '../../journal/transitions';
import type { EngineJournal } from '../engine';

/**
 * The engine's journal port in memory, for the recharge specs. It refuses the transitions the real journal
 * refuses (main/journal/transitions.ts) and writes `journal.<STATE>` to the shared timeline — an intent as
 * `journal.intent <action>` — so a spec can see a step land before or after the card and host calls around it.
 */
export class FakeJournal implements EngineJournal {
  private readonly recs = new Map<string, RechargeRecord>();
  private readonly evs = new Map<string, RechargeEvent[]>();
  private tick = 0;

  constructor(private readonly timeline: string[]) {}

  create(r: NewRecharge, data: EventData): RechargeRecord {
    if (this.recs.has(r.id)) throw new AppError('INTERNAL', { detail: `duplicate recharge ${r.id}` });
    const at = this.at();
    this.recs.set(r.id, {
      ...r, createdAt: at, updatedAt: at, state: 'READ', orderId: null, tradeNo: null, qrPayload: null, orderExpiresAt: null,
      onlineSerial: null, hostDateTime: null, balanceAfterFen: null, tac: null, error: null,
      posVoucher: r.posVoucher ?? null, authCodeMasked: r.authCodeMasked ?? null, cardVersion: r.cardVersion ?? null, keyVersion: null, algId: null,
    });
    this.evs.set(r.id, [{ rechargeId: r.id, seq: 1, at, state: 'READ', data: structuredClone(data) }]);
    this.timeline.push('journal.READ');
    return this.mustGet(r.id);
  }

  append(id: string, state: RechargeRecord['state'], data: EventData, patch: RechargePatch = {}): RechargeRecord {
    const rec = this.mustGet(id);
    if (!canTransition(rec.state, state)) throw new AppError('JOURNAL_BAD_TRANSITION', { id, from: rec.state, to: state });
    const at = this.at();
    const events = this.evs.get(id) ?? [];
    events.push({ rechargeId: id, seq: events.length + 1, at, state, data: structuredClone(data) });
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.recs.set(id, { ...rec, ...defined, state, updatedAt: at });
    this.timeline.push(data.step === 'intent' ? `journal.intent ${data.action}` : `journal.${state}`);
    return this.mustGet(id);
  }

  /** The recharge, or RECHARGE_NOT_FOUND (the specs read what they made). */
  mustGet(id: string): RechargeRecord {
    const rec = this.recs.get(id);
    if (!rec) throw new AppError('RECHARGE_NOT_FOUND', { id });
    return { ...rec };
  }

  get(id: string): RechargeRecord | null {
    return this.recs.has(id) ? this.mustGet(id) : null;
  }

  unfinished(): RechargeRecord[] {
    return [...this.recs.values()].filter((r) => !FINAL_STATES.includes(r.state)).map((r) => ({ ...r }));
  }

  needsAdmin(): RechargeRecord[] {
    return [...this.recs.values()].filter((r) => r.state === 'NEEDS_ADMIN').map((r) => ({ ...r }));
  }

  blockingFor(cardNo: string): RechargeRecord[] {
    return [...this.recs.values()].filter((r) => r.cardNo === cardNo && BLOCKING_STATES.includes(r.state)).map((r) => ({ ...r }));
  }

  events(id: string): RechargeEvent[] {
    return structuredClone(this.evs.get(id) ?? []);
  }

  /** The ids of every recharge this journal holds, oldest first. */
  ids(): string[] {
    return [...this.recs.keys()];
  }

  /** The states the recharge went through, in order. */
  states(id: string): RechargeRecord['state'][] {
    return this.events(id).map((e) => e.state);
  }

  private at(): string {
    this.tick += 1;
    return new Date(Date.UTC(2025, 2, 1, 4, 0, this.tick)).toISOString();
  }
}
