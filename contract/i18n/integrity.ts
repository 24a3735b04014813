import type { MessageTable } from './types';

/**
 * Evidence that holds outside the journal file and a bridge no local program can borrow (docs/security.md,
 * "What the journal proves", "Browser mode"): the guards and chains checked at start and by `journal
 * verify`, the host's witness, the paper digest, the file lock and the browser session's secret.
 */
export const integrity = {
  JOURNAL_GUARDS_MISSING: {
    zh: '交易日志的防篡改保护已被人删除（{count} 项）：{path}。为防止记录被改，程序不再向这本日志写入任何内容。请联系管理员，用 etc-counter journal verify 检查日志后再处理',
    en: 'The journal\'s guards against tampering were removed ({count}): {path}. Nothing more is written to it. Call the administrator to check it with etc-counter journal verify',
  },
  JOURNAL_HARD_LINKED: {
    zh: '交易日志文件 {path} 另有其他文件名（共 {links} 个硬链接），两个程序可能同时写同一本日志，程序拒绝打开。请联系管理员删除多余的链接',
    en: 'The journal {path} has other names ({links} hard links): two programs could write one journal at once, so it is not opened. Call the administrator to remove the extra links',
  },
  AUTH_ACCOUNT_TAMPERED: {
    zh: '账号 {id} 的记录与其变更历史不符（可能被人直接修改过日志文件），不能登录。请联系管理员',
    en: 'Account {id} no longer matches its change history (the journal file may have been edited): sign-in refused. Call the administrator',
  },

  UI_AUDIT_DETAIL_SIGN_IN_REFUSED_TAMPERED: { zh: '账号记录与其变更历史不符，拒绝登录', en: 'Refused: the account no longer matches its history' },

  JOURNAL_CHAIN_ROW_OPERATOR_EVENT: { zh: '账号变更记录 {seq}（账号 {operator}）', en: 'operator change {seq} (account {operator})' },
  JOURNAL_CHAIN_ROW_OPERATOR: { zh: '账号 {operator}', en: 'account {operator}' },
  JOURNAL_CHAIN_ROW_CLOSURE: { zh: '日结记录 {seq}（{date}）', en: 'day closure {seq} ({date})' },
  JOURNAL_CHAIN_ROW_PIN: { zh: '卡片密码记录 {seq}', en: 'PIN outcome {seq}' },
  JOURNAL_CHAIN_GONE: { zh: '账号已从账号表中消失，但它的变更历史还在', en: 'the account is gone from the accounts table, its history is not' },
  JOURNAL_CHAIN_UNAUDITED: { zh: '它对应的审计记录不见了', en: 'its audit row is missing' },
  JOURNAL_CHAIN_AUDIT_ONLY: {
    zh: '审计日志记着 {date} 的 {audited} 次日结或重开，日结记录只剩 {kept} 条：有日结记录被删除',
    en: 'the audit log has {audited} closes or reopens of {date}, the closures table only {kept}: closures were deleted',
  },
  JOURNAL_CHAIN_OPERATOR_VIEW: {
    zh: '账号当前的内容与其最后一次变更不符（{columns}）：有人绕过本程序改了账号',
    en: 'the account no longer matches its last recorded change ({columns}): it was edited around this program',
  },
  JOURNAL_VERIFY_CHECKED_MORE: {
    zh: '另检查 {operatorEvents} 条账号变更、{closures} 条日结记录、{pins} 条卡片密码记录',
    en: 'Also checked {operatorEvents} operator changes, {closures} day closures and {pins} PIN outcomes',
  },
  JOURNAL_VERIFY_AT: {
    zh: '纸面核对：交易事件第 {events} 条、审计第 {audit} 条处的校验码 {digest}',
    en: 'Paper check: the digest at event {events}, audit row {audit} is {digest}',
  },
  JOURNAL_VERIFY_AT_MISSING: {
    zh: '纸面核对：日志中已没有{what}（日志现只到交易事件第 {events} 条、审计第 {audit} 条）：日志末尾被删除',
    en: 'Paper check: the journal no longer has {what} (it now ends at event {events}, audit row {audit}): its end was cut off',
  },
  JOURNAL_VERIFY_AT_EVENT: { zh: '交易事件第 {n} 条', en: 'event {n}' },
  JOURNAL_VERIFY_AT_AUDIT: { zh: '审计第 {n} 条', en: 'audit row {n}' },
  JOURNAL_VERIFY_AT_INVALID: {
    zh: '--at 应为日结单上印的两个位置，例如 --at 1234,567（交易事件,审计）',
    en: '--at takes the two positions printed on the day report, e.g. --at 1234,567 (event,audit)',
  },
  JOURNAL_VERIFY_WITNESS_UNAVAILABLE: {
    zh: '未能与主机的见证核对：{message}',
    en: 'Could not compare with the host\'s witness: {message}',
  },

  WITNESS_OK: {
    zh: '与主机见证一致（主机 {at} 见证到交易事件第 {events} 条、审计第 {audit} 条）',
    en: 'Agrees with the host\'s witness (at {at} the host saw event {events}, audit row {audit})',
  },
  WITNESS_NONE: { zh: '主机还没有本终端日志的见证（尚无充值在主机完成）', en: 'The host keeps no witness of this terminal\'s journal yet' },
  WITNESS_OTHER_JOURNAL: {
    zh: '主机见证的是另一本日志（编号 {witnessed}，本机日志编号 {mine}，{at}）：日志文件可能被替换，请联系管理员',
    en: 'The host witnessed another journal (id {witnessed}; this one is {mine}; {at}): the file may have been replaced. Call the administrator',
  },
  WITNESS_MISSING: {
    zh: '{chain}第 {from}–{to} 条不在本机日志中，主机 {at} 曾见证到第 {to} 条：日志末尾被删除，请联系管理员',
    en: '{chain} {from}–{to} are not in this journal, though the host saw up to {to} at {at}: its end was cut off. Call the administrator',
  },
  WITNESS_DIFFERS: {
    zh: '{chain}第 {position} 条与主机 {at} 见证的不同：日志被改写过，请联系管理员',
    en: '{chain} {position} differs from what the host saw at {at}: the journal was rewritten. Call the administrator',
  },
  WITNESS_CHAIN_EVENTS: { zh: '交易事件', en: 'Events' },
  WITNESS_CHAIN_AUDIT: { zh: '审计记录', en: 'Audit rows' },
  WITNESS_CHAIN_OPERATORS: { zh: '账号变更记录', en: 'Operator changes' },
  WITNESS_CHAIN_CLOSURES: { zh: '日结记录', en: 'Day closures' },
  WITNESS_CHAIN_PINS: { zh: '卡片密码记录', en: 'PIN outcomes' },
  RECONCILE_WITNESS: { zh: '日志见证', en: 'Journal witness' },

  REPORT_CHAIN_CHECK: {
    zh: '核对：在柜员机上运行 etc-counter journal verify --at {events},{audit}，应得到上面同一个校验码',
    en: 'To check: etc-counter journal verify --at {events},{audit} on the counter PC gives the same digest',
  },

} satisfies MessageTable;
