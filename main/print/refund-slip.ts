import { PLATE_COLORS } from '../../contract/card';
import { groupCardNo } from '../../contract/format';
import type { HostRefund } from '../../contract/host-api';
import { t } from '../../contract/i18n';
import { formatYuan, toChineseUppercase, type Fen } from '../../contract/money';
import { PAY_CHANNEL_NAMES, type RechargeRecord } from '../../contract/recharge';
import { esc, htmlDocument, kvRow, localStamp } from '../paper/html';
import type { ReceiptContext, ReceiptFormat } from './receipt';

/** Everything a customer's refund slip (退款说明) shows: a paid recharge whose money never reached the card. */
export interface RefundSlipData {
  rechargeId: string;
  training: boolean;
  branch: string;
  terminalId: string;
  operatorId: string;
  time: string;
  cardNo: string;
  plate: string;
  plateColorName: string;
  amountFen: Fen;
  channelName: string;
  tradeNo: string | null;
  orderId: string | null;
  /** The host's refund facts (sim/host/README.md §Refunds): expected date, refund no; null when unknown yet. */
  refund: HostRefund | null;
  printed: { terminalId: string; operatorId: string; at: string };
}

export function refundSlipData(record: RechargeRecord, refund: HostRefund | null, ctx: ReceiptContext): RefundSlipData {
  return {
    rechargeId: record.id, training: record.training, branch: ctx.branch, terminalId: record.terminalId, operatorId: record.operatorId,
    time: localStamp(record.createdAt, ctx.timeZone), cardNo: record.cardNo, plate: record.plate,
    plateColorName: PLATE_COLORS[record.plateColor]?.zh ?? String(record.plateColor), amountFen: record.amountFen,
    channelName: PAY_CHANNEL_NAMES[record.channel].zh, tradeNo: record.tradeNo, orderId: record.orderId, refund,
    printed: { terminalId: ctx.terminalId, operatorId: ctx.operatorId, at: localStamp(ctx.printedAt, ctx.timeZone) },
  };
}

const orNone = (v: string | null): string => (v === null || v === '' ? t('PRINT_NONE') : v);

/**
 * 退款说明 as a complete HTML document for 80 mm thermal paper or A5, like the receipt: the amount in figures
 * and 大写, the channel and its trade number, the expected refund date and, in plain Chinese, how the
 * issuer gives the money back (docs/architecture.md §3a). Every value is escaped.
 */
export function renderRefundSlip(d: RefundSlipData, format: ReceiptFormat, opts: { reprint?: boolean } = {}): string {
  const r = d.refund;
  const expected = r?.expectedDate ?? t('PRINT_REFUND_EXPECTED_UNKNOWN');
  const head = [
    kvRow('PRINT_BRANCH', esc(d.branch)),
    kvRow('PRINT_TERMINAL', esc(d.terminalId), 'mono'),
    kvRow('PRINT_OPERATOR', esc(d.operatorId)),
    kvRow('PRINT_TIME', esc(d.time)),
    kvRow('PRINT_RECHARGE_ID', esc(d.rechargeId), 'mono'),
  ].join('');
  const card = [
    kvRow('PRINT_CARD_NO', esc(groupCardNo(d.cardNo)), 'mono'),
    kvRow('PRINT_PLATE', esc(`${d.plate}（${d.plateColorName}）`)),
  ].join('');
  const money = [
    kvRow('PRINT_REFUND_AMOUNT', `<span class="amount">¥ ${esc(formatYuan(d.amountFen))}</span>`),
    kvRow('PRINT_AMOUNT_UPPER', `<span class="upper">${esc(toChineseUppercase(d.amountFen))}</span>`),
    kvRow('PRINT_CHANNEL', esc(d.channelName)),
    kvRow('PRINT_TRADE_NO', esc(orNone(d.tradeNo)), 'mono'),
    kvRow('PRINT_ORDER_NO', esc(orNone(d.orderId)), 'mono'),
    ...(r ? [kvRow('PRINT_REFUND_BUSINESS_DAY', esc(r.businessDay))] : []),
    kvRow('PRINT_REFUND_EXPECTED', `<strong>${esc(expected)}</strong>`),
    ...(r?.refundNo ? [kvRow('PRINT_REFUND_NO', esc(r.refundNo), 'mono')] : []),
  ].join('');
  const done = r?.refundNo && r.refundedAt
    ? `<p><strong>${esc(t('PRINT_REFUND_DONE', { at: localStamp(r.refundedAt), no: r.refundNo }))}</strong></p>` : '';
  const held = r?.heldForCard ? `<p><strong>${esc(t('PRINT_REFUND_HELD'))}</strong></p>` : '';
  const body = `
<h1>${esc(t('PRINT_REFUND_TITLE'))}</h1>
<p class="sub">${esc(t('PRINT_REFUND_SUB'))}</p>
${opts.reprint ? `<div class="reprint">${esc(t('PRINT_REPRINT_MARK'))}</div>` : ''}
<hr class="rule solid">
<table class="kv">${head}</table>
<hr class="rule">
<table class="kv">${card}</table>
<hr class="rule">
<table class="kv">${money}</table>
<hr class="rule solid">
${done}${held}
<p>${esc(t('PRINT_REFUND_HOW'))}</p>
<div class="foot" style="margin-top:1.6em">${esc(t('PRINT_REFUND_SIGN'))}</div>
<div class="foot" style="margin-top:2.2em">${esc(t('PRINT_PRINTED', { terminal: d.printed.terminalId, operator: d.printed.operatorId, at: d.printed.at }))}</div>`;
  return htmlDocument({ title: t('PRINT_REFUND_TITLE'), format, training: d.training, body });
}
