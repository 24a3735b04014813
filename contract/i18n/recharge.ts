import type { MessageTable } from './types';

/** What the recharge engine tells the operator: each says what happened and what to do next. */
export const recharge = {
  RECHARGE_NOT_FOUND: { zh: '找不到该笔充值记录', en: 'No such recharge: {id}' },
  RECHARGE_CARD_BLOCKED: {
    zh: '该卡有未完成的充值（{amount} 元），请先到「待处理」完成圈存', en: 'This card has an unfinished recharge ({amount} yuan): finish it (圈存) first',
  },
  RECHARGE_HOST_HALF_RECORD: {
    zh: '发卡方记录显示该卡有未圈存的充值（{amount} 元），请先在「充值记录」中圈存', en: 'The issuer holds an unloaded recharge ({amount} yuan) for this card: load it from the records page first',
  },
  RECHARGE_OVER_MAX_BALANCE: {
    zh: '本卡最多还可充 {left} 元（卡内余额上限 {max} 元）', en: 'This card can take at most {left} yuan more (its maximum balance is {max} yuan)',
  },
  RECHARGE_OVER_HOST_LIMIT: { zh: '发卡方允许本卡最多再充 {left} 元', en: 'The issuer allows at most {left} more yuan on this card' },
  RECHARGE_WRONG_STATE: { zh: '当前状态（{state}）不能执行此操作', en: 'Not possible in the current state ({state})' },
  RECHARGE_ALREADY_PAID: { zh: '客户已完成支付，不能取消，请继续写卡', en: 'The customer has paid: it cannot be cancelled, write the card' },
  RECHARGE_CARD_MISMATCH: {
    zh: '当前读卡器的卡与要操作的卡不一致（应为 {expected}，实为 {actual}）', en: 'The card in the reader is not the card of this recharge (expected {expected}, found {actual})',
  },
  RECHARGE_WRITE_UNKNOWN: {
    zh: '写卡时卡片无应答，无法确定是否已写入。请将原卡放回读卡器，在「待处理」中点击「继续」', en: 'The card did not answer during the write; the outcome is unknown. Put the same card back and resume it from pending work',
  },
  RECHARGE_NEEDS_ADMIN: {
    zh: '卡片记录与流水不一致，已转发卡方管理员处理，请打印证据单', en: 'The card contradicts the journal: referred to the issuer administrator; print the evidence slip',
  },
  RECHARGE_PAYMENT_EXPIRED: { zh: '支付二维码已过期，订单已关闭', en: 'The payment QR code expired; the order is closed' },
  RECHARGE_BALANCE_MISMATCH: {
    zh: '写卡后余额 {actual} 元与应有余额 {expected} 元不符，已转管理员处理', en: 'Balance after the load is {actual} yuan, expected {expected}: referred to the administrator',
  },
  HOST_NOT_CONFIGURED: { zh: '未配置发卡方主机地址，请在设置中填写，或以培训模式启动', en: 'No issuer host configured: set it in settings or start in training mode' },
  RECHARGE_HOST_ORDER_NOT_LOADABLE: {
    zh: '发卡方订单 {orderId} 当前状态为 {status}，不能圈存', en: 'Issuer order {orderId} is {status}: it cannot be loaded',
  },
  CARD_NOT_READ: { zh: '请先读卡', en: 'Read the card first' },
  TRAINING_PROFILE_UNKNOWN: { zh: '没有名为 {id} 的培训卡', en: 'No training card named {id}' },
  TRAINING_ONLY: { zh: '此功能仅在培训模式下可用', en: 'Available in training mode only' },
  CLI_ORDER_CREATED: {
    zh: '订单 {orderId} 已创建，金额 {amount} 元，请客户扫码支付：{qr}', en: 'Order {orderId} created for {amount} yuan; the customer pays by scanning: {qr}',
  },
  CLI_WRITING: { zh: '已完成支付，正在写卡，请勿移动或拔出卡片……', en: 'Paid; writing the card — do not move or pull it…' },
  CLI_NOT_A_SIMULATOR: {
    zh: '该主机不是模拟主机（HTTP {status}），不能模拟支付', en: 'This host is not the simulator (HTTP {status}): payment cannot be simulated',
  },
  CLI_RESULT: {
    zh: '结果：{state}　金额 {amount} 元　充值前 {before} 元　充值后 {after} 元　TAC {tac}', en: 'Result: {state}, amount {amount}, before {before}, after {after}, TAC {tac}',
  },
  CLI_NOTHING_PENDING: { zh: '没有待处理的充值', en: 'No pending recharges' },
  RECHARGE_BUSY: { zh: '这笔充值正在处理中（写卡，或客户正在 POS 上付款），请稍候', en: 'This recharge is being worked on (a card write, or the customer paying on the POS); please wait' },
  RECHARGE_PAYMENT_WAIT_ABORTED: { zh: '已停止等待支付，订单仍在「待处理」中', en: 'Stopped waiting for payment; the order stays in pending work' },
} satisfies MessageTable;
