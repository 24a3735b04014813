import type { CardTransaction } from '../../contract/card';
import type { HostOrderStatus } from '../../contract/host-api';
import type { Fen } from '../../contract/money';

/** What the journal held before CREDIT FOR LOAD was sent (docs/card-protocol.md §4). */
export interface LoadAttempt {
  amountFen: Fen;
  oldBalanceFen: Fen; // B, from INITIALIZE FOR LOAD
  onlineSerial: number; // N, from INITIALIZE FOR LOAD
  terminalId: string; // 12 hex
  hostDate: string; // YYYYMMDD
  hostTime: string; // hhmmss
}

/** What the card shows now, read without changing anything (GET BALANCE + a probing INIT + the 0018 log). */
export interface CardProbe {
  balanceFen: Fen;
  onlineSerial: number; // N'
  log: CardTransaction[];
}

export type Verdict =
  | { kind: 'LOADED'; record: CardTransaction | null; reason: string }
  | { kind: 'NOT_LOADED'; reason: string }
  | { kind: 'CONTRADICTION'; reason: string };

/** The 0018 load record of this attempt: type 02, amount, terminal and host date/time — not the serial (UNCONFIRMED N or N+1). */
export function findLoadRecord(a: LoadAttempt, log: CardTransaction[]): CardTransaction | null {
  const at = `${a.hostDate.slice(0, 4)}-${a.hostDate.slice(4, 6)}-${a.hostDate.slice(6, 8)}T` +
    `${a.hostTime.slice(0, 2)}:${a.hostTime.slice(2, 4)}:${a.hostTime.slice(4, 6)}`;
  return log.find((t) => t.type === 0x02 && t.amountFen === a.amountFen &&
    t.terminalId.toUpperCase() === a.terminalId.toUpperCase() && t.at === at) ?? null;
}

/**
 * Decides whether an interrupted CREDIT FOR LOAD reached the card (docs/card-protocol.md §4, steps 3–5).
 *
 * The online serial is the card's own load counter: CREDIT increments it atomically with the balance
 * and the 0018 record, and purchases never touch it. So N' = N proves the load is not on the card even
 * if the balance moved (a toll purchase in between) — we record the difference as evidence but do not
 * need an administrator for it. N' = N + 1 with the matching 0018 record proves it is. Everything else
 * is decided from the 0018 history, and where that is silent it is a contradiction for the administrator.
 */
export function decideLoad(a: LoadAttempt, p: CardProbe, hostStatus: HostOrderStatus | null = null): Verdict {
  const record = findLoadRecord(a, p.log);
  if (p.onlineSerial === a.onlineSerial) {
    if (record) return { kind: 'CONTRADICTION', reason: 'serial unchanged but the 0018 log holds this load' };
    if (hostStatus === 'LOADED') return { kind: 'CONTRADICTION', reason: 'host says loaded, card serial unchanged' };
    const same = p.balanceFen === a.oldBalanceFen;
    return { kind: 'NOT_LOADED', reason: same ? 'serial and balance unchanged' : 'serial unchanged (balance moved by purchases)' };
  }
  if (p.onlineSerial === a.onlineSerial + 1) {
    if (record) return { kind: 'LOADED', record, reason: 'serial N+1 and the matching 0018 load record' };
    if (p.balanceFen === a.oldBalanceFen + a.amountFen && p.log.length === 0) {
      return { kind: 'LOADED', record: null, reason: 'serial N+1 and balance B+A (card keeps no log)' };
    }
    return { kind: 'CONTRADICTION', reason: 'serial advanced by one but no matching 0018 load record' };
  }
  if (p.onlineSerial > a.onlineSerial + 1) {
    if (record) return { kind: 'LOADED', record, reason: 'later loads followed; the 0018 log holds this one' };
    return { kind: 'CONTRADICTION', reason: 'several loads since, and the 0018 log does not show this one' };
  }
  return { kind: 'CONTRADICTION', reason: 'card serial is lower than at INIT' };
}

/** An ISO instant as the card's 0018 log writes times: the host's Beijing date and time, 'YYYY-MM-DDThh:mm:ss'. */
export function beijingStamp(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19);
}

export type ElsewhereVerdict =
  | { kind: 'LOADED'; record: CardTransaction; reason: string }
  | { kind: 'NOT_LOADED'; reason: string }
  | { kind: 'UNCLEAR'; reason: string };

/**
 * Whether a load this journal never authorized is on the card: another terminal's MAC2 of the order, or
 * the host's LOADED without a MAC2 of ours (docs/architecture.md §3a). Without that attempt's serial and host
 * time the 0018 log is the witness: exactly one load of the order's amount since it was paid (`since`, card
 * time) shows it; none, in a log that reaches back before the payment, proves it absent; anything else is
 * for the administrator.
 */
export function decideElsewhere(amountFen: Fen, since: string, log: CardTransaction[]): ElsewhereVerdict {
  const loads = log.filter((t) => t.type === 0x02 && t.amountFen === amountFen && t.at >= since);
  const [only, second] = loads;
  if (only && !second) return { kind: 'LOADED', record: only, reason: 'one load of this amount on the card since the payment' };
  if (second) return { kind: 'UNCLEAR', reason: 'several loads of this amount on the card since the payment' };
  const oldest = log.at(-1);
  if (oldest && oldest.at < since) return { kind: 'NOT_LOADED', reason: 'no load of this amount since the payment, and the log reaches back before it' };
  return { kind: 'UNCLEAR', reason: 'the card log does not reach back to the payment' };
}
