import type { EventName, EventPayloads } from '../../contract/ipc';
import { eventChannel } from '../../contract/ipc';
import type { EventSink } from '../ipc/port';

/** The part of a BrowserWindow events are sent through. */
export interface EventWindow {
  webContents: { send(channel: string, payload: unknown): void; isDestroyed(): boolean };
}

/**
 * Main's events (recharges, payments, cards, readers, host) go to the counter's main window only — never
 * to the hidden windows main/app/electron-printer.ts opens to render and print slips, which load paper,
 * not the app, and have no business learning card numbers (docs/security.md).
 */
export function mainWindowSink(main: () => EventWindow | null): EventSink {
  return <E extends EventName>(name: E, payload: EventPayloads[E]) => {
    const win = main();
    if (win && !win.webContents.isDestroyed()) win.webContents.send(eventChannel(name), payload);
  };
}
