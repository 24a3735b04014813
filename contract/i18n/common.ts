import type { MessageTable } from './types';

/** Amount input, money and generic messages. */
export const common = {
  AMOUNT_EMPTY: { zh: '请输入充值金额', en: 'Enter the amount to load' },
  AMOUNT_FORMAT: { zh: '金额格式不正确，只能输入数字，例如 100 或 100.50', en: 'Invalid amount: digits only, e.g. 100 or 100.50' },
  AMOUNT_DECIMALS: { zh: '金额最多保留两位小数', en: 'At most two decimals' },
  AMOUNT_ZERO: { zh: '充值金额必须大于 0', en: 'The amount must be greater than 0' },
  AMOUNT_TOO_LARGE: { zh: '单笔充值金额不能超过 {max} 元', en: 'A single load may not exceed {max} yuan' },
  INVALID_INPUT: { zh: '输入不正确：{detail}', en: 'Invalid input: {detail}' },
  SETTINGS_FILE_MISSING: { zh: '找不到配置文件：{file}', en: 'Settings file not found: {file}' },
  SETTINGS_INVALID: { zh: '配置文件 {file} 不正确：{detail}', en: 'Settings file {file} is invalid: {detail}' },
  INTERNAL: { zh: '程序内部错误：{detail}', en: 'Internal error: {detail}' },
} satisfies MessageTable;
