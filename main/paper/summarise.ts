/**
 * An event's data as one line a person reads, for the evidence slip (main/print) and the day export's
 * events sheet (main/report).
 */
/** One line per event: `key=value`, nested objects one level deep, long values cut (QR payloads, MACs stay short). */
export function summarise(data: Record<string, unknown>, max = 220): string {
  const parts: string[] = [];
  const add = (key: string, v: unknown): void => {
    if (v === null || v === undefined) return;
    if (typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, inner] of Object.entries(v as Record<string, unknown>)) add(`${key}.${k}`, inner);
      return;
    }
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    parts.push(`${key}=${s.length > 48 ? `${s.slice(0, 45)}…` : s}`);
  };
  for (const [k, v] of Object.entries(data)) add(k, v);
  const line = parts.join('  ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
