/**
 * Money is integer fen everywhere. Yuan exist only at the input field and on paper (docs/architecture.md §2 rule 6).
 */
export type Fen = number;

/** The counter's own per-load limit: 100,000.00 yuan (docs/card-protocol.md §5). */
export const MAX_LOAD_FEN: Fen = 10_000_000;

export type YuanParse =
  | { ok: true; fen: Fen }
  | { ok: false; code: 'AMOUNT_EMPTY' | 'AMOUNT_FORMAT' | 'AMOUNT_DECIMALS' | 'AMOUNT_ZERO' | 'AMOUNT_TOO_LARGE' };

/**
 * Parses what an operator typed as yuan ("100", "100.5", "0.01") into fen, without floating point.
 * Refuses signs, letters, more than two decimals, zero and anything over the per-load limit.
 */
export function parseYuan(input: string, maxFen: Fen = MAX_LOAD_FEN): YuanParse {
  const s = input.trim().replace(/[，,]/g, '');
  if (s === '') return { ok: false, code: 'AMOUNT_EMPTY' };
  const m = /^(\d{1,9})(?:\.(\d*))?$/.exec(s);
  if (!m) return { ok: false, code: 'AMOUNT_FORMAT' };
  const decimals = m[2] ?? '';
  if (decimals.length > 2) return { ok: false, code: 'AMOUNT_DECIMALS' };
  const fen = Number(m[1]) * 100 + Number(decimals.padEnd(2, '0') || '0');
  if (fen <= 0) return { ok: false, code: 'AMOUNT_ZERO' };
  if (fen > maxFen) return { ok: false, code: 'AMOUNT_TOO_LARGE' };
  return { ok: true, fen };
}

/** "1234.50" — for paper and display only. */
export function formatYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer fen amount: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿'];

/** Chinese uppercase amount (大写金额) as printed on bank slips, e.g. 1234.50 → 壹仟贰佰叁拾肆元伍角整. */
export function toChineseUppercase(fen: Fen): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a non-negative fen amount: ${fen}`);
  if (fen === 0) return '零元整';
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor((fen % 100) / 10);
  const fenDigit = fen % 10;
  let out = '';
  if (yuan > 0) {
    const groups: number[] = [];
    for (let y = yuan; y > 0; y = Math.floor(y / 10000)) groups.push(y % 10000);
    let needZero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const group = groups[g] ?? 0;
      if (group === 0) { needZero = out !== ''; continue; }
      if (needZero || (out !== '' && group < 1000)) out += '零';
      needZero = false;
      let zeroPending = false;
      for (let i = 3; i >= 0; i--) {
        const d = Math.floor(group / 10 ** i) % 10;
        if (d === 0) { zeroPending = out !== '' ; continue; }
        if (zeroPending && !out.endsWith('零')) out += '零';
        zeroPending = false;
        out += (DIGITS[d] ?? '') + (SMALL_UNITS[i] ?? '');
      }
      out += BIG_UNITS[g] ?? '';
    }
    out = out.replace(/零+$/, '') + '元';
  }
  if (jiao === 0 && fenDigit === 0) return out + '整';
  if (jiao > 0) out += (DIGITS[jiao] ?? '') + '角';
  else if (yuan > 0) out += '零';
  if (fenDigit > 0) out += (DIGITS[fenDigit] ?? '') + '分';
  else out += '整';
  return out;
}
