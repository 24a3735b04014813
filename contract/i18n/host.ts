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
  HOST_NOT_SIGNED_IN: { zh: '尚未登录发卡方主机，请先登录', en: 'Not signed in to the issuer host; sign in first' },
  HOST_URL_INVALID: { zh: '发卡方主机地址不正确：{url}（应为 https://主机名:端口）', en: 'Invalid issuer host address: {url} (expected https://host:port)' },
  HOST_URL_INSECURE: {
    zh: '发卡方主机地址必须使用 https://（{url}）；明文 http:// 只允许连接本机模拟器',
    en: 'The issuer host must be reached over https:// ({url}); plain http:// is only for a simulator on this machine',
  },
  HOST_TLS_UNTRUSTED: {
    zh: '发卡方主机的证书不是由配置的发卡方根证书签发的（{detail}），连接已拒绝，请核对主机地址和根证书文件',
    en: 'The issuer host certificate does not chain to the configured issuer CA ({detail}); connection refused',
  },
  HOST_TLS_NAME_MISMATCH: {
    zh: '发卡方主机证书上的名称与地址 {host} 不符，连接已拒绝，请核对主机地址',
    en: 'The issuer host certificate is not issued for {host}; connection refused',
  },
  HOST_TLS_CERT_EXPIRED: { zh: '发卡方主机证书已过期或尚未生效（{detail}），连接已拒绝', en: 'The issuer host certificate is expired or not yet valid ({detail})' },
  HOST_TLS_CLIENT_CERT_REQUIRED: {
    zh: '发卡方主机要求本终端出示客户端证书，请在系统设置中配置终端证书和私钥',
    en: 'The issuer host requires this terminal’s client certificate; configure the terminal certificate and key in the settings',
  },
  HOST_TLS_CLIENT_CERT_REJECTED: {
    zh: '发卡方主机不接受本终端的客户端证书（{detail}），请联系发卡方核对终端证书',
    en: 'The issuer host rejected this terminal’s client certificate ({detail})',
  },
  HOST_TLS_FAILED: { zh: '与发卡方主机建立安全连接失败（{detail}）', en: 'Could not set up a secure connection to the issuer host ({detail})' },
  HOST_TLS_OPTIONS_INVALID: { zh: '发卡方主机的证书配置不正确：{detail}', en: 'Invalid certificate settings for the issuer host: {detail}' },
  HOST_REQUEST_CANCELLED: { zh: '已取消对发卡方主机的请求', en: 'The request to the issuer host was cancelled' },

  // sim/host — error bodies of the issuer-host API
  REQUEST_INVALID: { zh: '请求格式不正确：{detail}', en: 'Malformed request: {detail}' },
  ROUTE_NOT_FOUND: { zh: '主机没有这个接口：{method} {path}', en: 'No such host endpoint: {method} {path}' },
  TOKEN_INVALID: { zh: '登录已失效，请重新登录', en: 'The session is invalid or expired; sign in again' },
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
  ORDER_REFUNDING: { zh: '订单 {orderId} 正在原路退款，不能再圈存', en: 'Order {orderId} is being refunded; it cannot be loaded' },
  ORDER_REFUNDED: { zh: '订单 {orderId} 已原路退款，不能再圈存', en: 'Order {orderId} has been refunded; it cannot be loaded' },
  ORDER_REFUNDED_BUT_LOADED: {
    zh: '订单 {orderId} 已退款（{status}），但卡片证明已圈存：已记录卡片证据，请交发卡方管理员处理',
    en: 'Order {orderId} was refunded ({status}) but the card proves the load: the evidence is recorded for the issuer’s administrator',
  },
  ORDER_NOT_REFUNDABLE: { zh: '订单 {orderId} 当前状态（{status}）不能退款', en: 'Order {orderId} cannot be refunded in status {status}' },
  REFUND_HELD_FOR_CARD: {
    zh: '订单 {orderId} 的圈存授权可能已写入卡片，须先凭卡片核实（圈存或未圈存）才能退款',
    en: 'A load authorization of order {orderId} may be on the card; the card must be checked before a refund',
  },
  ALG_CARD_MISMATCH: { zh: '算法标识 {algId} 与卡片版本 {cardVersion} 不符', en: 'Algorithm id {algId} does not fit card version {cardVersion}' },
  WAIT_MS_INVALID: { zh: '等待时间 waitMs={value} 不正确，应为 0 到 {max} 的整数（毫秒）', en: 'Invalid waitMs={value}; expected an integer from 0 to {max} (ms)' },
  WAIT_UNLESS_INVALID: {
    zh: '等待条件 unless={value} 不正确，应为订单状态之一（带 waitMs 时必填）',
    en: 'Invalid unless={value}; expected an order status (required with waitMs)',
  },
  HOST_CLOSING: { zh: '主机正在停止服务', en: 'The host is shutting down' },
  AUTH_CODE_INVALID: {
    zh: '付款码格式不正确：微信为 10–15 开头的 18 位数字，支付宝为 25–30 开头的 16–24 位数字',
    en: 'Invalid payment code: WeChat codes are 18 digits starting 10–15, Alipay codes 16–24 digits starting 25–30',
  },
  AUTH_CODE_CHANNEL_MISMATCH: {
    zh: '付款码属于{codeChannel}，与订单 {orderId} 的支付渠道（{orderChannel}）不符',
    en: 'The payment code belongs to {codeChannel}, not to the channel of order {orderId} ({orderChannel})',
  },
  MICROPAY_CHANNEL_POS: { zh: '订单 {orderId} 为 POS 刷卡订单，不能使用付款码', en: 'Order {orderId} is a POS order; it takes no payment code' },
  ORDER_ALREADY_PAID: {
    zh: '订单 {orderId} 已支付（交易号 {tradeNo}），不能再用另一个付款码支付',
    en: 'Order {orderId} is already paid (trade {tradeNo}); another payment code is refused',
  },
  MICROPAY_IN_PROGRESS: {
    zh: '订单 {orderId} 正在等待顾客在手机上确认付款，请稍候',
    en: 'Order {orderId} is waiting for the customer to confirm the payment on the phone',
  },
  PAY_NOT_ENOUGH: { zh: '顾客账户余额不足，支付失败，请顾客更换付款方式', en: 'The customer’s balance is not enough; ask for another way to pay' },
  AUTH_CODE_EXPIRED: { zh: '付款码已失效，请顾客刷新付款码后重新扫码', en: 'The payment code has expired; ask the customer to refresh it and scan again' },
  PAY_DECLINED: { zh: '支付渠道拒绝了这笔付款，请顾客更换付款方式', en: 'The payment channel declined the payment; ask for another way to pay' },
  POS_SLIP_NOT_FOUND: {
    zh: '收单行没有参考号 {referenceNo}（{date}）的刷卡记录，请核对签购单',
    en: 'The acquirer has no POS charge with reference no {referenceNo} on {date}; check the slip',
  },
  POS_SLIP_USED: {
    zh: '签购单（参考号 {referenceNo}）已用于订单 {orderId}，一张签购单只能充值一次',
    en: 'The POS slip (reference no {referenceNo}) already funded order {orderId}; a slip funds one order only',
  },
  POS_SLIP_MISMATCH: {
    zh: '签购单信息与收单记录不符：{field}（参考号 {referenceNo}）',
    en: 'The POS slip does not match the acquirer’s record: {field} (reference no {referenceNo})',
  },
  POS_AMOUNT_MISMATCH: {
    zh: '充值金额 {orderYuan} 元与签购单金额 {slipYuan} 元不符',
    en: 'The recharge amount {orderYuan} yuan does not match the slip amount {slipYuan} yuan',
  },
  POS_SLIP_CONFLICT: {
    zh: '参考号 {referenceNo} 的签购单已存在且内容不同',
    en: 'A different POS slip with reference no {referenceNo} already exists',
  },
  TERMINAL_FORBIDDEN: { zh: '本终端无权查看终端 {terminalId} 的营业数据', en: 'This terminal may not read the business day of terminal {terminalId}' },
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
  HOST_SIM_CHANNEL_POS: { zh: 'POS 刷卡', en: 'POS bank card' },
  HOST_SIM_USAGE: {
    zh: '用法：etc-counter sim host --port N --keys 密钥文件 --db 数据库文件 [--issuer 网络号=发卡方标识] [--calendar 节假日文件] [--auto-refunds] [--tls-cert 证书 --tls-key 私钥 [--tls-client-ca 根证书 [--require-client-cert]]]',
    en: 'usage: etc-counter sim host --port N --keys FILE --db FILE [--issuer NETWORK=ISSUERID] [--calendar FILE] [--auto-refunds] [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE [--require-client-cert]]]',
  },
} satisfies MessageTable;
