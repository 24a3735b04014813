import type { EventName, EventPayloads } from '../../contract/ipc';

/** What a handler learns about who called: Electron's IpcMainInvokeEvent, or the bridge's equivalent. */
export interface IpcEventLike {
  senderFrame?: { url: string } | null;
  /** Electron: the calling window's webContents; its id keys the signed-in operator (main/ipc/session.ts). */
  sender?: { id: number } | null;
  /** Browser bridge: the client its session cookie names (main/ipc/bridge-sessions.ts). */
  client?: string;
}

/**
 * The part of Electron's `ipcMain` that registration needs. Taking a port instead of Electron's object
 * lets the handlers run in plain Node tests and behind the browser bridge (the way Bruno's registerSQLiteIpc takes a port; docs/contributing.md).
 */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Pushes one event to every connected renderer. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayloads[E]) => void;
