import type { MessageTable } from './types';

/** The recharge journal (main/journal): opening, migrations, state changes, record queries. */
export const journal = {
  JOURNAL_CORRUPT: {
    zh: '交易日志文件已损坏或不是日志文件：{path}。程序不会修改它，请联系技术支持并保留该文件',
    en: 'The journal is corrupt or not a journal: {path}. It was left untouched; keep the file and call support',
  },
  JOURNAL_LOCKED: {
    zh: '交易日志正被另一个程序使用：{path}。同一日志只能由一个程序打开，请关闭另一个窗口后重试',
    en: 'The journal is in use by another program: {path}. Only one instance may open it; close the other one and retry',
  },
  JOURNAL_OPEN_FAILED: {
    zh: '无法打开交易日志：{path}（{detail}），请检查文件位置和权限',
    en: 'Cannot open the journal: {path} ({detail}); check its location and permissions',
  },
  JOURNAL_WRITE_FAILED: {
    zh: '交易日志写入失败：{path}（{detail}），请检查磁盘空间后重试',
    en: 'Writing the journal failed: {path} ({detail}); check the disk space and retry',
  },
  JOURNAL_MIGRATION_EDITED: {
    zh: '交易日志结构版本 {version}（{name}）与已应用的内容不一致，程序已停止且未做任何修改，请联系技术支持',
    en: 'Journal migration {version} ({name}) differs from the one already applied; nothing was changed, call support',
  },
  JOURNAL_TOO_NEW: {
    zh: '交易日志由更新版本的程序创建（结构版本 {version}），请升级本程序',
    en: 'The journal was written by a newer version (schema {version}); upgrade this program',
  },
  JOURNAL_MODE_MISMATCH: {
    zh: '培训数据与正式数据不能混用：该日志是{journalZh}日志，程序当前为{programZh}模式',
    en: 'Training and real data never mix: this is a {journalEn} journal, the program runs in {programEn} mode',
  },
  JOURNAL_NOT_FOUND: { zh: '交易日志中没有这笔充值', en: 'No such recharge in the journal: {id}' },
  JOURNAL_DUPLICATE: { zh: '交易日志中已有这笔充值', en: 'The journal already holds this recharge: {id}' },
  JOURNAL_BAD_TRANSITION: {
    zh: '这笔充值不能从“{from}”变为“{to}”',
    en: 'Recharge {id} cannot move from {from} to {to}',
  },
  RECORDS_DATE_INVALID: { zh: '日期格式不正确：{date}（应为 YYYY-MM-DD）', en: 'Invalid date: {date} (expected YYYY-MM-DD)' },
  RECORDS_WINDOW_REVERSED: { zh: '开始日期 {from} 不能晚于结束日期 {to}', en: 'The start date {from} is after the end date {to}' },
  RECORDS_WINDOW_TOO_LONG: {
    zh: '开始日期与结束日期最多相隔 {max} 天（现相隔 {days} 天），请缩短日期范围',
    en: 'The two dates may be at most {max} days apart (they are {days} days apart)',
  },
  // journal verify (main/journal/chain-verify.ts, main/cli/journal-verify.ts)
  JOURNAL_FILE_MISSING: { zh: '找不到交易日志：{path}', en: 'No journal at {path}' },
  JOURNAL_VERIFY_CHECKED: {
    zh: '已检查 {events} 条充值事件、{audit} 条审计记录、{recharges} 笔充值',
    en: 'Checked {events} recharge events, {audit} audit rows and {recharges} recharges',
  },
  JOURNAL_VERIFY_INTACT: { zh: '日志链完整，未发现改动', en: 'The hash chains are intact: nothing was changed' },
  JOURNAL_VERIFY_BROKEN: { zh: '日志链断开：{row}：{what}', en: 'Chain broken at {row}: {what}' },
  JOURNAL_VERIFY_TRIGGERS_MISSING: {
    zh: '日志的防篡改触发器已被删除或改动：{names}',
    en: 'Guard triggers of the journal were dropped or changed: {names}',
  },
  JOURNAL_VERIFY_HEAD: {
    zh: '链头（截至 {through}）：事件 {events}，审计 {audit}，校验值 {digest}',
    en: 'Chain head (through {through}): event {events}, audit {audit}, digest {digest}',
  },
  JOURNAL_VERIFY_NOW: { zh: '现在', en: 'now' },
  JOURNAL_CHAIN_ROW_EVENT: {
    zh: '充值 {recharge} 的第 {seq} 条事件（链位置 {chain}）',
    en: 'event {seq} of recharge {recharge} (chain position {chain})',
  },
  JOURNAL_CHAIN_ROW_AUDIT: { zh: '审计记录 {seq}', en: 'audit row {seq}' },
  JOURNAL_CHAIN_ROW_RECHARGE: { zh: '充值 {recharge}', en: 'recharge {recharge}' },
  JOURNAL_CHAIN_UNHASHED: {
    zh: '该行没有链哈希，是绕过本程序写入的',
    en: 'the row has no chain hash: it was written around this program',
  },
  JOURNAL_CHAIN_MISSING: {
    zh: '它之前的第 {from}–{to} 行已被删除',
    en: 'the rows {from}–{to} before it were deleted',
  },
  JOURNAL_CHAIN_CHANGED: {
    zh: '内容与其哈希不符：该行被修改，或其前面的行被修改、删除或调换了顺序',
    en: 'its content no longer fits its hash: this row was edited, or rows before it were edited, deleted or reordered',
  },
  JOURNAL_CHAIN_VIEW: {
    zh: '当前记录与其事件不符（{columns}）',
    en: 'the current record no longer matches its events ({columns})',
  },
  JOURNAL_CHAIN_NO_EVENTS: { zh: '没有任何事件', en: 'it has no events' },
} satisfies MessageTable;
