import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/**
 * Files only the counter can read (docs/security.md, "Files"): on POSIX the data folder and every folder in
 * it are 0700, and the journal with its `-wal` and `-shm`, the lock, settings, the slip archive and the logs
 * 0600 — the journal holds password hashes, the recovery code's hash, card numbers and plates. SQLite makes
 * `-wal` and `-shm` with the journal's own mode, so the journal is created 0600 before SQLite opens it.
 * Windows keeps its folder ACLs (the data folder's place and rights belong to the Windows set-up); these
 * calls do nothing there.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** Creates `dir` (and missing parents) 0700, and makes `dir` itself 0700 if it was there already. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix) tighten(dir, true);
}

/**
 * Creates `path` empty and 0600 unless it exists (O_CREAT|O_EXCL: never through someone's symlink), then
 * makes sure an existing one is 0600. Returns true when it created the file.
 */
export function privateFile(path: string): boolean {
  let created = false;
  try {
    closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE));
    created = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (posix) tighten(path, false);
  return created;
}

/** 0600 on each file of `paths` that exists (a journal's -wal and -shm, a lock); missing ones are skipped. */
export function tightenFiles(paths: readonly string[]): void {
  if (!posix) return;
  for (const p of paths) tighten(p, false);
}

/**
 * The data folder made private: 0700, and — when it was not private yet (a folder an earlier version made
 * 0755) — every folder below it 0700 and every file 0600, once. Symbolic links are left alone, never followed.
 * Returns how many entries changed mode.
 */
export function secureDataFolder(dir: string): number {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!posix) return 0;
  const st = lstatSync(dir);
  if ((st.mode & 0o777) === PRIVATE_DIR_MODE) return 0;
  let changed = tighten(dir, true) ? 1 : 0;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      let s: Stats;
      try {
        s = lstatSync(p);
      } catch {
        continue; // removed meanwhile
      }
      if (s.isDirectory()) {
        if (tighten(p, true, s)) changed += 1;
        walk(p);
      } else if (s.isFile() && tighten(p, false, s)) changed += 1;
    }
  };
  walk(dir);
  return changed;
}

/** chmod to the private mode when it differs (not through a symlink); true when changed. */
function tighten(path: string, dir: boolean, known?: Stats): boolean {
  let st: Stats;
  try {
    st = known ?? lstatSync(path);
  } catch {
    return false;
  }
  if (st.isSymbolicLink()) return false;
  const want = dir ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
  if ((st.mode & 0o777) === want) return false;
  chmodSync(path, want);
  return true;
}
