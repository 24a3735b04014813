import type { MessageTable } from './types';

/**
 * The recharge machine's words (main/recharge/machine.ts): what a person can do where a recharge stops (the exits of
 * the table, docs/architecture.md §2b), the refusals the machine ends on, and the host's order statuses in words.
 */
export const machine = {
  EXIT_SUPERVISOR_RESOLVES: { zh: '主管在「需管理员」中出示该卡处理', en: 'A supervisor presents the card in 需管理员' },
  EXIT_POS_QUERY_LATER: { zh: '稍后在「待处理」中点「继续」，系统向 POS 查询结果', en: 'Later, 继续 in 待处理 asks the POS what became of it' },
  EXIT_LOAD_OR_VOID: { zh: '继续圈存；或当日在 POS 上撤销该笔', en: 'Load it; or void the slip on the POS today' },
  EXIT_RETRY_HOST: { zh: '发卡方主机恢复后，在「待处理」中点「继续」', en: 'Once the issuer host answers, 继续 in 待处理' },
  EXIT_SCAN_AGAIN: { zh: '请客户刷新付款码后重新扫码', en: 'Ask the customer to refresh the payment code and scan again' },
  EXIT_WAIT_OR_CANCEL: { zh: '等待客户扫码支付，或取消订单', en: 'Wait for the customer to pay, or cancel the order' },
  EXIT_REFUND_SLIP: { zh: '打印退款说明交给客户，款项原路退回', en: 'Print the refund slip for the customer; the money goes back the way it came' },
  EXIT_PRESENT_CARD: { zh: '插入该卡后点「继续圈存」', en: 'Insert the card, then 继续圈存' },
  EXIT_LOAD_LATER: { zh: '在「充值记录」中点「圈存」，或打印退款说明', en: '圈存 it from 充值记录, or print the refund slip' },
  EXIT_LOAD: { zh: '插卡后点「继续圈存」', en: 'Insert the card and 继续圈存' },

  RECHARGE_CLOSE_FAILED: { zh: '订单暂未能关闭，请稍后再试', en: 'The order could not be closed yet; try again shortly' },
  RECHARGE_HOST_BALANCE_LIMIT: { zh: '超过发卡方规定的卡内余额上限（{max} 元）', en: 'Over the issuer\'s card maximum balance ({max} yuan)' },
  RECHARGE_CARD_CANNOT_LOAD: { zh: '卡片不能圈存此笔金额', en: 'The card cannot take this load' },
  RECHARGE_CARD_REFUSED_LOAD: {
    zh: '此卡不能圈存这笔 {amount} 元：{reason}。卡上未写入任何金额，已告知发卡方；款项将原路退回，请打印退款说明交给客户',
    en: 'This card cannot take {amount} yuan: {reason}. Nothing was written; the issuer is told and the money goes back — print the refund slip',
  },
  POS_OUTCOME_PENDING: {
    zh: 'POS 尚未返回结果，客户可能仍在输入密码。请勿重新刷卡，{until} 后在「待处理」中点「继续」再次查询',
    en: 'The POS has no result yet; the customer may still be typing the PIN. Do not charge again: after {until}, 继续 in 待处理 asks again',
  },
  POS_OWED_LATE: { zh: 'POS 在本笔充值结束后才返回扣款成功', en: 'The POS approved the charge after this recharge had ended' },

  HOST_ORDER_STATUS_AWAITING_PAYMENT: { zh: '待支付', en: 'awaiting payment' },
  HOST_ORDER_STATUS_PAID: { zh: '已支付，未圈存', en: 'paid, not loaded' },
  HOST_ORDER_STATUS_CLOSED: { zh: '已关闭', en: 'closed' },
  HOST_ORDER_STATUS_LOADED: { zh: '已圈存', en: 'loaded' },
  HOST_ORDER_STATUS_UNLOADED: { zh: '未圈存', en: 'not loaded' },
  HOST_ORDER_STATUS_REFUNDING: { zh: '退款中', en: 'being refunded' },
  HOST_ORDER_STATUS_REFUNDED: { zh: '已退款', en: 'refunded' },
} satisfies MessageTable;
