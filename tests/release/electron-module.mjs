// Test code: a stand-in for the `electron` module, so that the packaged main entry (dist/main/app/
// electron-main.js, taken out of app.asar) runs under plain Node in release:check (docs/release.md). It
// has what electron-main.ts and the Electron printer touch — app, BrowserWindow, ipcMain, protocol,
// session, dialog, screen (one monitor: the customer display opens on a second only) — and no more: windows render nothing, printers do not exist. What the app registers
// (IPC handlers, the app:// protocol, windows, events sent) is kept for the driver (run-packaged.mjs),
// which plays the window's part through `standin`.
import { EventEmitter } from 'node:events';

const appEvents = new EventEmitter();
const windows = [];
let exitResolve;
const exited = new Promise((resolve) => { exitResolve = resolve; });

/** What the driver reads and calls. */
export const standin = {
  /** app.setPath calls: where the app put Electron's own profile (docs/release.md §6). */
  paths: {},
  errorBoxes: [],
  ipc: new Map(),
  protocols: new Map(),
  privileged: [],
  sent: [],
  windows,
  loaded: [],
  exited,
  /** Quitting as Electron does: before-quit first (the app may prevent it), then will-quit. */
  quit() {
    let prevented = false;
    appEvents.emit('before-quit', { preventDefault: () => { prevented = true; } });
    return !prevented;
  },
};

export const app = {
  isPackaged: true,
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getAppPath: () => process.env.ETC_STANDIN_APP_PATH ?? process.cwd(),
  getPath: (name) => standin.paths[name] ?? `${process.env.ETC_COUNTER_HOME ?? process.cwd()}/electron-${name}`,
  setPath: (name, path) => { standin.paths[name] = path; },
  getVersion: () => 'stand-in',
  on(event, listener) { appEvents.on(event, listener); return app; },
  once(event, listener) { appEvents.once(event, listener); return app; },
  quit() { standin.quit(); },
  exit(code = 0) { exitResolve(code); },
  relaunch() {},
  focus() {},
};

let nextId = 1;
class WebContents extends EventEmitter {
  constructor() { super(); this.id = nextId++; this.destroyed = false; }
  isDestroyed() { return this.destroyed; }
  send(channel, payload) { standin.sent.push({ channel, payload }); }
  setWindowOpenHandler(fn) { this.windowOpenHandler = fn; }
  async getPrintersAsync() { return []; }
  print(_options, callback) { callback(false, 'stand-in Electron has no printers'); }
  async printToPDF() { throw new Error('stand-in Electron renders no PDF'); }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() { return windows.filter((w) => !w.destroyed); }
  constructor(options = {}) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.destroyed = false;
    windows.push(this);
    appEvents.emit('web-contents-created', {}, this.webContents);
  }
  removeMenu() {}
  isDestroyed() { return this.destroyed; }
  getBounds() { return { x: 0, y: 0, width: 1366, height: 768 }; }
  setBounds(bounds) { this.bounds = bounds; }
  setFullScreen(on) { this.fullScreen = on; }
  showInactive() { this.shown = true; }
  async loadURL(url) { standin.loaded.push(url); queueMicrotask(() => this.emit('ready-to-show')); }
  show() { this.shown = true; }
  isMinimized() { return false; }
  restore() {}
  focus() {}
  reload() {}
  close() { this.emit('close', { preventDefault() {} }); }
  destroy() { this.destroyed = true; this.webContents.destroyed = true; }
}

export const ipcMain = {
  handle(channel, listener) {
    if (standin.ipc.has(channel)) throw new Error(`second handler for ${channel}`);
    standin.ipc.set(channel, listener);
  },
  removeHandler(channel) { standin.ipc.delete(channel); },
};

export const protocol = {
  registerSchemesAsPrivileged(list) { standin.privileged.push(...list); },
  handle(scheme, handler) { standin.protocols.set(scheme, handler); },
};

const defaultSession = {
  setPermissionRequestHandler(fn) { this.permissionRequest = fn; },
  setPermissionCheckHandler(fn) { this.permissionCheck = fn; },
};
export const session = { defaultSession };

export const dialog = {
  async showMessageBox(_win, options) { standin.sent.push({ channel: 'dialog', payload: options }); return { response: 0 }; },
  showErrorBox(title, content) { standin.errorBoxes.push({ title, content }); },
};

/** One monitor, the counter's: main's customer display (main/app/customer-window.ts) waits for a second. */
const PRIMARY = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 }, workArea: { x: 0, y: 0, width: 1366, height: 728 }, scaleFactor: 1, internal: false };
const screenEvents = new EventEmitter();
export const screen = {
  getAllDisplays() { return [PRIMARY]; },
  getPrimaryDisplay() { return PRIMARY; },
  getDisplayMatching() { return PRIMARY; },
  on(event, fn) { screenEvents.on(event, fn); return screen; },
  off(event, fn) { screenEvents.off(event, fn); return screen; },
};

export default { app, BrowserWindow, ipcMain, protocol, session, dialog, screen };
