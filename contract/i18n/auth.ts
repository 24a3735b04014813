import type { MessageTable } from './types';

/** Operators, roles and the audit log (main/auth): sign-in, lockout, role refusals, setup commands. */
export const auth = {
  AUTH_INVALID: {
    zh: '操作员号或密码错误，还可尝试 {left} 次（连续输错 5 次将锁定账号）',
    en: 'Wrong operator id or password; {left} tries left (5 wrong in a row lock the account)',
  },
  AUTH_LOCKED: {
    zh: '账号 {id} 已锁定（连续输错密码 5 次），请联系主管解锁',
    en: 'Account {id} is locked (5 wrong passwords in a row); ask a supervisor to unlock it',
  },
  AUTH_DISABLED: {
    zh: '账号 {id} 已停用，请联系主管',
    en: 'Account {id} is disabled; ask a supervisor',
  },
  AUTH_REQUIRED: { zh: '请先登录（操作员号和密码）', en: 'Sign in first (operator id and password)' },
  AUTH_FORBIDDEN: {
    zh: '此操作需要主管权限，当前操作员 {id} 无权执行',
    en: 'This needs a supervisor; operator {id} may not do it',
  },
  AUTH_NO_OPERATORS: {
    zh: '尚未设置任何操作员。请先在本机执行 etc-counter operator add --id 工号 --name 姓名 --role supervisor 创建主管账号',
    en: 'No operators yet. Run etc-counter operator add --id ID --name NAME --role supervisor on this computer first',
  },
  AUTH_OPERATOR_EXISTS: { zh: '操作员号 {id} 已存在', en: 'Operator id {id} already exists' },
  AUTH_OPERATOR_NOT_FOUND: { zh: '没有操作员 {id}', en: 'No operator {id}' },
  AUTH_FIRST_MUST_BE_SUPERVISOR: {
    zh: '第一个账号必须是主管（--role supervisor），否则无人能解锁账号',
    en: 'The first account must be a supervisor (--role supervisor), or nobody could unlock accounts',
  },
  AUTH_SUPERVISOR_NEEDED: {
    zh: '已有操作员：请用 --as 主管工号 以主管身份执行（先输入主管密码）',
    en: 'Operators exist: run it as a supervisor with --as SUPERVISOR_ID (the supervisor password is read first)',
  },
  AUTH_WEAK_PASSWORD: {
    zh: '密码至少 6 位，且不能与操作员号相同',
    en: 'The password needs at least 6 characters and must differ from the operator id',
  },
  AUTH_SIGN_OUT_BUSY: {
    zh: '正在写卡，写卡完成前不能退出登录',
    en: 'A card is being written; sign-out waits until it is done',
  },
  AUTH_STDIN_PASSWORD: {
    zh: '请在标准输入中提供密码（每行一个）',
    en: 'Give the password on standard input (one per line)',
  },
  AUTH_OPERATOR_ADDED: { zh: '已创建{role} {id}（{name}）', en: 'Created {role} {id} ({name})' },
  AUTH_OPERATOR_UNLOCKED: { zh: '已解锁 {id}', en: 'Unlocked {id}' },
  AUTH_ROLE_OPERATOR: { zh: '操作员', en: 'operator' },
  AUTH_ROLE_SUPERVISOR: { zh: '主管', en: 'supervisor' },
  // The renderer's sign-in, status bar and 审计日志 view.
  UI_AUTH_PASSWORD: { zh: '密码', en: 'Password' },
  UI_AUTH_SIGN_OUT: { zh: '退出登录', en: 'Sign out' },
  UI_AUTH_TRAINING_HINT: {
    zh: '培训账号：柜员 A01 / 123456，主管 S01 / 888888',
    en: 'Training accounts: operator A01 / 123456, supervisor S01 / 888888',
  },
  UI_NAV_AUDIT: { zh: '审计日志', en: 'Audit log' },
  UI_AUDIT_TITLE: { zh: '审计日志（仅主管可见）', en: 'Audit log (supervisors only)' },
  UI_AUDIT_ACTION: { zh: '动作', en: 'Action' },
  UI_AUDIT_ALL: { zh: '全部', en: 'All' },
  UI_AUDIT_OPERATOR: { zh: '操作员', en: 'Operator' },
  UI_AUDIT_ROLE: { zh: '角色', en: 'Role' },
  UI_AUDIT_NAME: { zh: '姓名', en: 'Name' },
  UI_AUDIT_ROLE_SYSTEM: { zh: '系统', en: 'system' },
  UI_AUDIT_ROLE_UNKNOWN: { zh: '不存在的账号', en: 'no such account' },
  UI_AUDIT_TARGET: { zh: '对象', en: 'Target' },
  UI_AUDIT_DETAIL: { zh: '详情', en: 'Detail' },
  UI_AUDIT_EMPTY: { zh: '该时段没有审计记录', en: 'No audit entries in this window' },
  UI_AUDIT_ACCOUNTS: { zh: '操作员账号', en: 'Operator accounts' },
  UI_AUDIT_LOCKED: { zh: '已锁定', en: 'Locked' },
  UI_AUDIT_ACTIVE: { zh: '正常', en: 'Active' },
  UI_AUDIT_UNLOCK: { zh: '解锁', en: 'Unlock' },
  UI_AUDIT_UNLOCKED: { zh: '已解锁 {id}', en: 'Unlocked {id}' },
  UI_AUDIT_ACTION_sign_in: { zh: '登录', en: 'Sign-in' },
  UI_AUDIT_ACTION_sign_in_failed: { zh: '登录失败', en: 'Sign-in failed' },
  UI_AUDIT_ACTION_sign_in_locked: { zh: '账号锁定', en: 'Account locked' },
  UI_AUDIT_ACTION_sign_out: { zh: '退出登录', en: 'Sign-out' },
  UI_AUDIT_ACTION_reprint: { zh: '补打凭条', en: 'Receipt reprint' },
  UI_AUDIT_ACTION_day_close: { zh: '日结', en: 'Day close' },
  UI_AUDIT_ACTION_settings_change: { zh: '修改设置', en: 'Settings change' },
  UI_AUDIT_ACTION_resume_other: { zh: '处理他人的充值', en: "Finished another operator's recharge" },
  UI_AUDIT_ACTION_unlock: { zh: '解锁账号', en: 'Account unlocked' },
  UI_AUDIT_ACTION_operator_add: { zh: '新增操作员', en: 'Operator added' },
} satisfies MessageTable;
