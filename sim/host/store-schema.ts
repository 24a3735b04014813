import type Database from 'better-sqlite3';

/**
 * The simulated host's tables. A database file from an older simulator gains the newer columns on open
 * (`ALTER TABLE … ADD COLUMN`), so a training host keeps its orders across versions.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, operator_id TEXT NOT NULL,
  created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS orders (order_id TEXT PRIMARY KEY, client_order_id TEXT NOT NULL UNIQUE, request_json TEXT NOT NULL,
  status TEXT NOT NULL, channel TEXT NOT NULL, card_no TEXT NOT NULL, plate TEXT NOT NULL, plate_color INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL, terminal_id TEXT NOT NULL, balance_fen INTEGER NOT NULL, qr_payload TEXT NOT NULL,
  trade_no TEXT, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, paid_at TEXT, loaded_at TEXT, unloaded_at TEXT,
  new_balance_fen INTEGER);
CREATE INDEX IF NOT EXISTS orders_card ON orders (card_no);
CREATE INDEX IF NOT EXISTS orders_plate ON orders (plate, plate_color, created_at);
CREATE INDEX IF NOT EXISTS orders_terminal ON orders (terminal_id, created_at);
CREATE INDEX IF NOT EXISTS orders_status ON orders (status);
CREATE TABLE IF NOT EXISTS authorizations (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL REFERENCES orders,
  online_serial INTEGER NOT NULL, random TEXT NOT NULL, mac1 TEXT NOT NULL, old_balance_fen INTEGER NOT NULL,
  terminal_id TEXT NOT NULL, host_date TEXT NOT NULL, host_time TEXT NOT NULL, mac2 TEXT NOT NULL, created_at TEXT NOT NULL,
  proven_unused INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS authorizations_order ON authorizations (order_id, online_serial);
CREATE TABLE IF NOT EXISTS order_events (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL, at TEXT NOT NULL,
  kind TEXT NOT NULL, data_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS micropays (order_id TEXT NOT NULL REFERENCES orders, auth_code TEXT NOT NULL, outcome TEXT NOT NULL,
  at TEXT NOT NULL, PRIMARY KEY (order_id, auth_code));
CREATE TABLE IF NOT EXISTS acquirer_slips (merchant_no TEXT NOT NULL, pos_terminal_no TEXT NOT NULL, reference_no TEXT NOT NULL,
  slip_date TEXT NOT NULL, batch_no TEXT, voucher_no TEXT NOT NULL, auth_code TEXT, card_no_masked TEXT, amount_fen INTEGER NOT NULL,
  at TEXT NOT NULL, order_id TEXT, PRIMARY KEY (merchant_no, pos_terminal_no, reference_no, slip_date));
CREATE UNIQUE INDEX IF NOT EXISTS acquirer_slips_order ON acquirer_slips (order_id) WHERE order_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS refund_runs (as_of TEXT PRIMARY KEY, ran_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS witnesses (terminal_id TEXT PRIMARY KEY, journal_id TEXT NOT NULL, chains_json TEXT NOT NULL,
  received_at TEXT NOT NULL);
`;

/** Columns added after the first version of the schema: table → column → type. */
const ADDED: Record<string, Record<string, string>> = {
  orders: {
    pos_json: 'TEXT', auth_code: 'TEXT', user_paying: 'INTEGER NOT NULL DEFAULT 0', pay_polls_left: 'INTEGER', pay_due_at: 'TEXT',
    load_terminal_id: 'TEXT', refunding_at: 'TEXT', refund_no: 'TEXT', refunded_at: 'TEXT',
  },
  authorizations: { alg_id: 'INTEGER NOT NULL DEFAULT 0', key_version: 'INTEGER NOT NULL DEFAULT 1' },
};

export function migrate(db: Database.Database): void {
  db.exec(SCHEMA);
  for (const [table, columns] of Object.entries(ADDED)) {
    const have = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
    for (const [name, type] of Object.entries(columns)) if (!have.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
  }
  db.exec('CREATE INDEX IF NOT EXISTS orders_load_terminal ON orders (load_terminal_id, loaded_at)');
}
