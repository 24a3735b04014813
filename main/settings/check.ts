import { AppError } from '../../contract/errors';
import { hostUrlProblem } from '../../contract/host-url';
import { t } from '../../contract/i18n';
import { SETTING_FIELDS, SETTINGS_EDITABLE, type EditableSetting, type SettingsChange } from '../../contract/settings';

/**
 * A change from 系统设置, field by field against the contract's rules (contract/settings.ts SETTING_FIELDS):
 * the first bad field is refused with its name and rule in words staff read (SETTINGS_FIELD_INVALID), an
 * insecure or malformed host address with HOST_URL_*. Returns the values as the schema normalises them (trimmed).
 */
export function checkChange(raw: Record<string, unknown>): SettingsChange {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!(SETTINGS_EDITABLE as readonly string[]).includes(key)) throw new AppError('INVALID_INPUT', { detail: `not a setting: ${key}` });
    const field = key as EditableSetting;
    if (field === 'hostUrl' && typeof value === 'string') {
      const problem = hostUrlProblem(value.trim());
      if (problem) throw new AppError(problem, { url: value.trim() });
    }
    const parsed = SETTING_FIELDS[field].safeParse(value);
    if (!parsed.success) throw new AppError('SETTINGS_FIELD_INVALID', { field: t(`UI_AUDIT_KEY_${field}`), rule: t(`SETTINGS_RULE_${field}`) });
    out[field] = parsed.data;
  }
  return out as SettingsChange;
}
