import type { Result } from '../../contract/errors';
import { callChannel, type CallName, type CallResponse } from '../../contract/ipc';
import type { IpcEventLike, IpcMainLike } from './port';

/**
 * Test code: an in-memory ipcMain — what Electron does with `handle`, minus the process boundary — for
 * driving registerIpc's gate as a window would (a trusted app:// frame, one webContents id).
 */
export class MemoryIpc implements IpcMainLike {
  readonly listeners = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void {
    if (this.listeners.has(channel)) throw new Error(`second handler for ${channel}`);
    this.listeners.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.listeners.delete(channel);
  }
  call<K extends CallName>(name: K, req: unknown = {}, windowId = 1): Promise<Result<CallResponse<K>>> {
    const l = this.listeners.get(callChannel(name));
    if (!l) throw new Error(`no handler for ${name}`);
    return Promise.resolve(l({ senderFrame: { url: 'app://counter/index.html' }, sender: { id: windowId } }, req)) as Promise<Result<CallResponse<K>>>;
  }
  /** The data of a call that must succeed, or an error naming its code. */
  async ok<K extends CallName>(name: K, req: unknown = {}, windowId = 1): Promise<CallResponse<K>> {
    const r = await this.call(name, req, windowId);
    if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message}`);
    return r.data;
  }
}
