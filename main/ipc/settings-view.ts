import type { SettingsView } from '../../contract/ipc';
import { SETTINGS_HIDDEN, type HiddenSetting, type Settings } from '../../contract/settings';
import type { TrainingControls } from '../compose/services';

/** Every setting but the hidden ones (contract/settings.ts SETTINGS_HIDDEN), and whether this is training. */
export function settingsView(settings: Settings, training: TrainingControls | null): SettingsView {
  const shown: Partial<Settings> = { ...settings };
  for (const key of SETTINGS_HIDDEN) delete shown[key];
  return { ...(shown as Omit<Settings, HiddenSetting>), training: training !== null, trainingHostUrl: training?.hostUrl ?? null };
}
