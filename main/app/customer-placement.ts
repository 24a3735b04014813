import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { secureWebPreferences } from './security';

/**
 * Where the customer display (客显, docs/ui.md "Customer display") goes in Electron: plain logic over Electron's
 * screen list, so that it is tested in Node (customer-placement.test.ts) with a stand-in for `screen`.
 */
export interface Rect { x: number; y: number; width: number; height: number }
export interface DisplayLike { id: number; bounds: Rect }

/**
 * The customer's monitor: one other than the monitor the clerk's window is on — the primary one when the clerk
 * works on another — else the largest of the others; none with a single monitor (then there is no customer
 * window at all: nothing of the counter is drawn twice on the clerk's screen).
 */
export function customerDisplayFor<D extends DisplayLike>(displays: readonly D[], clerkDisplayId: number, primaryId: number): D | null {
  const others = displays.filter((d) => d.id !== clerkDisplayId);
  if (others.length === 0) return null;
  const primary = others.find((d) => d.id === primaryId);
  if (primary) return primary;
  return [...others].sort((a, b) => b.bounds.width * b.bounds.height - a.bounds.width * a.bounds.height || a.id - b.id)[0] ?? null;
}

/**
 * The customer window: full screen on that monitor, no frame or menu, never taking the focus from the clerk, and
 * no preload at all — it gets nothing from main, only what the clerk's window posts to it (contract/customer.ts).
 */
export function customerWindowOptions(on: Rect, title: string): BrowserWindowConstructorOptions {
  return {
    ...on, title, show: false, frame: false, fullscreen: true, focusable: false, skipTaskbar: true, autoHideMenuBar: true,
    backgroundColor: '#f4f6f9', webPreferences: customerWebPreferences(),
  };
}

/** The app's secure preferences (security.ts) without the preload: no `window.counter` in the customer's window. */
export function customerWebPreferences(): WebPreferences {
  const prefs: WebPreferences = { ...secureWebPreferences('') };
  delete prefs.preload;
  return prefs;
}
