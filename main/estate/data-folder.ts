import { accessSync, closeSync, constants, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../contract/errors';
import { lockPathFor } from '../journal/lock';

/**
 * One data folder per machine (docs/release.md §6). On Windows the installer gives
 * `%ProgramData%\etc-counter` Modify for the local group *ETC Counter Users* and nothing for other users;
 * every file created inside inherits that. On Linux the deb's postinst makes `/var/lib/etc-counter`
 * `root:etc-counter 2770`: files created inside belong to the group (setgid), and this module makes them
 * group-writable — the process's umask is 007 in a release, and the journal and its lock file are created
 * 0660 before SQLite opens them (SQLite creates a database 0644, and gives its -wal and -shm files the
 * database's own mode). Nothing here runs for an account's own folder (development, training).
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

/** Whether a folder is set up for a group (POSIX group-write bit): a machine's data folder. */
export function isGroupFolder(dir: string, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') return false;
  try {
    return (statSync(dir).mode & 0o020) !== 0;
  } catch {
    return false;
  }
}

/**
 * In a group folder: the journal file and its lock file created 0660 if they do not exist yet, so that
 * SQLite (and its -wal/-shm files) keep them writable for the next clerk's account. An empty file is an
 * empty journal to SqliteJournal.open.
 */
export function shareJournalFiles(journalPath: string, platform: NodeJS.Platform = process.platform): void {
  if (!isGroupFolder(dirname(journalPath), platform)) return;
  for (const file of [journalPath, lockPathFor(journalPath)]) {
    try {
      closeSync(openSync(file, 'wx', 0o660));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
