import { contextBridge, ipcRenderer } from 'electron';
import { buildCounterApi, callChannel, eventChannel } from '../contract/ipc';

/**
 * `window.counter`, generated from the contract: one narrow verb per call, `on` per event. No raw
 * ipcRenderer reaches the page (style.md; Electron security checklist: "Do not expose Electron APIs to
 * untrusted web content"). Bundled to CommonJS so it runs in the sandbox.
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
