/** The host's clock. Injected so tests can move time (order expiry, session expiry, host date/time). */
export type Now = () => Date;

const BEIJING_OFFSET_MS = 8 * 3600_000;

/**
 * The host's local date and time in Beijing time (UTC+8, no DST). MAC2 and TAC carry the host date/time,
 * and records are queried by Beijing calendar day, so the machine's own time zone must not leak in.
 */
export function beijing(d: Date): { date: string; time: string; day: string } {
  const iso = new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString(); // 2024-01-31T10:31:00.000Z, shifted
  const day = iso.slice(0, 10);
  return { day, date: day.replaceAll('-', ''), time: iso.slice(11, 19).replaceAll(':', '') };
}

/** Midnight at the start of a Beijing calendar day `YYYY-MM-DD`, or null when the date does not exist. */
export function beijingDayStart(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const utc = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(utc.getTime()) || utc.toISOString().slice(0, 10) !== day) return null; // 2024-02-30
  return new Date(utc.getTime() - BEIJING_OFFSET_MS);
}
