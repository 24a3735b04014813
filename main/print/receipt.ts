import { groupCardNo } from '../../contract/format';
import { PLATE_COLORS } from '../../contract/card';
import { t } from '../../contract/i18n';
import { formatYuan, toChineseUppercase, type Fen } from '../../contract/money';
import type { PosVoucher } from '../../contract/pos';
import { PAY_CHANNEL_NAMES, type RechargeRecord, type RechargeState } from '../../contract/recharge';
import { esc, hostStamp, htmlDocument, kvRow, localStamp, statusKey } from '../paper/html';
import { posSlipRows } from '../paper/pos-slip';

/** Everything a receipt (回单) shows, already resolved to display values except money (kept in fen). */
export interface ReceiptData {
  rechargeId: string;
  training: boolean;
  branch: string;
  terminalId: string; // the terminal that loaded the card (it is in the MAC)
  operatorId: string; // the operator who served the customer
  tradeTime: string; // 'YYYY-MM-DD HH:mm:ss'
  cardNo: string;
  plate: string;
  plateColorName: string;
  amountFen: Fen;
  channelName: string;
  /** Paid by bank card on the POS: the slip (its card number masked on paper). */
  posVoucher: PosVoucher | null;
  /** Paid with the customer's payment code: the code masked. */
  authCodeMasked: string | null;
  orderId: string | null;
  tradeNo: string | null;
  balanceBeforeFen: Fen;
  balanceAfterFen: Fen | null;
  /**
   * 卡片联机序号: the card's online serial after this load, N+1 — what the card counts and lists for the load in
   * its 0018 log (卡片检测), docs/card-protocol.md §1. The journal keeps N, the serial INIT answered (the one in
   * the session key and the TAC). Null while the load is not on the card.
   */
  onlineSerial: number | null;
  tac: string | null;
  state: RechargeState;
  /** Who printed it, where and when — the footer. */
  printed: { terminalId: string; operatorId: string; at: string };
}

export interface ReceiptContext {
  branch: string;
  terminalId: string; // the printing terminal
  operatorId: string; // the printing operator
  printedAt: Date | string;
  /** The branch's time zone for printed times (default: this computer's). */
  timeZone?: string;
}

export type ReceiptFormat = '80mm' | 'A5';

export interface ReceiptOptions {
  /** 补打: a copy printed after the original, with when and by whom. */
  reprint?: { at: Date | string; by: string };
  timeZone?: string;
}

/** The states in which this recharge's load is on the card (its TAC or the card's evidence in hand). */
const ON_CARD: readonly RechargeState[] = ['WRITTEN', 'CONFIRMED', 'VERIFIED'];

/** The receipt's data from the journal's record of a recharge. */
export function receiptData(record: RechargeRecord, ctx: ReceiptContext): ReceiptData {
  return {
    rechargeId: record.id,
    training: record.training,
    branch: ctx.branch,
    terminalId: record.terminalId,
    operatorId: record.operatorId,
    // The host's authorize time is what the card's log holds; before that only the journal's own time exists.
    tradeTime: record.hostDateTime ? hostStamp(record.hostDateTime) : localStamp(record.updatedAt, ctx.timeZone),
    cardNo: record.cardNo,
    plate: record.plate,
    plateColorName: PLATE_COLORS[record.plateColor]?.zh ?? String(record.plateColor),
    amountFen: record.amountFen,
    channelName: record.authCodeMasked ? t('PRINT_CHANNEL_CODE', { channel: PAY_CHANNEL_NAMES[record.channel].zh }) : PAY_CHANNEL_NAMES[record.channel].zh,
    posVoucher: record.posVoucher,
    authCodeMasked: record.authCodeMasked,
    orderId: record.orderId,
    tradeNo: record.tradeNo,
    balanceBeforeFen: record.balanceBeforeFen,
    balanceAfterFen: record.balanceAfterFen,
    onlineSerial: ON_CARD.includes(record.state) && record.onlineSerial !== null ? record.onlineSerial + 1 : null,
    tac: record.tac,
    state: record.state,
    printed: { terminalId: ctx.terminalId, operatorId: ctx.operatorId, at: localStamp(ctx.printedAt, ctx.timeZone) },
  };
}

/**
 * A long id (流水号, the trade and order numbers): on the 80 mm roll its label on one line and the id whole on
 * the next, never broken; on A5 beside its label like any row (RECEIPT_CSS).
 */
function idRow(labelKey: string, value: string, format: ReceiptFormat): string {
  if (format !== '80mm' || value.length <= 16) return kvRow(labelKey, esc(value), 'mono id');
  return `<tr><th colspan="2">${esc(t(labelKey))}</th></tr><tr><td colspan="2" class="mono id wide">${esc(value)}</td></tr>`;
}

/** The receipt's own rules: ids never break; a whole 36-character 流水号 fits the roll's 72 mm. */
const RECEIPT_CSS = `
table.kv td.id { white-space: nowrap; word-break: normal; }
table.kv td.id.wide { font-size: 0.86em; letter-spacing: 0; padding-bottom: 0.25em; }
.invoice { font-size: 0.85em; margin-top: 0.5em; border: 1px solid #333; padding: 0.3em 0.4em; }
`;

const yuan = (fen: Fen | null): string => (fen === null ? t('PRINT_NONE') : t('PRINT_YUAN', { amount: formatYuan(fen) }));
const orNone = (v: string | number | null): string => (v === null || v === '' ? t('PRINT_NONE') : String(v));

/**
 * The receipt as a complete HTML document for 80 mm thermal paper or A5. Every value is escaped:
 * plates and names come from cards, which anyone can write.
 */
export function renderReceipt(data: ReceiptData, format: ReceiptFormat, opts: ReceiptOptions = {}): string {
  const reprint = opts.reprint
    ? `<div class="reprint">${esc(t('PRINT_REPRINT_MARK'))}<small>${esc(t('PRINT_REPRINT_LINE', {
      at: localStamp(opts.reprint.at, opts.timeZone), by: opts.reprint.by }))}</small></div>`
    : '';
  const rows = [
    kvRow('PRINT_BRANCH', esc(data.branch)),
    kvRow('PRINT_TERMINAL', esc(data.terminalId), 'mono'),
    kvRow('PRINT_OPERATOR', esc(data.operatorId)),
    kvRow('PRINT_TIME', esc(data.tradeTime)),
    idRow('PRINT_RECHARGE_ID', data.rechargeId, format),
  ].join('');
  const card = [
    kvRow('PRINT_CARD_NO', esc(groupCardNo(data.cardNo)), 'mono'),
    kvRow('PRINT_PLATE', esc(data.plate)),
    kvRow('PRINT_PLATE_COLOR', esc(data.plateColorName)),
  ].join('');
  const money = [
    kvRow('PRINT_AMOUNT', `<span class="amount">¥ ${esc(formatYuan(data.amountFen))}</span>`),
    kvRow('PRINT_AMOUNT_UPPER', `<span class="upper">${esc(toChineseUppercase(data.amountFen))}</span>`),
    kvRow('PRINT_CHANNEL', esc(data.channelName)),
    idRow('PRINT_TRADE_NO', orNone(data.tradeNo), format),
    idRow('PRINT_ORDER_NO', orNone(data.orderId), format),
  ].join('');
  const pos = data.posVoucher ? `<hr class="rule"><table class="kv">${posSlipRows(data.posVoucher, opts.timeZone)}</table>` : '';
  const load = [
    kvRow('PRINT_BALANCE_BEFORE', esc(yuan(data.balanceBeforeFen))),
    kvRow('PRINT_BALANCE_AFTER', esc(yuan(data.balanceAfterFen))),
    kvRow('PRINT_SERIAL', esc(orNone(data.onlineSerial)), 'mono'),
    kvRow('PRINT_TAC', esc(orNone(data.tac)), 'mono'),
    kvRow('PRINT_STATUS', `<strong>${esc(t(statusKey(data.state)))}</strong>`),
  ].join('');
  const body = `
<h1>${esc(t('PRINT_RECEIPT_TITLE'))}</h1>
${reprint}
<hr class="rule solid">
<table class="kv">${rows}</table>
<hr class="rule">
<table class="kv">${card}</table>
<hr class="rule">
<table class="kv">${money}</table>
${pos}
<hr class="rule">
<table class="kv">${load}</table>
<hr class="rule solid">
<div class="invoice" data-invoice>${esc(t('PRINT_INVOICE_NOTE'))}</div>
<div class="foot">${esc(t('PRINT_RECEIPT_NOTE'))}</div>
<div class="foot" style="margin-top:2.2em">${esc(t('PRINT_PRINTED', {
    terminal: data.printed.terminalId, operator: data.printed.operatorId, at: data.printed.at }))}</div>`;
  return htmlDocument({ title: t('PRINT_RECEIPT_TITLE'), format, training: data.training, body, css: RECEIPT_CSS });
}
