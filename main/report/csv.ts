import type { Cell } from './rows';

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
export function csvField(v: Cell): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A text cell of digits only — card no (20 digits), trade no (28), terminal id, voucher and reference no — as
 * `="…"`, the form Excel and WPS read as text: a bare 20-digit number would show as 6.2E+19 and lose its last
 * digits, and `000123` would lose its zeros. Numbers (amounts in fen) stay numbers; parseCsv reads the text back.
 */
export function spreadsheetText(v: Cell): Cell {
  return typeof v === 'string' && /^\d+$/.test(v) ? `="${v}"` : v;
}

/** What a CSV footer line starts with: after an empty line, `# …` is a note about the table (the day's chain head), not a row of it. */
export const CSV_NOTE = '# ';

/** UTF-8 with a BOM (so Excel shows the Chinese), CRLF line ends, a CRLF after the last line too. */
export function toCsv(rows: Cell[][]): Buffer {
  const text = rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/**
 * Reads RFC 4180 text back (BOM, quotes, CRLF), a `="digits"` text cell as its digits; used by tests and
 * support tools, kept next to the writer.
 */
export function parseCsv(buf: Buffer | string): string[][] {
  let s = typeof buf === 'string' ? buf : buf.toString('utf8');
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && s[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.map((r) => r.map((c) => /^="\d+"$/.test(c) ? c.slice(2, -1) : c));
}
