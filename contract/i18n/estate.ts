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

  // ── backups ───────────────────────────────────────────────────────────────────────────────────────
  BACKUP_FAILED: { zh: '流水备份失败：{file}（{detail}）', en: 'Journal backup failed: {file} ({detail})' },
  BACKUP_COPY_FAILED: { zh: '流水备份无法复制到 {dir}（{detail}）', en: 'The journal backup could not be copied to {dir} ({detail})' },
  BACKUP_VERIFY_FAILED: { zh: '备份文件 {file} 未通过校验（{detail}），不能使用', en: 'The backup {file} did not pass the check ({detail}) and cannot be used' },
} satisfies MessageTable;
