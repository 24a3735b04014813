import { L } from './i18n';

/**
 * A recharge record keeps only the code of its last error (contract/recharge.ts `error`), not the host's
 * message and code that some messages print; those are on the evidence slip. Such codes are shown with a
 * message that needs no parameters, so a screen never shows an unfilled `{hostMessage}`.
 */
const WITHOUT_PARAMS: Readonly<Record<string, string>> = {
  HOST_REJECTED: 'UI_RECORD_HOST_REJECTED',
  HOST_ERROR: 'UI_RECORD_HOST_ERROR',
};

export function recordError(code: string): string {
  return L(WITHOUT_PARAMS[code] ?? code);
}
