import type { MessageTable } from './types';

/**
 * Why the card shows a load or not (main/recharge/decide.ts), as the evidence slip prints it. The journal keeps
 * the engine's reason as its English text; paper looks it up here by that text (`decisionReason`), so journals
 * written before this table read in Chinese too.
 */
export const decide = {
  DECIDE_LOGGED_SERIAL_UNCHANGED: { zh: '联机序号未变，但卡内交易记录（0018）中有这笔圈存', en: 'serial unchanged but the 0018 log holds this load' },
  DECIDE_HOST_LOADED_SERIAL_UNCHANGED: { zh: '主机称已圈存，但卡片联机序号未变', en: 'host says loaded, card serial unchanged' },
  DECIDE_UNCHANGED: { zh: '联机序号和余额均未变：未写入卡片', en: 'serial and balance unchanged' },
  DECIDE_UNCHANGED_PURCHASES: { zh: '联机序号未变（余额因消费变动）：未写入卡片', en: 'serial unchanged (balance moved by purchases)' },
  DECIDE_NEXT_LOGGED: { zh: '联机序号加一，且卡内有相符的圈存记录', en: 'serial N+1 and the matching 0018 load record' },
  DECIDE_NEXT_BALANCE: { zh: '联机序号加一，余额为原余额加充值金额（卡片不保存交易记录）', en: 'serial N+1 and balance B+A (card keeps no log)' },
  DECIDE_NEXT_UNLOGGED: { zh: '联机序号加一，但卡内没有相符的圈存记录', en: 'serial advanced by one but no matching 0018 load record' },
  DECIDE_LATER_LOGGED: { zh: '之后还有其他圈存，卡内交易记录中有这一笔', en: 'later loads followed; the 0018 log holds this one' },
  DECIDE_LATER_UNLOGGED: { zh: '之后有多笔圈存，卡内交易记录中没有这一笔', en: 'several loads since, and the 0018 log does not show this one' },
  DECIDE_SERIAL_LOWER: { zh: '卡片联机序号小于圈存初始化时的序号', en: 'card serial is lower than at INIT' },
  DECIDE_ELSEWHERE_ONE: { zh: '付款后卡内有一笔该金额的圈存', en: 'one load of this amount on the card since the payment' },
  DECIDE_ELSEWHERE_SEVERAL: { zh: '付款后卡内有多笔该金额的圈存，无法确定是哪一笔', en: 'several loads of this amount on the card since the payment' },
  DECIDE_ELSEWHERE_NONE: {
    zh: '付款后卡内没有该金额的圈存，且交易记录早于付款时间', en: 'no load of this amount since the payment, and the log reaches back before it',
  },
  DECIDE_ELSEWHERE_SHORT_LOG: { zh: '卡内交易记录未覆盖到付款时间，无法判断', en: 'the card log does not reach back to the payment' },
  DECIDE_VERDICT_LOADED: { zh: '已在卡上', en: 'On the card' },
  DECIDE_VERDICT_NOT_LOADED: { zh: '不在卡上', en: 'Not on the card' },
  DECIDE_VERDICT_CONTRADICTION: { zh: '证据矛盾', en: 'Contradictory' },
  DECIDE_VERDICT_UNCLEAR: { zh: '无法判断', en: 'Unclear' },
} satisfies MessageTable;
