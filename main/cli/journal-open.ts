import { isAppError } from '../../contract/errors';
import { SqliteJournal } from '../journal/sqlite-journal';

/**
 * A journal is either training or real, fixed when it was created (docs/architecture.md §4); the `journal …`
 * commands only read it, so they open it in whichever mode it is, `training` first.
 */
export function openEitherMode(path: string, training: boolean): SqliteJournal {
  try {
    return SqliteJournal.open(path, { training });
  } catch (e) {
    if (!isAppError(e, 'JOURNAL_MODE_MISMATCH')) throw e;
    return SqliteJournal.open(path, { training: !training });
  }
}
