import type { MessageTable } from './types';

/**
 * The payment channels of docs/pos.md and docs/architecture.md §3b, app side: POS bank card (integrated
 * MIS-POS and manual slip entry), the customer's payment code (付款码), the payment step's screens.
 */
export const channels = {
  // POS: settings and the port
  POS_MODE_NOT: {
    zh: '本柜台未启用该 POS 收款方式（{mode}），请检查设置 pos.mode', en: 'This counter does not take POS payments this way ({mode}); check the setting pos.mode',
  },
  POS_MERCHANT_MISSING: { zh: '未设置 POS 商户号（pos.merchantNo），不能录入签购单', en: 'No POS merchant number (pos.merchantNo) is set; slips cannot be entered' },
  POS_NOT_CONNECTED: {
    zh: '未连接 POS 终端（MIS-POS 接口未配置），请改用手工录入签购单或联系技术支持', en: 'No POS terminal is connected (no MIS-POS interface configured)',
  },
  POS_LINK_TIMEOUT: { zh: 'POS 终端在规定时间内没有应答', en: 'The POS terminal did not answer in time' },
  POS_LINK_DOWN: { zh: '无法连接 POS 终端：{detail}', en: 'The POS terminal cannot be reached: {detail}' },
  POS_OUTCOME_UNKNOWN: {
    zh: 'POS 没有返回结果，无法确定是否已扣款。请勿在 POS 上重新刷卡：到「待处理」点击「继续」，系统会按订单号向 POS 查询',
    en: 'The POS gave no result; whether the card was charged is unknown. Do not charge again: resume it from pending work, which asks the POS by order reference',
  },
  POS_NOT_CHARGED: { zh: 'POS 没有收到这笔交易，未扣款', en: 'The POS never received the charge; nothing was charged' },
  POS_DECLINED: { zh: 'POS 刷卡未成功（应答码 {code}：{message}），未扣款', en: 'The POS charge failed (answer {code}: {message}); nothing was charged' },
  POS_CANCEL_PAID: {
    zh: '该笔 POS 已扣款，不能取消：请在「待处理」中继续圈存；如需退款，请当日在 POS 上撤销',
    en: 'The POS has charged this card, so it cannot be cancelled: resume it; to give the money back, void it on the POS today',
  },
  POS_VOID_NEEDED: {
    zh: 'POS 已扣款，但发卡方拒绝了订单（{reason}）。请当日在 POS 上撤销这笔交易（凭证号 {voucherNo}）',
    en: 'The POS charged the card but the issuer refused the order ({reason}). Void the charge on the POS today (voucher no {voucherNo})',
  },
  POS_SLIP_REFUSED: { zh: '签购单未通过发卡方核对：{reason}', en: 'The issuer did not accept the slip: {reason}' },
  POS_SLIP_USED_BY: {
    zh: '此签购单（参考号 {referenceNo}）已于 {at} 充值过：{plate}，{amount} 元（充值号 {recharge}，终端 {terminal}）。一张签购单只能充值一次',
    en: 'This slip (reference no {referenceNo}) already funded a recharge on {at}: {plate}, {amount} yuan (recharge {recharge}, terminal {terminal}). A slip funds one recharge only',
  },
  POS_SLIP_USED_HOST: {
    zh: '此签购单（参考号 {referenceNo}）已用于发卡方订单 {orderId}，一张签购单只能充值一次',
    en: 'This slip (reference no {referenceNo}) already funded issuer order {orderId}; a slip funds one recharge only',
  },
  POS_SLIP_FIELD_INVALID: { zh: '签购单的{field}格式不正确', en: 'The slip’s {field} is not well formed' },
  POS_SLIP_AMOUNT_DIFFERS: {
    zh: '签购单金额 {slip} 元与充值金额 {amount} 元不一致', en: 'The slip amount {slip} yuan differs from the recharge amount {amount} yuan',
  },
  POS_FIELD_referenceNo: { zh: '参考号（12 位）', en: 'reference no (12 characters)' },
  POS_FIELD_voucherNo: { zh: '凭证号（6 位数字）', en: 'voucher no (6 digits)' },
  POS_FIELD_posTerminalNo: { zh: '终端号（8 位）', en: 'POS terminal no (8 characters)' },
  POS_FIELD_amountFen: { zh: '金额', en: 'amount' },

  // MIS-POS answer codes (contract/mis-pos.ts)
  POS_ANSWER_00: { zh: '交易成功', en: 'Approved' },
  POS_ANSWER_25: { zh: '未找到该订单号的交易', en: 'No transaction for this reference' },
  POS_ANSWER_05: { zh: '发卡行不予承兑', en: 'Do not honour' },
  POS_ANSWER_14: { zh: '无效卡号', en: 'Invalid card number' },
  POS_ANSWER_51: { zh: '卡内余额不足', en: 'Insufficient funds' },
  POS_ANSWER_54: { zh: '卡片已过期', en: 'Expired card' },
  POS_ANSWER_55: { zh: '密码错误', en: 'Incorrect PIN' },
  POS_ANSWER_61: { zh: '超出金额限制', en: 'Exceeds the amount limit' },
  POS_ANSWER_75: { zh: '密码错误次数超限', en: 'PIN tries exceeded' },
  POS_ANSWER_C1: { zh: '顾客在 POS 上取消了交易', en: 'Cancelled on the POS' },
  POS_ANSWER_C2: { zh: '等待刷卡超时', en: 'No card presented in time' },

  // 付款码
  AUTH_CODE_USED: {
    zh: '此付款码已用于充值 {id}（{amount} 元），请顾客刷新付款码后重新扫码',
    en: 'This payment code was already used for recharge {id} ({amount} yuan); ask the customer to refresh it and scan again',
  },
  AUTH_CODE_REFUSED: { zh: '付款未成功：{reason}。订单已关闭，可重新扫码或改用其他方式', en: 'Payment failed: {reason}. The order is closed; scan again or pay another way' },
} satisfies MessageTable;
