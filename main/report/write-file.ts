import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes an export whole or not at all (docs/security.md): the bytes go to a temporary file beside the
 * target, created exclusively (O_CREAT|O_EXCL, `wx`: an existing name — a symlink planted there included —
 * is refused, never followed or truncated) with a random name and mode 0600, flushed, then renamed over
 * the target. rename replaces a symlink at the target itself; it never writes through it.
 */
export function writeFileWhole(path: string, bytes: Buffer, tmpName: () => string = () => randomBytes(8).toString('hex')): void {
  const tmp = join(dirname(path), `.${basename(path)}.${tmpName()}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
