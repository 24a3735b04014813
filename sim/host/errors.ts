import { t } from '../../contract/i18n';
import type { HostErrorBody } from '../../contract/host-api';

/**
 * A refusal the simulated host answers with: HTTP status + a stable code (an i18n key, so the Chinese
 * message is reviewed with every other string) + the message parameters.
 */
export class HostError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(t(code, params, 'zh'));
    this.name = 'HostError';
  }

  body(): HostErrorBody {
    return Object.keys(this.params).length > 0 ? { code: this.code, message: this.message, params: this.params } : { code: this.code, message: this.message };
  }
}

export const badRequest = (code: string, params: Record<string, string | number> = {}) => new HostError(400, code, params);
export const conflict = (code: string, params: Record<string, string | number> = {}) => new HostError(409, code, params);
export const notFound = (code: string, params: Record<string, string | number> = {}) => new HostError(404, code, params);
