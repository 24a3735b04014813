import type { MessageTable } from './types';

/**
 * The money after "paid" (docs/architecture.md §3a): refunds and the customer's refund slip, what the host's
 * status does to a recharge, the supervisor's resolution of 需管理员, the customer's PIN, closing and reopening
 * the day, and 对账 with the host.
 */
export const money = {
  UI_STATE_REFUNDING: { zh: '退款中', en: 'Refunding' },
  UI_STATE_REFUNDED: { zh: '已退款', en: 'Refunded' },
  UI_RECORD_STATUS_refunding: { zh: '退款中', en: 'Refunding' },
  PRINT_STATUS_REFUNDING: { zh: '退款中', en: 'Refunding' },
  PRINT_STATUS_REFUNDED: { zh: '已退款', en: 'Refunded' },

  // What the host's status did to a recharge (main/recharge/host-status.ts).
  RECHARGE_HOST_CONTRADICTS: {
    zh: '发卡方订单状态（{hostStatus}）与本机流水（{state}）矛盾，已转管理员处理，请打印证据单',
    en: 'The host\'s order status ({hostStatus}) contradicts the journal ({state}): referred to the administrator; print the evidence slip',
  },
  RECHARGE_LOADED_ELSEWHERE: {
    zh: '发卡方显示该订单已在其他终端圈存，卡片记录也显示该笔圈存：已记为已圈存',
    en: 'The host says this order was loaded at another terminal and the card shows that load: recorded as loaded',
  },
  RECHARGE_LOADED_ELSEWHERE_UNPROVEN: {
    zh: '发卡方显示该订单已圈存，但卡片记录中找不到这笔圈存：已转管理员处理，请打印证据单',
    en: 'The host says this order is loaded but the card shows no such load: referred to the administrator; print the evidence slip',
  },
  RECHARGE_REFUNDED_BUT_LOADED: {
    zh: '发卡方已将该订单退款，但卡片证明已圈存（客户可能收到两次）：已记录卡片证据，请打印证据单交发卡方管理员',
    en: 'The host refunded this order but the card proves the load: the evidence is kept for the issuer\'s administrator; print the evidence slip',
  },
  RECHARGE_FOREIGN_AUTH_UNCLEAR: {
    zh: '其他终端对该订单的圈存授权可能已写入卡片，卡片记录不足以判断：已转管理员处理，请打印证据单',
    en: 'Another terminal\'s load authorization may be on the card and the card\'s log cannot tell: referred to the administrator',
  },
  RECHARGE_ALREADY_REFUNDED: {
    zh: '客户已付款，该订单已由发卡方原路退款（或正在退款），不能取消也不会圈存；可打印退款说明交客户',
    en: 'The customer paid and the host has refunded (or is refunding) the order: nothing to cancel or load; print the refund slip',
  },
  RECHARGE_HOST_ORDER_REFUNDED: {
    zh: '发卡方订单 {orderId} 已原路退款或正在退款（{status}），不能圈存',
    en: 'Issuer order {orderId} is refunded or being refunded ({status}): it cannot be loaded',
  },
  RECHARGE_TWIN_CANCELLED_REFUNDED: {
    zh: '本机流水已将 {plate} 的该笔订单记为已取消，发卡方显示已退款或正在退款：钱将原路退回，无需圈存',
    en: 'The journal has this order of {plate} as cancelled and the host as refunded: the money goes back, nothing to load',
  },
  RECHARGE_TWIN_CANCELLED_LOADED: {
    zh: '本机流水已将 {plate} 的该笔订单记为已取消，但发卡方显示已圈存：请打印充值记录交发卡方管理员核实',
    en: 'The journal has this order of {plate} as cancelled but the host as loaded: ask the issuer\'s administrator to check it',
  },
  RECHARGE_ADOPTED_AFTER_CANCEL: {
    zh: '本机曾将该订单记为已取消，发卡方显示客户已付款：已作为新的充值记录圈存',
    en: 'The journal had this order as cancelled but the host says it was paid: loaded as a new recharge record',
  },

  // The customer's PIN (main/recharge/pin-gate.ts).
  CARD_PIN_REQUIRED: {
    zh: '该卡片曾拒绝默认密码（还可尝试 {triesLeft} 次），本机不再自动校验密码：请客户输入卡片密码',
    en: 'This card refused the default PIN ({triesLeft} tries left); no automatic VERIFY any more: ask the customer for the card PIN',
  },
  CARD_PIN_BLOCKED: {
    zh: '卡片密码已锁定，本机不会再向该卡发送密码校验。请客户到发卡方网点解锁后再圈存；本笔充值保持原状态，钱不会丢失',
    en: 'The card PIN is blocked; no VERIFY will be sent to it. The customer must have it unblocked by the issuer; this recharge stays as it is',
  },
  UI_PIN_TITLE: { zh: '输入客户卡片密码', en: 'Customer card PIN' },
  UI_PIN_BODY: {
    zh: '卡片拒绝了默认密码。请客户在密码键盘或此处输入卡片密码，程序只校验一次，不会自动重试。',
    en: 'The card refused the default PIN. Ask the customer to enter the card PIN; it is tried once, never retried automatically.',
  },
  UI_PIN_TRIES: { zh: '还可尝试 {n} 次', en: '{n} tries left' },
  UI_PIN_TRIES_UNKNOWN: { zh: '剩余次数未知（上次输入正确）', en: 'Tries left unknown (the last PIN was right)' },
  UI_PIN_LABEL: { zh: '卡片密码（4–12 位数字）', en: 'Card PIN (4–12 digits)' },
  UI_PIN_OK: { zh: '校验并继续', en: 'Verify and go on' },
  UI_PIN_BAD_FORMAT: { zh: '卡片密码应为 4 到 12 位数字', en: 'The card PIN must be 4 to 12 digits' },

  // The supervisor's resolution of 需管理员 (main/recharge/admin-resolve.ts).
  ADMIN_RESOLVED_LOADED: {
    zh: '卡片证明已圈存，已向发卡方确认：记为已圈存', en: 'The card proves the load and the host confirmed it: recorded as loaded',
  },
  ADMIN_RESOLVED_UNLOADED: {
    zh: '卡片证明未圈存，已告知发卡方：记为未圈存，可圈存或等待原路退款', en: 'The card proves the load absent and the host was told: recorded as not loaded; load it or let it be refunded',
  },
  ADMIN_UNRESOLVED: {
    zh: '核查后仍不一致（{reason}）：状态未改变，新证据已记录，请发卡方管理员继续处理', en: 'Still contradictory ({reason}): nothing changed, the new evidence is recorded for the administrator',
  },
  ADMIN_HOST_STILL_REFUSES: {
    zh: '发卡方仍拒绝卡片证据（{hostCode}）：请管理员先更正发卡方记录', en: 'The host still refuses the card\'s evidence ({hostCode}): the administrator must correct the host\'s record first',
  },
  ADMIN_HOST_STILL_REFUNDED: {
    zh: '卡片显示已圈存，但发卡方仍为退款状态（{hostStatus}）', en: 'The card shows the load but the host still has the order refunded ({hostStatus})',
  },
  ADMIN_HOST_STATUS_WRONG: {
    zh: '发卡方订单状态为 {hostStatus}，与卡片不符', en: 'The host\'s order status {hostStatus} does not fit the card',
  },
  UI_NEEDS_ADMIN_TITLE: { zh: '需管理员处理', en: 'Needs the administrator' },
  UI_NEEDS_ADMIN_EMPTY: { zh: '没有需管理员处理的充值', en: 'Nothing for the administrator' },
  UI_ADMIN_RESOLVE: { zh: '管理员处理', en: 'Resolve' },
  UI_ADMIN_RESOLVE_TITLE: { zh: '需管理员处理：凭卡核查', en: 'Resolve with the card' },
  UI_ADMIN_RESOLVE_BODY: {
    zh: '请确认发卡方管理员已更正主机记录，然后将客户的卡（卡号 {cardNo}）放在读卡器上。程序重新读卡核查（不会写卡），按卡片显示的结果处理，并打印新旧证据对照的证据单。',
    en: 'Make sure the issuer\'s administrator corrected the host\'s record, then put the customer\'s card ({cardNo}) on the reader. The card is read again (never written), the outcome follows what it shows, and an evidence slip with old and new evidence is printed.',
  },
  UI_ADMIN_NOTE: { zh: '处理说明（记入审计日志）', en: 'Note (goes into the audit log)' },
  UI_ADMIN_CHECK: { zh: '读卡核查', en: 'Check the card' },
  UI_RECORD_HOST_REJECTED: { zh: '发卡方主机拒绝了请求（主机的代码和说明见证据单）', en: 'The issuer host refused the request (its code and message are on the evidence slip)' },
  UI_RECORD_HOST_ERROR: { zh: '发卡方主机故障（详见证据单）', en: 'The issuer host failed (see the evidence slip)' },
  UI_ADMIN_SUPERVISOR_ONLY: { zh: '仅主管可处理', en: 'Supervisors only' },
  PRINT_EVIDENCE_SUBTITLE_RESOLVED: {
    zh: '本笔充值曾需管理员处理，已由网点主管凭卡核查处理：处理结果见“新旧证据对照”',
    en: 'This recharge needed the administrator and was resolved by a supervisor with the card: see the old and new evidence',
  },
  PRINT_EVIDENCE_OLD: { zh: '原证据（转管理员时）', en: 'Evidence then (when referred)' },
  PRINT_EVIDENCE_NEW: { zh: '新证据（管理员处理后核查）', en: 'Evidence now (checked after the administrator)' },
  PRINT_EVIDENCE_COMPARE: { zh: '新旧证据对照', en: 'Old and new evidence' },
  PRINT_EVIDENCE_ITEM: { zh: '项目', en: 'Item' },
  PRINT_EVIDENCE_WHEN: { zh: '核查时间', en: 'Checked at' },
  PRINT_EVIDENCE_VERDICT: { zh: '判定', en: 'Verdict' },
  PRINT_EVIDENCE_LOAD_RECORD: { zh: '卡片圈存记录', en: 'Card load record' },
  PRINT_EVIDENCE_OUTCOME: { zh: '处理结果', en: 'Outcome' },

  // 退款说明 (main/print/refund-slip.ts).
  PRINT_REFUND_TITLE: { zh: 'ETC 陇通卡充值退款说明', en: 'ETC Longtong card recharge refund notice' },
  PRINT_REFUND_SUB: { zh: '本笔充值已付款，但未写入卡片', en: 'This recharge was paid but never loaded onto the card' },
  PRINT_REFUND_AMOUNT: { zh: '退款金额', en: 'Refund amount' },
  PRINT_REFUND_EXPECTED: { zh: '预计退回日期', en: 'Expected back by' },
  PRINT_REFUND_EXPECTED_UNKNOWN: { zh: '以发卡方通知为准', en: 'As the issuer notifies' },
  PRINT_REFUND_NO: { zh: '退款单号', en: 'Refund no' },
  PRINT_REFUND_AT: { zh: '退款时间', en: 'Refunded at' },
  PRINT_REFUND_BUSINESS_DAY: { zh: '付款业务日', en: 'Business day of payment' },
  PRINT_REFUND_HOW: {
    zh: '说明：您的款项未写入卡片，无需再次办理。款项将由发卡方在隔天通过对账后原路退还（退回原付款的微信或支付宝账户）；法定节假日顺延，收假后两天内退还。如在预计日期后仍未收到，请凭本说明联系发卡方客服或本网点。',
    en: 'Your money did not reach the card; nothing more to do. The issuer returns it the next day after reconciliation, the way it came (to the WeChat or Alipay account that paid); over a statutory holiday, within two days after it ends. If it has not arrived after the expected date, contact the issuer or this branch with this notice.',
  },
  PRINT_REFUND_HELD: {
    zh: '注意：该笔圈存授权可能已写入卡片，须凭卡片核实后才会退款。请持卡到网点办理“圈存”核实。',
    en: 'Note: a load authorization may be on the card; the refund waits until the card is checked. Bring the card to a counter.',
  },
  PRINT_REFUND_DONE: { zh: '已于 {at} 原路退还（退款单号 {no}）。', en: 'Refunded on {at} (refund no {no}).' },
  PRINT_REFUND_SIGN: { zh: '客户签收：', en: 'Customer:' },
  PRINT_REFUND_NOT_APPLICABLE: {
    zh: '这笔充值的状态为“{state}”：只有已付款但未写入卡片的充值才打印退款说明',
    en: 'Recharge {id} is {state}: refund slips are for paid recharges that are not on the card',
  },
  UI_REFUND_SLIP: { zh: '打印退款说明', en: 'Print refund notice' },
  UI_REFUND_EXPECTED: { zh: '预计 {date} 退回', en: 'back by {date}' },
  UI_REFUND_DONE_AT: { zh: '{date} 已退回', en: 'refunded {date}' },
  UI_NEXT_REFUNDING: {
    zh: '款项未写入卡片，发卡方正在原路退款，预计退回日期印在退款说明上。请打印退款说明交客户',
    en: 'The money is not on the card; the host is refunding it (the expected date is on the refund notice). Print it for the customer',
  },
  UI_NEXT_REFUNDED: { zh: '款项已原路退还，无需再处理。可打印退款说明交客户', en: 'The money went back; nothing more to do. Print the refund notice if the customer wants one' },

  // Closing and reopening the day (main/journal/day-closures.ts).
  DAY_CLOSED: {
    zh: '{date} 已日结，不能再办理当日的充值或圈存。如确需办理，请主管在「日结」中重新打开当日',
    en: '{date} is closed: no more recharges or adoptions dated that day. A supervisor may reopen it in 日结',
  },
  DAY_NOT_CLOSED: { zh: '{date} 尚未日结，无需重新打开', en: '{date} is not closed' },
  DAY_CARRY_OVER_NOT_ALLOWED: {
    zh: '只有当日“需管理员处理”的充值可以结转；还有其他未完成的充值（{list}），请先处理',
    en: 'Only the day\'s NEEDS_ADMIN recharges can be carried over; others are unfinished ({list})',
  },
  UI_DAY_REOPEN: { zh: '重新打开当日', en: 'Reopen the day' },
  UI_DAY_REOPEN_PROMPT: { zh: '请填写重新打开 {date} 的原因（记入审计日志）', en: 'Why reopen {date}? (audited)' },
  UI_DAY_CARRY_OVER: { zh: '结转需管理员处理的充值并日结', en: 'Carry over and close' },
  UI_DAY_CARRY_OVER_PROMPT: {
    zh: '当日有 {count} 笔“需管理员处理”的充值。结转后日结照常完成，这些充值留待管理员处理。请填写结转说明（记入审计日志）',
    en: '{count} recharges of the day need the administrator. Carried over, the day closes and they stay for the administrator. Note (audited):',
  },
  UI_DAY_CARRIED: { zh: '结转需管理员处理：{count} 笔（{note}）', en: 'Carried over: {count} ({note})' },
  UI_DAY_NOTE_REQUIRED: { zh: '请填写说明（至少 2 个字）', en: 'A note of at least 2 characters is required' },
  UI_DAY_REFUNDS: { zh: '退款', en: 'Refunds' },
  UI_DAY_REFUNDS_EMPTY: { zh: '当日没有应退或已退的款项', en: 'No refunds due or done for the day' },
  REPORT_REFUNDING: { zh: '其中：退款中', en: 'of which being refunded' },
  REPORT_REFUNDED: { zh: '已退款', en: 'Refunded' },
  REPORT_REFUNDS: { zh: '应退与已退款项', en: 'Refunds due and done' },
  REPORT_REFUND_STATUS_due: { zh: '应退（未到卡）', en: 'Due (not on the card)' },
  REPORT_REFUND_STATUS_refunding: { zh: '退款中', en: 'Refunding' },
  REPORT_REFUND_STATUS_refunded: { zh: '已退款', en: 'Refunded' },
  REPORT_REFUND_COL_STATUS: { zh: '退款状态', en: 'Refund status' },
  REPORT_REFUND_COL_DATE: { zh: '预计/退款日期', en: 'Expected / refunded' },
  REPORT_REFUND_COL_NO: { zh: '退款单号', en: 'Refund no' },
  REPORT_CARRIED_OVER: { zh: '结转需管理员处理：{count} 笔。说明：{note}', en: 'Carried over to the administrator: {count}. Note: {note}' },

  // 对账 (main/report/reconcile.ts).
  RECONCILE_TITLE: { zh: '与发卡方对账', en: 'Reconciliation with the host' },
  RECONCILE_MATCHED: { zh: '一致', en: 'Matched' },
  RECONCILE_HOST_ONLY: { zh: '主机有、本机无', en: 'Host only' },
  RECONCILE_JOURNAL_ONLY: { zh: '本机有、主机无', en: 'Journal only' },
  RECONCILE_MISMATCHED: { zh: '不一致', en: 'Mismatched' },
  RECONCILE_COUNTS: {
    zh: '一致 {matched} 笔，主机有本机无 {hostOnly} 笔，本机有主机无 {journalOnly} 笔，不一致 {mismatched} 笔',
    en: '{matched} matched, {hostOnly} host only, {journalOnly} journal only, {mismatched} mismatched',
  },
  RECONCILE_ALL_MATCH: { zh: '对账一致', en: 'Everything matches' },
  RECONCILE_HOST_DAYS: { zh: '发卡方业务日（北京时间）：{days}', en: 'Host business days (Beijing): {days}' },
  RECONCILE_HOST_RECONCILED: { zh: '发卡方与支付渠道对账时间：{at}', en: 'Host reconciled with the channels at {at}' },
  RECONCILE_HOST_NOT_RECONCILED: { zh: '发卡方尚未与支付渠道对账（次日完成）', en: 'The host has not reconciled with the channels yet (done the next day)' },
  RECONCILE_UNAVAILABLE: { zh: '未能与发卡方对账：{message}', en: 'No reconciliation: {message}' },
  RECONCILE_PROBLEM_amount: { zh: '金额不符', en: 'Amount differs' },
  RECONCILE_PROBLEM_status: { zh: '状态不符', en: 'Status differs' },
  RECONCILE_COL_CATEGORY: { zh: '对账结果', en: 'Reconciliation' },
  RECONCILE_COL_HOST_STATUS: { zh: '主机状态', en: 'Host status' },
  RECONCILE_COL_HOST_AMOUNT: { zh: '主机金额（元）', en: 'Host amount (yuan)' },
  RECONCILE_COL_PROBLEM: { zh: '问题', en: 'Problem' },
  RECONCILE_COL_TODO: { zh: '处理建议', en: 'What to do' },
  RECONCILE_SHEET: { zh: '对账', en: 'Reconciliation' },
  RECONCILE_TODO_AMOUNT: {
    zh: '本机与发卡方金额不一致：打印本笔证据单，联系发卡方核对订单金额', en: 'The amounts differ: print the evidence and have the issuer check the order amount',
  },
  RECONCILE_TODO_FINISH: { zh: '本笔尚未完成：在「待处理」中继续处理后再对账', en: 'Not finished: finish it in 待处理, then reconcile again' },
  RECONCILE_TODO_ADMIN: { zh: '需管理员处理：由主管凭卡核查（「待处理」→ 管理员处理）', en: 'Needs the administrator: a supervisor resolves it with the card' },
  RECONCILE_TODO_LOADED_HOST_NOT: {
    zh: '本机已圈存而发卡方未记为已圈存：打印证据单，交发卡方管理员更正', en: 'Loaded here but not on the host: print the evidence slip for the issuer\'s administrator',
  },
  RECONCILE_TODO_TELL_HOST: {
    zh: '本机已证明未圈存而发卡方仍为已付款：在「充值记录」中圈存（会先告知发卡方），或交管理员', en: 'Proven not loaded here, still paid on the host: 圈存 it from the records page (tells the host first)',
  },
  RECONCILE_TODO_LOADED_ELSEWHERE: {
    zh: '发卡方显示已在其他终端圈存：在「充值记录」中核对，必要时交管理员', en: 'The host says it was loaded elsewhere: check it in the records, else the administrator',
  },
  RECONCILE_TODO_CANCELLED_PAID: {
    zh: '本机已取消而发卡方显示已付款：在「充值记录」中圈存，或等待原路退款', en: 'Cancelled here but paid on the host: 圈存 it from the records page, or let it be refunded',
  },
  RECONCILE_TODO_CLOSE_ORDER: { zh: '本机已取消而发卡方订单仍待付款：在「待处理」中关闭订单', en: 'Cancelled here, still open on the host: close the order' },
  RECONCILE_TODO_HOST_ONLY_PAID: {
    zh: '发卡方有已付款订单而本机无记录：在「充值记录」中查询该车牌并圈存，或等待原路退款', en: 'A paid order the journal lacks: find the plate in the records and 圈存 it, or let it be refunded',
  },
  RECONCILE_TODO_HOST_ONLY: {
    zh: '发卡方有此订单而本机无记录：核实是否为其他终端或旧流水的订单', en: 'An order the journal lacks: check whether it is another terminal\'s or an older journal\'s',
  },
  RECONCILE_TODO_JOURNAL_ONLY: { zh: '发卡方无此订单：联系发卡方核对订单号', en: 'The host has no such order: ask the issuer to check the order number' },
  RECONCILE_TODO_REFUND_CHECK: { zh: '退款状态不一致：联系发卡方核对退款', en: 'Refund statuses differ: have the issuer check the refund' },
  RECONCILE_EXIT_SUMMARY: { zh: '{date} 对账：{counts}', en: 'Reconciliation of {date}: {counts}' },
  RECONCILE_DATE_REQUIRED: { zh: '请用 --date YYYY-MM-DD 指定对账日期', en: 'Give the day to reconcile with --date YYYY-MM-DD' },
} satisfies MessageTable;
