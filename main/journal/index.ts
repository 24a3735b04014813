export { SqliteJournal, type JournalOptions } from './sqlite-journal';
export { TRANSITIONS, canTransition, isFinal } from './transitions';
export { RECORDS_WINDOW_MAX_DAYS, checkWindow, localDateOf } from './dates';
export type { Journal, NewRecharge, RechargePatch, RecordsQuery } from './port';
