import { accessSync, constants, mkdirSync } from 'node:fs';
import { AppError } from '../../contract/errors';

/**
 * One data folder per machine (docs/release.md §6). On Windows the installer gives
 * `%ProgramData%\etc-counter` Modify for the local group *ETC Counter Users* and nothing for other users;
 * every file created inside inherits that. On Linux the deb's postinst makes `/var/lib/etc-counter`
 * `root:etc-counter 2770`: files created inside belong to the group (setgid), and this module makes them
 * group-writable — the process's umask is 007 in a release, and the journal and its lock file are created
 * 0660 before SQLite opens them (main/journal/file-modes.ts: SQLite gives its -wal and -shm files the database's
 * own mode). Nothing here runs for an account's own folder (development, training).
 */

/** A release on POSIX: what every clerk account creates in the machine's folder is the group's too. */
export function shareWithGroup(platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'win32') process.umask(0o007);
}

/** The data folder must exist and be writable by this account; else a message naming the folder and the group. */
export function checkDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.R_OK);
  } catch (e) {
    throw new AppError('DATA_DIR_NOT_WRITABLE', { dir, detail: (e as NodeJS.ErrnoException).code ?? String(e) }, { cause: e });
  }
}
