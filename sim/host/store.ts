import Database from 'better-sqlite3';
import type { HostChannel, HostOrderStatus } from '../../contract/host-api';
import { migrate } from './store-schema';

/**
 * The simulated host's own SQLite store (WAL, synchronous=FULL): sessions, orders, the MAC2s it handed
 * out, and an append-only event list per order (payments, repairs, evidence, refunds) for an auditor.
 * Every change to an order is announced through `onOrderChange`, which wakes long polls.
 */
export interface OrderRow {
  orderId: string;
  clientOrderId: string;
  requestJson: string; // canonical create body: a repeat with another body is a conflict
  status: HostOrderStatus;
  channel: HostChannel;
  cardNo: string;
  plate: string;
  plateColor: number;
  amountFen: number;
  terminalId: string;
  balanceFen: number;
  qrPayload: string;
  tradeNo: string | null;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  loadedAt: string | null;
  unloadedAt: string | null;
  newBalanceFen: number | null;
  /** The POS voucher as JSON (channel pos). */
  posJson: string | null;
  /** The payment code (付款码) that is paying, or paid, for this order. */
  authCode: string | null;
  /** 1 while the customer confirms a payment-code payment on the phone (USERPAYING). */
  userPaying: number;
  payPollsLeft: number | null;
  payDueAt: string | null;
  /** The terminal whose authorization loaded the card. */
  loadTerminalId: string | null;
  refundingAt: string | null;
  refundNo: string | null;
  refundedAt: string | null;
}

export interface AuthorizationRow {
  id: number;
  orderId: string;
  onlineSerial: number;
  random: string;
  mac1: string;
  oldBalanceFen: number;
  terminalId: string;
  hostDate: string;
  hostTime: string;
  mac2: string;
  createdAt: string;
  /** Set when the order was proven UNLOADED after this MAC2 was issued: it can no longer load the card. */
  provenUnused: number;
  /** The algorithm id and key version the card's INIT answered: they pick the crypto for MAC2 and TAC. */
  algId: number;
  keyVersion: number;
}

export interface OrderEvent { id: number; orderId: string; at: string; kind: string; data: unknown; }

const ORDER_COLUMNS = `order_id AS orderId, client_order_id AS clientOrderId, request_json AS requestJson, status, channel,
  card_no AS cardNo, plate, plate_color AS plateColor, amount_fen AS amountFen, terminal_id AS terminalId,
  balance_fen AS balanceFen, qr_payload AS qrPayload, trade_no AS tradeNo, created_at AS createdAt, expires_at AS expiresAt,
  paid_at AS paidAt, loaded_at AS loadedAt, unloaded_at AS unloadedAt, new_balance_fen AS newBalanceFen, pos_json AS posJson,
  auth_code AS authCode, user_paying AS userPaying, pay_polls_left AS payPollsLeft, pay_due_at AS payDueAt,
  load_terminal_id AS loadTerminalId, refunding_at AS refundingAt, refund_no AS refundNo, refunded_at AS refundedAt`;

const AUTH_COLUMNS = `id, order_id AS orderId, online_serial AS onlineSerial, random, mac1, old_balance_fen AS oldBalanceFen,
  terminal_id AS terminalId, host_date AS hostDate, host_time AS hostTime, mac2, created_at AS createdAt,
  proven_unused AS provenUnused, alg_id AS algId, key_version AS keyVersion`;

/** camelCase field → column, for the fields an order changes after creation. */
const MUTABLE = {
  status: 'status', tradeNo: 'trade_no', paidAt: 'paid_at', loadedAt: 'loaded_at', unloadedAt: 'unloaded_at',
  newBalanceFen: 'new_balance_fen', authCode: 'auth_code', userPaying: 'user_paying', payPollsLeft: 'pay_polls_left',
  payDueAt: 'pay_due_at', loadTerminalId: 'load_terminal_id', refundingAt: 'refunding_at', refundNo: 'refund_no',
  refundedAt: 'refunded_at',
} as const;
export type OrderPatch = Partial<Pick<OrderRow, keyof typeof MUTABLE>>;

export class HostStore {
  readonly db: Database.Database;
  /** Called after every insert or change of an order (inside the transaction: listeners must defer work). */
  onOrderChange: ((orderId: string) => void) | null = null;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    migrate(this.db);
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` in one transaction: an answer is only produced from a committed state. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insertSession(s: { token: string; terminalId: string; operatorId: string; createdAt: string; expiresAt: string }): void {
    this.db.prepare(`INSERT INTO sessions (token, terminal_id, operator_id, created_at, expires_at)
      VALUES (@token, @terminalId, @operatorId, @createdAt, @expiresAt)`).run(s);
  }

  /** The session's terminal and operator if the token is live at `nowIso`. */
  liveSession(token: string, nowIso: string): { terminalId: string; operatorId: string } | null {
    const row = this.db.prepare(`SELECT terminal_id AS terminalId, operator_id AS operatorId FROM sessions
      WHERE token = ? AND revoked = 0 AND expires_at > ?`).get(token, nowIso) as { terminalId: string; operatorId: string } | undefined;
    return row ?? null;
  }

  revokeSessions(): void {
    this.db.prepare('UPDATE sessions SET revoked = 1').run();
  }

  insertOrder(o: OrderRow): void {
    this.db.prepare(`INSERT INTO orders (order_id, client_order_id, request_json, status, channel, card_no, plate, plate_color,
      amount_fen, terminal_id, balance_fen, qr_payload, trade_no, created_at, expires_at, paid_at, loaded_at, unloaded_at,
      new_balance_fen, pos_json, auth_code, user_paying, pay_polls_left, pay_due_at, load_terminal_id, refunding_at, refund_no,
      refunded_at) VALUES (@orderId, @clientOrderId, @requestJson, @status, @channel, @cardNo, @plate, @plateColor, @amountFen,
      @terminalId, @balanceFen, @qrPayload, @tradeNo, @createdAt, @expiresAt, @paidAt, @loadedAt, @unloadedAt, @newBalanceFen,
      @posJson, @authCode, @userPaying, @payPollsLeft, @payDueAt, @loadTerminalId, @refundingAt, @refundNo, @refundedAt)`).run(o);
    this.onOrderChange?.(o.orderId);
  }

  order(orderId: string): OrderRow | null {
    return (this.db.prepare(`SELECT ${ORDER_COLUMNS} FROM orders WHERE order_id = ?`).get(orderId) as OrderRow | undefined) ?? null;
  }

  orderByClientId(clientOrderId: string): OrderRow | null {
    return (this.db.prepare(`SELECT ${ORDER_COLUMNS} FROM orders WHERE client_order_id = ?`).get(clientOrderId) as OrderRow | undefined) ?? null;
  }

  ordersForCard(cardNo: string): OrderRow[] {
    return this.db.prepare(`SELECT ${ORDER_COLUMNS} FROM orders WHERE card_no = ? ORDER BY created_at, order_id`).all(cardNo) as OrderRow[];
  }

  /** Orders of a plate created in [fromIso, toIso). */
  ordersForPlate(plate: string, plateColor: number, fromIso: string, toIso: string): OrderRow[] {
    return this.db.prepare(`SELECT ${ORDER_COLUMNS} FROM orders WHERE plate = ? AND plate_color = ? AND created_at >= ?
      AND created_at < ? ORDER BY created_at, order_id`).all(plate, plateColor, fromIso, toIso) as OrderRow[];
  }

  /** Orders a terminal created, or loaded, in [fromIso, toIso); oldest first. */
  ordersOfTerminal(terminalId: string, fromIso: string, toIso: string): OrderRow[] {
    return this.db.prepare(`SELECT ${ORDER_COLUMNS} FROM orders WHERE (terminal_id = @t AND created_at >= @from AND created_at < @to)
      OR (load_terminal_id = @t AND loaded_at >= @from AND loaded_at < @to) ORDER BY created_at, rowid`)
      .all({ t: terminalId, from: fromIso, to: toIso }) as OrderRow[];
  }

  /** Orders in any of `statuses`. */
  ordersIn(statuses: readonly HostOrderStatus[]): OrderRow[] {
    const marks = statuses.map(() => '?').join(', ');
    return this.db.prepare(`SELECT ${ORDER_COLUMNS} FROM orders WHERE status IN (${marks}) ORDER BY created_at, order_id`)
      .all(...statuses) as OrderRow[];
  }

  updateOrder(orderId: string, patch: OrderPatch): void {
    const entries = Object.entries(patch).filter(([k]) => k in MUTABLE);
    if (entries.length === 0) return;
    const sets = entries.map(([k]) => `${MUTABLE[k as keyof typeof MUTABLE]} = @${k}`).join(', ');
    this.db.prepare(`UPDATE orders SET ${sets} WHERE order_id = @orderId`).run({ ...Object.fromEntries(entries), orderId });
    this.onOrderChange?.(orderId);
  }

  insertAuthorization(a: Omit<AuthorizationRow, 'id' | 'provenUnused'>): void {
    this.db.prepare(`INSERT INTO authorizations (order_id, online_serial, random, mac1, old_balance_fen, terminal_id, host_date,
      host_time, mac2, created_at, alg_id, key_version) VALUES (@orderId, @onlineSerial, @random, @mac1, @oldBalanceFen,
      @terminalId, @hostDate, @hostTime, @mac2, @createdAt, @algId, @keyVersion)`).run(a);
  }

  /** Every MAC2 issued for the order, newest first. */
  authorizations(orderId: string): AuthorizationRow[] {
    return this.db.prepare(`SELECT ${AUTH_COLUMNS} FROM authorizations WHERE order_id = ? ORDER BY id DESC`).all(orderId) as AuthorizationRow[];
  }

  markAuthorizationsUnused(orderId: string): void {
    this.db.prepare('UPDATE authorizations SET proven_unused = 1 WHERE order_id = ?').run(orderId);
  }

  addEvent(orderId: string, at: string, kind: string, data: unknown = {}): void {
    this.db.prepare('INSERT INTO order_events (order_id, at, kind, data_json) VALUES (?, ?, ?, ?)').run(orderId, at, kind, JSON.stringify(data));
  }

  events(orderId: string): OrderEvent[] {
    const rows = this.db.prepare(`SELECT id, order_id AS orderId, at, kind, data_json AS dataJson FROM order_events
      WHERE order_id = ? ORDER BY id`).all(orderId) as Array<Omit<OrderEvent, 'data'> & { dataJson: string }>;
    return rows.map(({ dataJson, ...e }) => ({ ...e, data: JSON.parse(dataJson) as unknown }));
  }
}
