import type { MessageTable } from './types';

/**
 * The issuer host: what the HTTP adapter (main/host) reports to the operator, and the `{code, message}`
 * error bodies the host simulator (sim/host) answers with — a real host writes its own Chinese text;
 * the simulator takes it from here so the wording is reviewed in one place.
 */
export const host = {
  // main/host — the adapter
  HOST_UNREACHABLE: { zh: '无法连接发卡方主机（{url}），请检查网络后重试', en: 'Cannot reach the issuer host ({url}); check the network and retry' },
  HOST_TIMEOUT: { zh: '发卡方主机 {seconds} 秒内没有应答，请稍后重试', en: 'The issuer host did not answer within {seconds} s; retry later' },
  HOST_REJECTED: { zh: '发卡方主机拒绝了请求：{hostMessage}（{hostCode}）', en: 'The issuer host refused the request: {hostMessage} ({hostCode})' },
  HOST_ERROR: { zh: '发卡方主机故障（HTTP {status}）：{hostMessage}', en: 'The issuer host failed (HTTP {status}): {hostMessage}' },
  HOST_BAD_RESPONSE: { zh: '发卡方主机的应答格式不正确：{detail}', en: 'The issuer host answered in an unexpected format: {detail}' },
  HOST_NOT_SIGNED_IN: { zh: '尚未签到发卡方主机，请先签到', en: 'Not signed in to the issuer host; sign in first' },

  // sim/host — error bodies of the issuer-host API
  REQUEST_INVALID: { zh: '请求格式不正确：{detail}', en: 'Malformed request: {detail}' },
  ROUTE_NOT_FOUND: { zh: '主机没有这个接口：{method} {path}', en: 'No such host endpoint: {method} {path}' },
  TOKEN_INVALID: { zh: '签到已失效，请重新签到', en: 'The session is invalid or expired; sign in again' },
  HOST_FAULT: { zh: '主机内部故障（模拟，HTTP {status}）', en: 'Host internal failure (simulated, HTTP {status})' },
  CARD_NETWORK_UNKNOWN: { zh: '主机不受理网络号为 {network} 的卡片', en: 'The host does not serve cards of network {network}' },
  CARD_HAS_HALF_RECORD: {
    zh: '该卡有未完成的圈存（订单 {orderId}），请先完成圈存修复再充值',
    en: 'This card has an unfinished load (order {orderId}); repair it (圈存) before a new recharge',
  },
  LOAD_LIMIT_EXCEEDED: { zh: '单笔充值金额不能超过 {max} 元', en: 'A single load may not exceed {max} yuan' },
  BALANCE_LIMIT_EXCEEDED: { zh: '充值后卡内余额将超过上限 {max} 元', en: 'The card balance would exceed its maximum of {max} yuan' },
  ORDER_NOT_FOUND: { zh: '主机上没有订单 {orderId}', en: 'The host has no order {orderId}' },
  ORDER_CONFLICT: {
    zh: '订单号 {clientOrderId} 已用于另一笔内容不同的订单',
    en: 'Client order id {clientOrderId} was already used for a different order',
  },
  ORDER_NOT_PAID: { zh: '订单 {orderId} 尚未支付', en: 'Order {orderId} is not paid' },
  ORDER_PAID: { zh: '订单 {orderId} 已支付，不能关闭', en: 'Order {orderId} is paid and cannot be closed' },
  ORDER_CLOSED: { zh: '订单 {orderId} 已关闭', en: 'Order {orderId} is closed' },
  ORDER_LOADED: { zh: '订单 {orderId} 已圈存', en: 'Order {orderId} is already loaded' },
  ORDER_UNLOADED: {
    zh: '订单 {orderId} 已登记为未圈存，请重新圈存',
    en: 'Order {orderId} is recorded as not loaded; load it again (圈存)',
  },
  ORDER_MISMATCH: { zh: '圈存请求与订单不符：{field}', en: 'The load request does not match the order: {field}' },
  ALG_UNSUPPORTED: { zh: '主机不支持算法标识 {algId}', en: 'The host does not support algorithm id {algId}' },
  KEY_VERSION_UNKNOWN: { zh: '主机没有版本为 {version} 的圈存密钥', en: 'The host has no load key of version {version}' },
  MAC1_INVALID: { zh: 'MAC1 校验失败，卡片数据与主机不符', en: 'MAC1 verification failed' },
  TAC_INVALID: { zh: 'TAC 校验失败', en: 'TAC verification failed' },
  SERIAL_CHANGED: {
    zh: '卡片联机交易序号已从 {previous} 变为 {current}，上次授权可能已写入卡片，请先核实（圈存修复）',
    en: 'The card online serial moved from {previous} to {current}; the last authorization may be on the card — resolve it first',
  },
  NOT_AUTHORIZED: {
    zh: '订单 {orderId} 在联机交易序号 {serial} 上没有圈存授权',
    en: 'Order {orderId} has no load authorization at online serial {serial}',
  },
  EVIDENCE_NOT_LOADED: { zh: '卡片数据不能证明已圈存', en: 'The card evidence does not show the load' },
  EVIDENCE_SHOWS_LOADED: {
    zh: '卡片数据显示已圈存，不能登记为未圈存',
    en: 'The card evidence shows the load; it cannot be recorded as not loaded',
  },
  DATE_INVALID: { zh: '日期 {value} 不正确，应为 YYYY-MM-DD', en: 'Invalid date {value}; expected YYYY-MM-DD' },
  DATE_RANGE_REVERSED: { zh: '开始日期不能晚于结束日期', en: 'The start date may not be after the end date' },
  DATE_RANGE_TOO_LONG: { zh: '查询时间跨度不能超过 {days} 天，请缩短日期范围', en: 'The date range may not exceed {days} days' },

  // sim/host — the training payment page and the command
  HOST_SIM_PAY_TITLE: { zh: '模拟扫码支付', en: 'Simulated QR payment' },
  HOST_SIM_PAY_BUTTON: { zh: '模拟扫码支付', en: 'Simulate the QR payment' },
  HOST_SIM_PAY_ORDER: {
    zh: '{channel} · 订单 {orderId} · 车牌 {plate} · 金额 ¥{yuan}',
    en: '{channel} · order {orderId} · plate {plate} · amount ¥{yuan}',
  },
  HOST_SIM_PAY_STATUS: { zh: '状态：{status}', en: 'Status: {status}' },
  HOST_SIM_PAY_DONE: { zh: '支付成功', en: 'Paid' },
  HOST_SIM_USAGE: {
    zh: '用法：etc-counter sim host --port N --keys 密钥文件 --db 数据库文件 [--issuer 网络号=发卡方标识]',
    en: 'usage: etc-counter sim host --port N --keys FILE --db FILE [--issuer NETWORK=ISSUERID]',
  },
} satisfies MessageTable;
