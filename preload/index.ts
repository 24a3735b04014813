import { contextBridge, ipcRenderer } from 'electron';
import { buildCounterApi } from '../contract/ipc/api';
import { callChannel, eventChannel } from '../contract/ipc/names';

/**
 * `window.counter`, generated from the contract: one narrow verb per call, `on` per event. No raw
 * ipcRenderer reaches the page (Electron security checklist: "Do not expose Electron APIs to untrusted
 * web content"). Bundled to CommonJS so it runs in the sandbox; it imports the contract's names and API
 * builder only, never the request schemas (main parses every request itself).
 */
const api = buildCounterApi(
  (name, req) => ipcRenderer.invoke(callChannel(name), req),
  (name, listener) => {
    const channel = eventChannel(name);
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => { ipcRenderer.removeListener(channel, handler); };
  },
);

contextBridge.exposeInMainWorld('counter', api);
