import { expect } from 'vitest';
import { isAppError, type AppError } from '../../../contract/errors';

/** Awaits `p`, which must reject with the AppError `code`; returns the error for a closer look. */
export async function rejection(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => { throw new Error(`expected ${code}, but it resolved`); },
    (err: unknown) => err,
  );
  expect(isAppError(e) ? e.code : e).toBe(code);
  return e as AppError;
}
