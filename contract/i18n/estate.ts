import type { MessageTable } from './types';

/**
 * A counter PC in a bank's estate (docs/release.md §6–§10, docs/recovery.md): the machine's data folder,
 * the machine policy, the client key, backups, error references, the support bundle, the window's
 * recovery and the command line of an installed app.
 */
export const estate = {
  // ── error references ──────────────────────────────────────────────────────────────────────────────
  UI_ERROR_WITH_REF: { zh: '{message}（错误编号 {ref}）', en: '{message} (error reference {ref})' },

  // ── data folder and policy ───────────────────────────────────────────────────────────────────────
  DATA_DIR_NOT_WRITABLE: {
    zh: '本机数据文件夹 {dir} 不能写入（{detail}）：请让系统管理员把本 Windows 账号加入“ETC Counter Users”组（Linux：etc-counter 组）',
    en: 'The data folder {dir} cannot be written ({detail}): ask the administrator to add this account to the group "ETC Counter Users" (Linux: etc-counter)',
  },
  SETTINGS_POLICY_LOCKED: {
    zh: '{fields}由本机策略统一设定，不能在系统设置中修改；如需更改请联系总行系统管理员',
    en: '{fields}: set by the machine policy, cannot be changed in settings; ask the bank\'s system administrator',
  },
  SETTINGS_TERMINAL_ID_UNSET: {
    zh: '终端号尚未设置：请由主管在系统设置中填写本机终端号（或由本机策略下发），设置之前不能办理充值',
    en: 'The terminal id has not been set: a supervisor enters it in settings (or the machine policy sets it); no recharge before that',
  },
  UI_AUDIT_KEY_clientCertThumbprint: { zh: '终端证书指纹（Windows 证书存储）', en: 'Terminal certificate thumbprint (Windows store)' },
  UI_AUDIT_KEY_backupKeep: { zh: '备份保留份数', en: 'Backups kept' },
  UI_AUDIT_KEY_backupCopyDir: { zh: '备份副本文件夹', en: 'Backup copy folder' },
  UI_AUDIT_ACTION_settings_file: { zh: '设置文件记录', en: 'Settings file recorded' },
  UI_AUDIT_ACTION_journal_backup: { zh: '流水备份', en: 'Journal backup' },
  UI_AUDIT_ACTION_support_bundle: { zh: '导出支持包', en: 'Support bundle' },
  UI_AUDIT_DETAIL_SETTINGS_FILE_baseline: { zh: '首次记录设置文件的内容', en: 'The settings file recorded for the first time' },
  UI_AUDIT_DETAIL_SETTINGS_FILE_outside: { zh: '设置文件在本程序之外被修改：{fields}', en: 'The settings file was changed outside the app: {fields}' },
  UI_AUDIT_DETAIL_SETTINGS_FILE_saved: { zh: '系统设置已保存，记录设置文件的新内容', en: 'Settings saved; the file\'s new content recorded' },
  UI_AUDIT_DETAIL_SETTINGS_FILE_accepted: { zh: '主管确认了设置文件在程序外的修改', en: 'A supervisor accepted the outside change of the settings file' },
  UI_AUDIT_DETAIL_BACKUP: { zh: '备份流水（{size}，{via}）', en: 'Journal backed up ({size}, {via})' },
  UI_AUDIT_DETAIL_RESTORE: { zh: '从备份文件恢复了流水，被替换的流水另存在同一文件夹', en: 'Journal restored from a backup; the replaced journal kept beside it' },
  UI_AUDIT_DETAIL_SUPPORT_BUNDLE: { zh: '导出支持包（{size}，{via}）', en: 'Support bundle exported ({size}, {via})' },
  UI_AUDIT_VIA_CLI: { zh: '经命令行', en: 'from the command line' },
  UI_AUDIT_VIA_WINDOW: { zh: '在程序窗口中', en: 'in the window' },

  // ── the client key ────────────────────────────────────────────────────────────────────────────────
  SETTINGS_CLIENT_STORE_AND_FILES: {
    zh: '终端证书已指定为 Windows 证书存储中的指纹，就不能再填写证书和私钥文件',
    en: 'The terminal certificate is taken from the Windows store by thumbprint: no certificate and key files as well',
  },
  SETTINGS_STORE_CERT_UNAVAILABLE: {
    zh: '无法从 Windows 证书存储（本地计算机\\个人）取得指纹为 {thumbprint} 的终端证书及私钥（{detail}）',
    en: 'Cannot take the terminal certificate {thumbprint} with its key from the Windows store (LocalMachine\\My) ({detail})',
  },
  SETTINGS_KEY_PASSPHRASE_MISSING: {
    zh: '终端私钥有密码保护，本机尚未保存它的密码：请主管在系统设置中输入私钥密码',
    en: 'The terminal key is passphrase-protected and this machine holds no passphrase for it: a supervisor enters it in settings',
  },
  SETTINGS_KEY_PASSPHRASE_WRONG: { zh: '私钥密码不正确，打不开终端私钥 {file}', en: 'The passphrase does not open the terminal key {file}' },
  SETTINGS_KEY_NOT_ENCRYPTED: { zh: '终端私钥 {file} 没有密码保护，不需要私钥密码', en: 'The terminal key {file} is not passphrase-protected: no passphrase is needed' },
  SETTINGS_KEY_NO_FILE: { zh: '尚未填写终端私钥文件', en: 'No terminal key file is set' },
  UI_AUDIT_KEY_clientKeyPassphrase: { zh: '私钥密码', en: 'Key passphrase' },

  // ── backups ───────────────────────────────────────────────────────────────────────────────────────
  BACKUP_FAILED: { zh: '流水备份失败：{file}（{detail}）', en: 'Journal backup failed: {file} ({detail})' },
  BACKUP_COPY_FAILED: { zh: '流水备份无法复制到 {dir}（{detail}）', en: 'The journal backup could not be copied to {dir} ({detail})' },
  BACKUP_VERIFY_FAILED: { zh: '备份文件 {file} 未通过校验（{detail}），不能使用', en: 'The backup {file} did not pass the check ({detail}) and cannot be used' },
  BACKUP_EXISTS: { zh: '文件 {file} 已存在，不会覆盖：请换一个文件名', en: 'The file {file} exists and is not overwritten: choose another name' },
  BACKUP_NOT_FOUND: { zh: '找不到备份文件 {file}', en: 'No backup file {file}' },
  BACKUP_WRITTEN: {
    zh: '流水已备份到 {file}（{bytes} 字节，已校验：{events} 条充值事件、{audit} 条审计记录的哈希链完好）',
    en: 'Journal backed up to {file} ({bytes} bytes, checked: hash chains of {events} recharge events and {audit} audit rows intact)',
  },
  BACKUP_RESTORED: {
    zh: '已从 {from} 恢复流水 {file}，其中有 {unfinished} 笔未完成的充值：请运行 resume 或在程序的“待处理”中完成',
    en: 'Journal {file} restored from {from}; it holds {unfinished} unfinished recharges: finish them with resume or in 待处理',
  },
  BACKUP_REPLACED_KEPT: { zh: '原流水文件已保留为 {file}', en: 'The journal it replaced is kept as {file}' },
  SUPPORT_BUNDLE_WRITTEN: { zh: '支持包已写入 {file}（{bytes} 字节）', en: 'Support bundle written to {file} ({bytes} bytes)' },
  KEY_PASSPHRASE_PROMPT: { zh: '终端私钥的密码：', en: 'Passphrase of the terminal key: ' },
  KEY_PASSPHRASE_SEALED: { zh: '私钥密码已用本机系统保护保存', en: 'The key passphrase is sealed with this machine\'s protection' },

  // ── the app's start and end ───────────────────────────────────────────────────────────────────────
  APP_START_FAILED: { zh: 'ETC 陇通卡充值无法启动', en: 'ETC counter cannot start' },
  APP_QUIT_WAITING: {
    zh: '正在写卡：本步完成并记入流水后，程序自动退出，请勿拔卡',
    en: 'A card is being written: the program exits once this step is done and journaled; do not pull the card',
  },

  // ── screens ───────────────────────────────────────────────────────────────────────────────────────
  UI_SETTINGS_POLICY_LOCKED: { zh: '本机策略统一设定，不能在此修改', en: 'Set by the machine policy; cannot be changed here' },
  UI_SETTINGS_TERMINAL_UNSET: { zh: '尚未设置', en: 'Not set' },
  UI_KEY_PASSPHRASE_SAVE: { zh: '保存私钥密码', en: 'Save the key passphrase' },
  UI_KEY_PASSPHRASE_HINT: {
    zh: '终端私钥有密码保护：输入一次，本机用系统保护保存（不显示、不以明文保存）',
    en: 'The terminal key is passphrase-protected: enter it once; this machine keeps it sealed (never shown, never in clear)',
  },
  UI_KEY_PLAIN_WARNING: {
    zh: '终端私钥文件没有密码保护：建议换成有密码保护的私钥（PEM 或 PFX）或 Windows 证书存储中的证书',
    en: 'The terminal key file is not passphrase-protected: use a protected key (PEM or PFX) or a certificate in the Windows store',
  },
  UI_STATUS_KEY_PLAIN: { zh: '私钥未加密', en: 'Key not protected' },
  UI_STATUS_SETTINGS_FILE_CHANGED: { zh: '设置文件被改动', en: 'Settings file changed' },
  UI_STATUS_SETTINGS_FILE_CHANGED_HINT: {
    zh: '{at} 启动时发现设置文件被程序以外修改，已记入审计日志；请主管在系统设置中核对并确认',
    en: 'At the start of {at} the settings file was found changed outside the app (audited); a supervisor checks and confirms it in settings',
  },
  UI_STATUS_BACKUP_FAILED: { zh: '流水备份失败', en: 'Journal backup failed' },
  UI_WINDOW_RESTORED_TITLE: { zh: '窗口已恢复', en: 'Window restored' },
  UI_WINDOW_RESTORED_TEXT: {
    zh: '程序窗口在 {at} 出现故障（页面崩溃或长时间无响应），已自动恢复。正在办理的充值由程序保存，未丢失：请在当前页面或“待处理”中继续。',
    en: 'The window failed at {at} (page crashed or stopped answering) and was restored. The recharge in progress is kept by the program: continue here or in 待处理.',
  },
  UI_ESTATE_SECTION: { zh: '支持与维护', en: 'Support and maintenance' },
  UI_SETTINGS_FILE_CHANGED_TEXT: {
    zh: '{at} 启动时发现设置文件在程序外被修改（{fields}），已记入审计日志。请核对这些设置；确认无误后点“确认设置文件”。',
    en: 'At the start of {at} the settings file was found changed outside the app ({fields}); audited. Check these settings, then confirm.',
  },
  UI_SETTINGS_FILE_ACCEPT: { zh: '确认设置文件', en: 'Confirm the settings file' },
  UI_LAST_BACKUP_OK: { zh: '最近一次流水备份：{at}，已校验', en: 'Last journal backup: {at}, checked' },
  UI_LAST_BACKUP_FAILED: { zh: '最近一次流水备份失败：{at}（{message}）', en: 'The last journal backup failed: {at} ({message})' },
  UI_SUPPORT_BUNDLE: { zh: '导出支持包', en: 'Support bundle' },
  UI_SUPPORT_BUNDLE_HINT: {
    zh: '日志、版本、设置（已去除密码等机密）、流水校验结果、待处理、读卡器和打印机、最近的审计记录，供技术支持排查',
    en: 'Logs, versions, settings (secrets removed), the journal check, pending recharges, readers and printers, recent audit rows, for support',
  },
  UI_SUPPORT_BUNDLE_DONE: { zh: '支持包已生成：{file}', en: 'Support bundle made: {file}' },
} satisfies MessageTable;
