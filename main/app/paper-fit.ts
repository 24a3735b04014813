/**
 * Receipts on an 80 mm roll fit the paper on the Electron path as in browser mode (docs/ui.md "Paper"): the
 * page is as long as its content. The slip is laid out 80 mm wide in a page without JavaScript, its
 * content height read through the DevTools protocol (`Page.getLayoutMetrics`: the layout's own size, no
 * script in the page needed), and the document printed again with `@page { size: 80mm <height> }` —
 * as a CSS page size, since a size given to printToPDF makes Chromium shrink the slip instead. Electron
 * speaks the protocol through `webContents.debugger`; the test speaks it to Debian's Chromium.
 */
export const MM_PER_PX = 25.4 / 96;
/** The roll's width in CSS pixels: what the measuring page is laid out in. */
export const ROLL_WIDTH_PX = Math.round(80 / MM_PER_PX);
/** A little paper below the last line, for the cutter. */
export const ROLL_TAIL_MM = 2;

/** The part of a DevTools-protocol session this needs. */
export interface DevtoolsSession { send(method: string, params?: Record<string, unknown>): Promise<unknown> }

/** The laid-out content's height in CSS pixels. */
export async function contentHeightPx(cdp: DevtoolsSession): Promise<number> {
  const m = await cdp.send('Page.getLayoutMetrics') as { cssContentSize?: { height: number }; contentSize?: { height: number } };
  const h = m.cssContentSize?.height ?? m.contentSize?.height;
  if (typeof h !== 'number' || !Number.isFinite(h) || h <= 0) throw new Error(`no layout height: ${JSON.stringify(m)}`);
  return h;
}

/** The roll page's length for a content height, in millimetres. */
export const rollPageMm = (heightPx: number): number => Math.ceil(heightPx * MM_PER_PX) + ROLL_TAIL_MM;

/** The document with its page as long as its content (the last `@page` rule wins). */
export function withRollPage(html: string, heightPx: number): string {
  const rule = `<style>@page { size: 80mm ${rollPageMm(heightPx)}mm; margin: 0; }</style></head>`;
  return html.includes('</head>') ? html.replace('</head>', rule) : `${rule.replace('</head>', '')}${html}`;
}

/**
 * The first page's size of a PDF in microns (its MediaBox, points → µm): Windows' silent print of an 80 mm
 * slip asks the driver for exactly that paper, so a roll printer feeds the slip's length, not an A4's.
 */
export function pdfPageMicrons(pdf: Buffer): { width: number; height: number } | null {
  const m = /\/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  if (!m) return null;
  const [x0, y0, x1, y1] = m.slice(1, 5).map(Number) as [number, number, number, number];
  const um = (pt: number): number => Math.round((pt * 25_400) / 72);
  return { width: um(x1 - x0), height: um(y1 - y0) };
}
