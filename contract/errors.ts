import { t } from './i18n';

/**
 * An error the operator can act on: a stable machine `code` (also the i18n key) and parameters for the
 * message. Every layer throws these; IPC and the CLI turn them into `{ok:false, code, message}`.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(t(code, params, 'zh'), options);
    this.name = 'AppError';
  }

  /** The English text, for logs and support. */
  get english(): string {
    return t(this.code, this.params, 'en');
  }
}

export function isAppError(e: unknown, code?: string): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}

/**
 * A call's answer. A refusal carries `ref`, the error reference (错误编号, e.g. `E7K2-9Q`) the clerk reads
 * beside the message and support finds in the log with the call's context (docs/release.md).
 */
export type Result<T> = { ok: true; data: T } | { ok: false; code: string; message: string; ref?: string };
