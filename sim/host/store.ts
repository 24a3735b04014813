import Database from 'better-sqlite3';
import type { HostOrderStatus } from '../../contract/host-api';
import type { PayChannel } from '../../contract/recharge';

/**
 * The simulated host's own SQLite store (WAL, synchronous=FULL): sessions, orders, the MAC2s it handed
 * out, and an append-only event list per order (payments, repairs, evidence) for an auditor to read.
 */
export interface OrderRow {
  orderId: string;
  clientOrderId: string;
  requestJson: string; // canonical create body: a repeat with another body is a conflict
  status: HostOrderStatus;
  channel: PayChannel;
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
}

export interface OrderEvent { id: number; orderId: string; at: string; kind: string; data: unknown; }

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, operator_id TEXT NOT NULL,
  created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS orders (order_id TEXT PRIMARY KEY, client_order_id TEXT NOT NULL UNIQUE, request_json TEXT NOT NULL,
  status TEXT NOT NULL, channel TEXT NOT NULL, card_no TEXT NOT NULL, plate TEXT NOT NULL, plate_color INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL, terminal_id TEXT NOT NULL, balance_fen INTEGER NOT NULL, qr_payload TEXT NOT NULL,
  trade_no TEXT, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, paid_at TEXT, loaded_at TEXT, unloaded_at TEXT,
  new_balance_fen INTEGER);
CREATE INDEX IF NOT EXISTS orders_card ON orders (card_no);
CREATE INDEX IF NOT EXISTS orders_plate ON orders (plate, plate_color, created_at);
CREATE TABLE IF NOT EXISTS authorizations (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL REFERENCES orders,
  online_serial INTEGER NOT NULL, random TEXT NOT NULL, mac1 TEXT NOT NULL, old_balance_fen INTEGER NOT NULL,
  terminal_id TEXT NOT NULL, host_date TEXT NOT NULL, host_time TEXT NOT NULL, mac2 TEXT NOT NULL, created_at TEXT NOT NULL,
  proven_unused INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS authorizations_order ON authorizations (order_id, online_serial);
CREATE TABLE IF NOT EXISTS order_events (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL, at TEXT NOT NULL,
  kind TEXT NOT NULL, data_json TEXT NOT NULL);
`;

const ORDER_COLUMNS = `order_id AS orderId, client_order_id AS clientOrderId, request_json AS requestJson, status, channel,
  card_no AS cardNo, plate, plate_color AS plateColor, amount_fen AS amountFen, terminal_id AS terminalId,
  balance_fen AS balanceFen, qr_payload AS qrPayload, trade_no AS tradeNo, created_at AS createdAt, expires_at AS expiresAt,
  paid_at AS paidAt, loaded_at AS loadedAt, unloaded_at AS unloadedAt, new_balance_fen AS newBalanceFen`;

const AUTH_COLUMNS = `id, order_id AS orderId, online_serial AS onlineSerial, random, mac1, old_balance_fen AS oldBalanceFen,
  terminal_id AS terminalId, host_date AS hostDate, host_time AS hostTime, mac2, created_at AS createdAt,
  proven_unused AS provenUnused`;

/** camelCase field → column, for the few fields an order changes after creation. */
const MUTABLE: Record<string, string> = {
  status: 'status', tradeNo: 'trade_no', paidAt: 'paid_at', loadedAt: 'loaded_at', unloadedAt: 'unloaded_at',
  newBalanceFen: 'new_balance_fen',
};
export type OrderPatch = Partial<Pick<OrderRow, 'status' | 'tradeNo' | 'paidAt' | 'loadedAt' | 'unloadedAt' | 'newBalanceFen'>>;

export class HostStore {
  readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
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
      new_balance_fen) VALUES (@orderId, @clientOrderId, @requestJson, @status, @channel, @cardNo, @plate, @plateColor,
      @amountFen, @terminalId, @balanceFen, @qrPayload, @tradeNo, @createdAt, @expiresAt, @paidAt, @loadedAt, @unloadedAt,
      @newBalanceFen)`).run(o);
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

  /** Orders still waiting for payment: the candidates for expiry. */
  awaitingPayment(): OrderRow[] {
    return this.db.prepare(`SELECT ${ORDER_COLUMNS} FROM orders WHERE status = 'AWAITING_PAYMENT'`).all() as OrderRow[];
  }

  updateOrder(orderId: string, patch: OrderPatch): void {
    const entries = Object.entries(patch).filter(([k]) => k in MUTABLE);
    if (entries.length === 0) return;
    const sets = entries.map(([k]) => `${MUTABLE[k]} = @${k}`).join(', ');
    this.db.prepare(`UPDATE orders SET ${sets} WHERE order_id = @orderId`).run({ ...Object.fromEntries(entries), orderId });
  }

  insertAuthorization(a: Omit<AuthorizationRow, 'id' | 'provenUnused'>): void {
    this.db.prepare(`INSERT INTO authorizations (order_id, online_serial, random, mac1, old_balance_fen, terminal_id, host_date,
      host_time, mac2, created_at) VALUES (@orderId, @onlineSerial, @random, @mac1, @oldBalanceFen, @terminalId, @hostDate,
      @hostTime, @mac2, @createdAt)`).run(a);
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
