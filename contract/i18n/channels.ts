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
    zh: '此签购单（参考号 {referenceNo}）已于 {at} 充值过：{plate}，{amount} 元（终端 {terminal}）。一张签购单只能充值一次',
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
    zh: '此付款码已用于 {plate} 的一笔 {amount} 元充值，请客户刷新付款码后重新扫码',
    en: 'This payment code was already used for a {amount} yuan recharge of {plate}; ask the customer to refresh it and scan again',
  },
  AUTH_CODE_REFUSED: { zh: '付款未成功：{reason}。订单已关闭，可重新扫码或改用其他方式', en: 'Payment failed: {reason}. The order is closed; scan again or pay another way' },

  // the amount step's ways to pay, and the payment step
  UI_WAY_WECHAT_QR: { zh: '微信扫码', en: 'WeChat QR' },
  UI_WAY_ALIPAY_QR: { zh: '支付宝扫码', en: 'Alipay QR' },
  UI_WAY_CODE: { zh: '付款码', en: 'Payment code' },
  UI_WAY_POS: { zh: '银行卡(POS)', en: 'Bank card (POS)' },
  UI_CONFIRM_CODE: { zh: '确认，扫描付款码', en: 'Confirm and scan the payment code' },
  UI_CONFIRM_POS: { zh: '确认，POS 收款', en: 'Confirm and take the card payment' },
  UI_CODE_PROMPT: { zh: '请用扫码枪扫描顾客手机上的微信或支付宝付款码', en: 'Scan the customer’s WeChat or Alipay payment code' },
  UI_CODE_LABEL: { zh: '付款码', en: 'Payment code' },
  UI_CODE_PLACEHOLDER: { zh: '扫码后自动提交', en: 'Submitted by the scanner' },
  UI_CODE_HINT: { zh: '扫码枪会输入数字并回车；也可手工输入后按回车。付款码每次使用后需顾客刷新。', en: 'The scanner types the digits and Enter; you may also type them and press Enter' },
  UI_CODE_SENDING: { zh: '正在收款…', en: 'Taking the payment…' },
  UI_CODE_WAITING: { zh: '等待顾客在手机上确认付款（输入密码）…（自动查询）', en: 'Waiting for the customer to confirm on the phone… (checked automatically)' },
  UI_POS_MIS_PROMPT: { zh: '点击下方按钮，POS 机将显示金额 ¥{amount}，请顾客插卡或刷卡并输入密码', en: 'Press the button: the POS shows ¥{amount}; the customer presents the card and types the PIN' },
  UI_POS_MIS_BUTTON: { zh: '在 POS 上收款', en: 'Charge on the POS' },
  UI_POS_MIS_WAITING: { zh: '等待顾客在 POS 机上刷卡并输入密码…', en: 'Waiting for the customer at the POS…' },
  UI_POS_MANUAL_PROMPT: { zh: '请在 POS 上刷卡收款后，按签购单填写：', en: 'After the POS charge, type from the slip:' },
  UI_POS_REFERENCE: { zh: '参考号（12 位）', en: 'Reference no (12)' },
  UI_POS_VOUCHER: { zh: '凭证号（6 位）', en: 'Voucher no (6)' },
  UI_POS_TERMINAL: { zh: '终端号（8 位）', en: 'POS terminal no (8)' },
  UI_POS_AMOUNT: { zh: '签购单金额（元）', en: 'Slip amount (yuan)' },
  UI_POS_AMOUNT_BAD: { zh: '请按签购单填写金额，例如 200.00', en: 'Type the slip’s amount, e.g. 200.00' },
  UI_POS_MANUAL_BUTTON: { zh: '核对签购单并收款', en: 'Check the slip' },
  UI_POS_ASK: { zh: '向 POS 查询结果并继续', en: 'Ask the POS and go on' },
  UI_POS_NO_AUTO_REFUND: {
    zh: 'POS 刷卡的款项不会自动退回：如写卡未成功且不再圈存，请当日在 POS 上撤销该笔交易；隔日按发卡方流程退款。',
    en: 'A POS payment is not refunded automatically: if the card cannot be loaded, void it on the POS the same day; later, the issuer’s process refunds it',
  },
  UI_NEXT_POS: {
    zh: '本笔为 POS 刷卡（凭证号 {voucherNo}，参考号 {referenceNo}），不会自动退款：可在「待处理」中再次圈存；不再圈存时请当日在 POS 上撤销，隔日按发卡方流程退款。',
    en: 'Paid by POS (voucher {voucherNo}, reference {referenceNo}); not refunded automatically: load it again from pending work, or void it on the POS the same day',
  },
  UI_NEXT_POS_VOID: {
    zh: 'POS 已扣款但未能充值：请当日在 POS 上撤销该笔交易（凭证号 {voucherNo}，参考号 {referenceNo}）。',
    en: 'The POS charged but nothing was loaded: void the charge on the POS today (voucher {voucherNo}, reference {referenceNo})',
  },

  // paper: the POS slip on the receipt, the day report's POS list
  PRINT_CHANNEL_CODE: { zh: '{channel}（付款码）', en: '{channel} (payment code)' },
  PRINT_POS_MERCHANT: { zh: 'POS 商户号', en: 'POS merchant no' },
  PRINT_POS_TERMINAL: { zh: 'POS 终端号', en: 'POS terminal no' },
  PRINT_POS_BATCH: { zh: '批次号', en: 'Batch no' },
  PRINT_POS_VOUCHER: { zh: '凭证号', en: 'Voucher no' },
  PRINT_POS_REFERENCE: { zh: '参考号', en: 'Reference no' },
  PRINT_POS_AUTH: { zh: '授权码', en: 'Auth code' },
  PRINT_POS_CARD: { zh: '银行卡号', en: 'Bank card' },
  PRINT_POS_TIME: { zh: '刷卡时间', en: 'Charged at' },

  REPORT_POS_SLIPS: { zh: 'POS 签购单', en: 'POS slips' },
  REPORT_POS_TIME: { zh: '刷卡时间', en: 'Charged at' },
  REPORT_POS_STATE: { zh: '充值状态', en: 'Recharge state' },
  REPORT_POS_VOID: { zh: '须当日在 POS 上撤销', en: 'void on the POS today' },
  REPORT_POS_NOTE: {
    zh: 'POS 刷卡的款项不由发卡方自动退回：未圈存且不再圈存的，须当日在 POS 上撤销；隔日按发卡方流程退款。',
    en: 'POS payments are not refunded by the issuer automatically: one not loaded is voided on the POS the same day; later, by the issuer’s process',
  },
  UI_DAY_POS_SLIPS: { zh: 'POS 签购单', en: 'POS slips' },

  // the day export's columns (main/report/channel-columns.ts)
  COL_PAY_CODE: { zh: '付款码（脱敏）', en: 'Payment code (masked)' },
  COL_POS_MERCHANT: { zh: 'POS商户号', en: 'POS merchant no' },
  COL_POS_TERMINAL: { zh: 'POS终端号', en: 'POS terminal no' },
  COL_POS_BATCH: { zh: 'POS批次号', en: 'POS batch no' },
  COL_POS_VOUCHER: { zh: 'POS凭证号', en: 'POS voucher no' },
  COL_POS_REFERENCE: { zh: 'POS参考号', en: 'POS reference no' },
  COL_POS_AUTH: { zh: 'POS授权码', en: 'POS auth code' },
  COL_POS_CARD: { zh: '银行卡号（脱敏）', en: 'Bank card (masked)' },
  COL_POS_TIME: { zh: 'POS刷卡时间', en: 'POS charge time' },
  COL_CARD_VERSION: { zh: '卡版本', en: 'Card version' },
  COL_KEY_VERSION: { zh: '密钥版本', en: 'Key version' },
  COL_ALG_ID: { zh: '算法标识', en: 'Algorithm id' },

  // training panel
  UI_TRAINING_POS_SLIP: { zh: '模拟 POS 签购单', en: 'Simulated POS slip' },
  UI_TRAINING_POS_SLIP_BUTTON: { zh: '刷卡出单', en: 'Print a slip' },
  UI_TRAINING_POS_SLIP_LINE: { zh: '参考号 {referenceNo} · 凭证号 {voucherNo} · 终端号 {posTerminalNo} · ¥{amount}', en: 'reference {referenceNo} · voucher {voucherNo} · terminal {posTerminalNo} · ¥{amount}' },
  UI_TRAINING_CODE: { zh: '示例付款码', en: 'Sample payment code' },
  UI_TRAINING_CODE_BUTTON: { zh: '生成', en: 'New' },
  RECONCILE_PROBLEM_pos: { zh: 'POS 凭证不符', en: 'POS slip differs' },
  RECONCILE_TODO_POS_SLIP: {
    zh: '本机记录的 POS 签购单与发卡方不一致：取出签购单核对商户号、终端号、凭证号和参考号，联系发卡方',
    en: 'The POS slip booked here differs from the issuer\'s: check merchant, POS terminal, voucher and reference no on the slip and call the issuer',
  },
} satisfies MessageTable;
