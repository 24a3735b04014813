import { BUSINESS_TIME_ZONE } from '../../contract/format';
import { t } from '../../contract/i18n';
import type { RechargeState } from '../../contract/recharge';

/**
 * The HTML every paper document is built from — receipts and evidence slips (main/print) and the day
 * report (main/report): escaping, page CSS, the self-contained document, and how times read on paper.
 */

/** Paper sizes the counter prints on: thermal roll, the A5 slip printer, A4 for reports and evidence. */
export type PaperFormat = '80mm' | 'A5' | 'A4';

/** Everything printed is built from text a customer or a card supplied: escape all of it, always. */
export function esc(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * One CJK face for every document. Chromium's PDF writer spends most of a slip's time (about 0.5–1 s on a counter
 * PC) on each CJK face it embeds, so paper uses the regular face only — `Paper Sans`, bold drawn from it — and
 * takes figures and ids (`.mono`, ASCII) from DejaVu Sans Mono: a receipt embeds one CJK face instead of three
 * (docs/ui.md "Receipts"). Where Noto is not installed (a Windows counter), the system's own CJK font is used.
 */
const FONT = "'Paper Sans', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif";
const MONO = "'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', monospace";
const FACES = "@font-face { font-family: 'Paper Sans'; src: local('Noto Sans CJK SC'), local('NotoSansCJKsc-Regular'); font-weight: 400; }";

const PAGE_CSS: Record<PaperFormat, string> = {
  // Thermal rolls have no page length: the Chromium adapter cuts the PDF to the content's height.
  '80mm': '@page { size: 80mm 297mm; margin: 0; } body { width: 80mm; padding: 4mm 4mm 6mm; font-size: 9.5pt; }',
  A5: '@page { size: A5; margin: 12mm 14mm; } body { font-size: 10.5pt; }',
  A4: '@page { size: A4; margin: 14mm 16mm; } body { font-size: 10pt; }',
};

const BASE_CSS = `
${FACES}
* { box-sizing: border-box; }
html, body { margin: 0; color: #111; background: #fff; }
body { font-family: ${FONT}; line-height: 1.45; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.mono { font-family: ${MONO}; letter-spacing: 0.02em; }
h1 { font-size: 1.35em; text-align: center; margin: 0 0 0.2em; letter-spacing: 0.08em; }
.sub { text-align: center; font-size: 0.85em; color: #333; margin: 0 0 0.6em; }
.rule { border: 0; border-top: 1px dashed #444; margin: 0.5em 0; }
.rule.solid { border-top-style: solid; border-top-width: 1.5px; }
table.kv { width: 100%; border-collapse: collapse; }
table.kv th { text-align: left; font-weight: normal; color: #333; white-space: nowrap; vertical-align: top; padding: 0.12em 0.8em 0.12em 0; }
table.kv td { text-align: right; word-break: break-all; padding: 0.12em 0; }
.paper-a4 table.kv td { text-align: left; }
.paper-a4 table.kv th { width: 13em; }
table.grid { width: 100%; border-collapse: collapse; margin: 0.3em 0 0.6em; }
table.grid th, table.grid td { border: 1px solid #555; padding: 0.25em 0.4em; vertical-align: top; }
table.grid th { background: #eee; font-weight: bold; }
table.grid td.num, table.grid th.num { text-align: right; }
.amount { font-size: 1.5em; font-weight: bold; }
.upper { font-weight: bold; }
.foot { font-size: 0.8em; color: #333; margin-top: 0.6em; }
.reprint { border: 2px solid #000; text-align: center; font-weight: bold; font-size: 1.1em; padding: 0.15em; margin: 0.3em 0; letter-spacing: 0.3em; }
.reprint small { display: block; font-size: 0.72em; font-weight: normal; letter-spacing: 0; }
/* The rotated mark is clipped by its layer: anything wider than the paper makes Chromium shrink the whole slip. */
.training-layer { position: fixed; top: 0; left: 0; right: 0; bottom: 0; overflow: hidden; pointer-events: none; z-index: 10; }
.training { position: absolute; top: 45%; left: -10%; width: 120%; text-align: center; transform: rotate(-28deg);
  font-size: 2.2em; font-weight: bold; color: rgba(180, 0, 0, 0.28); border: 3px solid rgba(180, 0, 0, 0.28); padding: 0.1em 0; }
.training-banner { text-align: center; font-weight: bold; color: #a00; border: 1.5px solid #a00; margin: 0 0 0.5em; padding: 0.1em; }
h2 { font-size: 1.05em; margin: 0.9em 0 0.2em; border-left: 4px solid #333; padding-left: 0.4em; }
.sign { display: flex; justify-content: space-between; margin-top: 2.2em; }
.sign span { flex: 1; border-top: 1px solid #000; margin: 0 0.8em; padding-top: 0.2em; text-align: center; font-size: 0.9em; }
`;

/** A complete, self-contained document: inline CSS (`css`: the document's own rules), no scripts, no external resources. */
export function htmlDocument(o: { title: string; format: PaperFormat; training: boolean; body: string; css?: string }): string {
  const training = o.training
    ? `<div class="training-layer" aria-hidden="true"><div class="training">${esc(t('PRINT_TRAINING_MARK'))}</div></div>` +
      `<div class="training-banner">${esc(t('PRINT_TRAINING_MARK'))}</div>`
    : '';
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(o.title)}</title>
<style>${PAGE_CSS[o.format]}${BASE_CSS}${o.css ?? ''}</style></head>
<body class="paper-${o.format.toLowerCase()}">${training}
${o.body}
</body></html>
`;
}

/** One `<tr>` of a label/value table. `valueHtml` is already escaped markup. */
export function kvRow(labelKey: string, valueHtml: string, cls = ''): string {
  return `<tr><th>${esc(t(labelKey))}</th><td${cls ? ` class="${cls}"` : ''}>${valueHtml}</td></tr>`;
}

const stampFormatters = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM-DD HH:mm:ss' in `timeZone` (undefined = Beijing, the business day's: contract/format.ts), as staff read times. */
export function localStamp(at: string | Date, timeZone: string = BUSINESS_TIME_ZONE): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return typeof at === 'string' ? at : '';
  const key = timeZone;
  let fmt = stampFormatters.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    stampFormatters.set(key, fmt);
  }
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(d)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The host's YYYYMMDDhhmmss (Beijing time, as written to the card) as 'YYYY-MM-DD HH:mm:ss'. */
export function hostStamp(s: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}` : s;
}

/** The short status a customer reads on paper: 已圈存 / 未圈存 / 待处理 / 需管理员 / 已取消 / 退款中 / 已退款. */
export function statusKey(state: RechargeState): string {
  switch (state) {
    case 'CONFIRMED':
    case 'VERIFIED':
      return 'PRINT_STATUS_LOADED';
    case 'UNLOADED':
      return 'PRINT_STATUS_UNLOADED';
    case 'NEEDS_ADMIN':
      return 'PRINT_STATUS_NEEDS_ADMIN';
    case 'CANCELLED':
      return 'PRINT_STATUS_CANCELLED';
    case 'REFUNDING':
      return 'PRINT_STATUS_REFUNDING';
    case 'REFUNDED':
      return 'PRINT_STATUS_REFUNDED';
    default:
      return 'PRINT_STATUS_PENDING';
  }
}
