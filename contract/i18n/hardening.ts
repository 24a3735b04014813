import type { MessageTable } from './types';

/**
 * Sessions and the bridge's refusals (main/ipc/bridge*.ts, main/ipc/session.ts), idle lock and supervisor
 * confirmation, the command line's sign-in (main/cli/sign-in.ts), the crash policy (main/app/crash-policy.ts)
 * and the screens that go with them (lock screen, password prompt, 恢复主管账号). docs/security.md.
 */
export const hardening = {
  BRIDGE_SESSION_REQUIRED: {
    zh: '此浏览器没有会话：请用 etc-counter serve 打印的一次性地址打开（每个地址只能用一次；在运行 serve 的终端按回车可得到新地址）',
    en: 'This browser has no session: open the one-time address etc-counter serve printed (each works once; press Enter in serve\'s terminal for another)',
  },
  BRIDGE_BODY_TOO_LARGE: { zh: '请求过大（最多 {max} 字节）', en: 'Request too large (at most {max} bytes)' },
  BRIDGE_CONTENT_TYPE: { zh: '请求内容类型必须是 application/json', en: 'The request must be application/json' },
  BRIDGE_METHOD_NOT_ALLOWED: { zh: '不支持的请求方法 {method}', en: 'Method {method} not allowed' },
  BRIDGE_BODY_NOT_JSON: { zh: '请求内容不是 JSON', en: 'The request body is not JSON' },
  BRIDGE_NEW_URL_HINT: {
    zh: '另一台浏览器要用时，在此终端按回车，会打印一个新的一次性地址',
    en: 'For another browser, press Enter in this terminal: a new one-time address is printed',
  },

  SESSION_LOCKED: {
    zh: '屏幕已锁定（{minutes} 分钟无操作）：请输入柜员 {id} 的密码解锁',
    en: 'The screen is locked ({minutes} minutes idle): enter operator {id}\'s password to unlock',
  },
  AUTH_REAUTH_REQUIRED: {
    zh: '主管操作需要再次输入密码（距上次输入已超过 {minutes} 分钟）',
    en: 'Supervisor actions need the password again (more than {minutes} minutes since it was entered)',
  },
  AUTH_SESSION_DISABLED: {
    zh: '账号 {id} 已被停用，已退出登录',
    en: 'Account {id} was disabled and has been signed out',
  },

  AUTH_CLI_OPERATOR_REQUIRED: {
    zh: '请用 --operator 工号 指定柜员；密码在终端提示时输入，或作为标准输入的第一行',
    en: 'Name the operator with --operator ID; the password is typed at the prompt, or is the first line of standard input',
  },
  AUTH_CLI_OPERATOR_TWICE: {
    zh: '--operator 与 --as 指定了不同的柜员，请只用 --operator',
    en: '--operator and --as name different operators; use --operator only',
  },
  AUTH_CLI_PASSWORD_PROMPT: { zh: '柜员 {id} 的密码', en: 'Password of operator {id}' },
  AUTH_CLI_CANCELLED: { zh: '已取消输入', en: 'Input cancelled' },
  AUTH_CLI_FIRST_WITHOUT_OPERATOR: {
    zh: '还没有任何柜员：创建第一个主管时不用 --operator（只读入新主管的密码）',
    en: 'No operator exists yet: create the first supervisor without --operator (only its new password is read)',
  },

  PRINT_ARCHIVE_MISMATCH: {
    zh: '存档的 PDF 与刚生成的不一致（文件 {path}），未打印；请联系技术支持',
    en: 'The archived PDF differs from the one just made (file {path}); nothing printed: call support',
  },
  APP_CRASHED: {
    zh: '程序遇到意外错误，已记录并退出（日志：{path}）。重新启动后，未完成的充值在「待处理」中继续',
    en: 'Unexpected error: logged, and the program stopped (log: {path}). After a restart, unfinished recharges continue in 待处理',
  },

  UI_LOCK_TITLE: { zh: '屏幕已锁定', en: 'Screen locked' },
  UI_LOCK_BODY: {
    zh: '{minutes} 分钟无操作，已自动锁定。正在办理的业务已保留，输入密码即可继续。',
    en: '{minutes} minutes without input: locked. The work in progress is kept; the password continues it.',
  },
  UI_LOCK_WHO: { zh: '柜员：{id} · {name}', en: 'Operator: {id} · {name}' },
  UI_LOCK_UNLOCK: { zh: '解锁', en: 'Unlock' },
  UI_LOCK_SWITCH: { zh: '切换柜员（退出登录）', en: 'Switch operator (sign out)' },
  UI_REAUTH_TITLE: { zh: '请再次输入主管密码', en: 'Supervisor password, again' },
  UI_REAUTH_BODY: {
    zh: '主管操作需要确认身份：距上次输入密码已超过 {minutes} 分钟。',
    en: 'Supervisor actions need the password again: more than {minutes} minutes since it was entered.',
  },
  UI_REAUTH_OK: { zh: '确认', en: 'Confirm' },
  UI_REAUTH_CANCEL: { zh: '取消', en: 'Cancel' },
  UI_RECOVER_LINK: { zh: '恢复主管账号', en: 'Recover a supervisor account' },
  UI_RECOVER_TITLE: { zh: '恢复主管账号（使用恢复码）', en: 'Recover a supervisor account (recovery code)' },
  UI_RECOVER_HINT: {
    zh: '所有主管都被锁定或忘记密码时使用：输入保险柜中的恢复码和新密码。恢复码用后作废，并生成新的恢复码。',
    en: 'When every supervisor is locked out or no one knows a password: the recovery code from the safe and a new password. The code is then replaced by a new one.',
  },
  UI_RECOVER_ID: { zh: '主管工号', en: 'Supervisor id' },
  UI_RECOVER_CODE: { zh: '恢复码', en: 'Recovery code' },
  UI_RECOVER_NEW: { zh: '新密码（至少 8 位，不能全是数字）', en: 'New password (8 characters or more, not only digits)' },
  UI_RECOVER_REPEAT: { zh: '再次输入新密码', en: 'New password again' },
  UI_RECOVER_MISMATCH: { zh: '两次输入的新密码不一致', en: 'The two new passwords differ' },
  UI_RECOVER_SUBMIT: { zh: '恢复账号', en: 'Recover' },
  UI_RECOVER_BACK: { zh: '返回登录', en: 'Back to sign-in' },
  UI_RECOVER_DONE: {
    zh: '已恢复主管 {id}：账号已解锁，新密码已生效，旧恢复码已作废。',
    en: 'Supervisor {id} recovered: unlocked, the new password is set, the old code no longer works.',
  },
  UI_RECOVER_NEW_CODE: {
    zh: '新的恢复码（只显示这一次，请抄在纸上交网点负责人放入保险柜）：',
    en: 'The new recovery code (shown only now: write it down for the branch safe):',
  },
  REPORT_CHAIN_HEAD: {
    zh: '日志哈希链（截至当日结束）：第 {events} 条交易事件、第 {audit} 条审计记录，校验码 {digest}',
    en: 'Journal hash chains (end of day): event {events}, audit row {audit}, digest {digest}',
  },
} satisfies MessageTable;
