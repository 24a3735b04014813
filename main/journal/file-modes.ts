import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Files only the counter can read (docs/security.md, "Files"): the journal holds password hashes, the recovery code's
 * hash, card numbers and plates. On POSIX, in an account's own data folder (development, training) every folder is
 * 0700 and the journal with its `-wal` and `-shm`, the lock, settings, the slip archive and the logs 0600. In a
 * machine's data folder, which every clerk account of the counter shares through a group (the installer's `2770`,
 * docs/release.md §6), the group keeps its rights — folders `2770`, files `0660` — and nobody else has any. SQLite
 * makes `-wal` and `-shm` with the journal's own mode, so the journal is created with its mode before SQLite opens it.
 * Windows keeps its folder ACLs (the installer's); these calls do nothing there.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const GROUP_DIR_MODE = 0o2770;
const GROUP_FILE_MODE = 0o660;

const posix = process.platform !== 'win32';

/** A folder shared with one group and nobody else (group rwx, no rights for others): a machine's data folder. */
export function isGroupFolder(dir: string, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') return false;
  try {
    const m = statSync(dir).mode;
    return (m & 0o070) === 0o070 && (m & 0o007) === 0;
  } catch {
    return false;
  }
}

/** The mode a folder or file at `path` should have: the group's inside a machine's folder, else the account's. */
function modeFor(path: string, dir: boolean): number {
  const shared = dir ? isGroupFolder(path) || isGroupFolder(dirname(path)) : isGroupFolder(dirname(path));
  if (dir) return shared ? GROUP_DIR_MODE : PRIVATE_DIR_MODE;
  return shared ? GROUP_FILE_MODE : PRIVATE_FILE_MODE;
}

/** The mode a new file at `path` gets (0600, or 0660 in a machine's folder); for writers that create their own files. */
export function fileModeFor(path: string): number {
  return posix ? modeFor(path, false) : PRIVATE_FILE_MODE;
}

/** Creates `dir` (and missing parents) private, and makes `dir` itself private if it was there already. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix) tighten(dir, true);
}

/**
 * Creates `path` empty and private unless it exists (O_CREAT|O_EXCL: never through someone's symlink), then makes
 * sure an existing one is private. Returns true when it created the file.
 */
export function privateFile(path: string): boolean {
  let created = false;
  try {
    closeSync(openSync(path, 'wx', posix ? modeFor(path, false) : PRIVATE_FILE_MODE));
    created = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (posix) tighten(path, false);
  return created;
}

/** Private modes on each file of `paths` that exists (a journal's -wal and -shm, a lock); missing ones are skipped. */
export function tightenFiles(paths: readonly string[]): void {
  if (!posix) return;
  for (const p of paths) tighten(p, false);
}

/**
 * The data folder made private: its own mode, and — when it did not have it yet (a folder an earlier version made
 * 0755) — every folder below it and every file too, once. Symbolic links are left alone, never followed. Returns how
 * many entries changed mode.
 */
export function secureDataFolder(dir: string): number {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!posix) return 0;
  const st = lstatSync(dir);
  if ((st.mode & 0o7777) === modeFor(dir, true)) return 0;
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
  const want = modeFor(path, dir);
  if ((st.mode & 0o7777) === want) return false;
  try {
    chmodSync(path, want);
  } catch (e) {
    // In a machine's folder another clerk account owns what it made; only its owner (or an administrator) may change it.
    if ((e as NodeJS.ErrnoException).code === 'EPERM') return false;
    throw e;
  }
  return true;
}
