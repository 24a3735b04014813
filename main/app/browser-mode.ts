import type { Services } from '../compose/services';
import { startBridge, type Bridge } from '../ipc/bridge';
import { registerIpc, type Registration } from '../ipc/register';
import { createQuitGuard, type QuitGuard } from './quit-guard';
import { RENDERER_DIST } from './renderer-build';

export interface BrowserMode {
  url: string;
  bridge: Bridge;
  registration: Registration;
  quitGuard: QuitGuard;
  close(): Promise<void>;
}

/**
 * Browser mode: main's services behind the loopback bridge, serving the built renderer. `serve` and
 * `start` (when Electron cannot run) use it; so do the E2E tests.
 */
export async function startBrowserMode(o: {
  services: Services; port?: number; staticDir?: string; log?: (line: string) => void;
}): Promise<BrowserMode> {
  const bridge = await startBridge({ staticDir: o.staticDir ?? RENDERER_DIST, port: o.port ?? 0 });
  const registration = registerIpc(bridge, o.services, {
    isTrustedSender: bridge.isTrustedSender,
    emit: bridge.emit,
    log: o.log,
  });
  return {
    url: bridge.url,
    bridge,
    registration,
    quitGuard: createQuitGuard(o.services.engine, o.services.journal, () => registration.session.loadsInFlight > 0),
    async close() {
      registration.dispose();
      await bridge.close();
    },
  };
}
