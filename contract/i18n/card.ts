import type { MessageTable } from './types';

/** The card, the reader and PC/SC (main/card). Status-word codes follow docs/card-protocol.md §2. */
export const card = {
  // Status words of the card (SW1SW2).
  CARD_SW_6983: { zh: '卡片密码已锁定，请联系发卡方', en: 'The card PIN is blocked; contact the issuer' },
  CARD_PIN_WRONG: { zh: '卡片密码错误，还可尝试 {triesLeft} 次', en: 'Wrong card PIN; {triesLeft} tries left' },
  CARD_MAC_ERROR: { zh: '卡片拒绝了充值校验码（MAC2 错误，9302），卡内金额未改变', en: 'The card rejected MAC2 (9302); the card was not changed' },
  CARD_SW_6A82: { zh: '卡片上未找到所需文件（6A82），请确认这是 ETC 用户卡', en: 'File not found on the card (6A82); is this an ETC user card?' },
  CARD_SW_6A83: { zh: '卡片上未找到该记录（6A83）', en: 'Record not found (6A83)' },
  CARD_SW_6A86: { zh: '卡片指令参数错误（6A86）', en: 'Incorrect P1/P2 (6A86)' },
  CARD_SW_6700: { zh: '卡片指令长度错误（6700）', en: 'Wrong length (6700)' },
  CARD_SW_6982: { zh: '卡片安全状态不满足（6982），请先校验卡片密码', en: 'Security status not satisfied (6982); verify the PIN first' },
  CARD_SW_6985: { zh: '卡片使用条件不满足（6985）', en: 'Conditions of use not satisfied (6985)' },
  CARD_SW_9303: { zh: '卡片应用已锁定（9303），请联系发卡方', en: 'The card application is locked (9303); contact the issuer' },
  CARD_SW_9401: { zh: '卡内余额不足（9401）', en: 'Insufficient balance on the card (9401)' },
  CARD_SW_9402: { zh: '交易金额或卡片计数器超限（9402）', en: 'Amount or counter out of range (9402)' },
  CARD_SW_9403: { zh: '卡片上没有该密钥（9403），请联系发卡方', en: 'Key not found on the card (9403); contact the issuer' },
  CARD_SW_9406: { zh: '卡片无法提供该笔交易的校验码（9406）', en: 'MAC not available on the card (9406)' },
  CARD_SW_UNKNOWN: { zh: '卡片返回未知状态码 {sw}', en: 'The card answered with unknown status word {sw}' },

  // The reader, the connection, PC/SC.
  CARD_REMOVED: { zh: '卡片已被移走或没有应答，本次操作结果未知，请将卡片放回读卡器', en: 'The card was removed or gave no answer; the outcome is unknown. Put the card back' },
  CARD_ABSENT: { zh: '读卡器中没有卡片，请插入 ETC 卡', en: 'No card in the reader; insert the ETC card' },
  CARD_UNRESPONSIVE: { zh: '卡片无应答，请检查插卡方向后重新插卡', en: 'The card does not respond; check its orientation and insert it again' },
  CARD_TIMEOUT: { zh: '读卡器等待卡片应答超时，本次操作结果未知，请勿移走卡片', en: 'The reader timed out waiting for the card; the outcome is unknown. Keep the card in the reader' },
  CARD_IN_USE: {
    zh: '读卡器 {reader} 正被另一个程序独占使用（例如正在运行的柜面充值程序），请关闭该程序或等它完成充值后重试',
    en: 'Reader {reader} is held exclusively by another program (such as the running counter app); close it or wait until its load is done, then retry',
  },
  CARD_NOT_CONNECTED: { zh: '尚未连接卡片，请先读卡', en: 'Not connected to a card; read the card first' },
  CARD_BAD_RESPONSE: { zh: '卡片应答格式不正确：{detail}', en: 'Malformed card answer: {detail}' },
  CARD_FILE_FORMAT: { zh: '卡片文件 {file} 格式不正确：{detail}', en: 'Card file {file} is malformed: {detail}' },
  CARD_PIN_FORMAT: { zh: '卡片密码应为 4 到 12 位数字', en: 'The card PIN must be 4 to 12 digits' },
  READER_NOT_FOUND: { zh: '未找到读卡器「{reader}」，请检查读卡器连接', en: 'Reader "{reader}" not found; check the reader connection' },
  READER_NONE: { zh: '未检测到读卡器，请检查读卡器是否已连接', en: 'No card reader detected; check that it is connected' },
  PCSC_UNAVAILABLE: { zh: '智能卡服务（PC/SC）未运行，请联系技术支持', en: 'The smart-card service (PC/SC, pcscd) is not running' },
  PCSC_ERROR: { zh: '读卡器错误：{detail}', en: 'Card reader error: {detail}' },

  // Whether a card may be loaded (loadRefusal).
  CARD_ACCOUNT_CARD: { zh: '记账卡不能充值', en: 'An account card (记账卡) cannot be loaded' },
  CARD_NOT_STORED_VALUE: { zh: '该卡不是储值卡，不能充值', en: 'Only stored-value cards can be loaded' },
  CARD_EXPIRED: { zh: '卡片已过有效期，不能充值', en: 'The card has expired and cannot be loaded' },
  CARD_NOT_YET_VALID: { zh: '卡片尚未到启用日期，不能充值', en: 'The card is not valid yet and cannot be loaded' },

  // Names shown for card data.
  CARD_TYPE_21: { zh: '通行卡', en: 'pass card' },
  CARD_TYPE_22: { zh: '储值卡', en: 'stored-value card' },
  CARD_TYPE_23: { zh: '记账卡', en: 'account card' },
  CARD_TYPE_UNKNOWN: { zh: '未知卡类型（{type}）', en: 'unknown card type ({type})' },
  CARD_PLATE_COLOR_UNKNOWN: { zh: '未知颜色（{code}）', en: 'unknown colour ({code})' },
  CARD_TXN_TYPE_2: { zh: '圈存', en: 'load' },
  CARD_TXN_TYPE_6: { zh: '消费', en: 'purchase' },
  CARD_TXN_TYPE_9: { zh: '复合消费', en: 'composite purchase' },
  CARD_TXN_TYPE_UNKNOWN: { zh: '类型 {type}', en: 'type {type}' },

  // `etc-counter card read` summary.
  CARD_SUMMARY_CARD_NO: { zh: '卡号：{cardNo}（{typeName}，版本 {version}）', en: 'Card no: {cardNo} ({typeName}, version {version})' },
  CARD_SUMMARY_ISSUER: { zh: '发卡方：{province} {issuerId}（网络号 {network}）', en: 'Issuer: {province} {issuerId} (network {network})' },
  CARD_SUMMARY_VALIDITY: { zh: '有效期：{from} 至 {until}', en: 'Valid: {from} to {until}' },
  CARD_SUMMARY_PLATE: { zh: '车牌：{plate}（{color}，颜色代码 {colorCode}）', en: 'Plate: {plate} ({color}, colour code {colorCode})' },
  CARD_SUMMARY_VEHICLE: { zh: '用户类型：{userType}　车型：{vehicleClass}', en: 'User type: {userType}  vehicle class: {vehicleClass}' },
  CARD_SUMMARY_HOLDER: { zh: '持卡人：{name}', en: 'Holder: {name}' },
  CARD_SUMMARY_BALANCE: { zh: '余额：{yuan} 元', en: 'Balance: {yuan} yuan' },
  CARD_SUMMARY_LOG: { zh: '交易记录（{count} 条，最新在前）：', en: 'Transactions ({count}, newest first):' },
  CARD_SUMMARY_LOG_EMPTY: { zh: '交易记录：无', en: 'Transactions: none' },
  CARD_SUMMARY_TXN: { zh: '  {at}　{type}　{yuan} 元　终端 {terminalId}　序号 {serial}', en: '  {at}  {type}  {yuan} yuan  terminal {terminalId}  serial {serial}' },
  CARD_SUMMARY_NONE: { zh: '无', en: 'none' },
} satisfies MessageTable;
