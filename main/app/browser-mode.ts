import type { EventName } from '../../contract/ipc';
import type { Services } from '../compose/services';
import { startBridge, type Bridge } from '../ipc/bridge';
import type { BridgeLimits } from '../ipc/bridge-http';
import type { Logger } from '../log/logger';
import { registerIpc, type Registration } from '../ipc/register';
import { keepPaperReady } from '../print';
import { createQuitGuard, type QuitGuard } from './quit-guard';
import { RENDERER_DIST } from './renderer-build';

export interface BrowserMode {
  /** The first one-time launch address (its code opens one browser, once). */
  url: string;
  /** Another one-time launch address, for one more browser; `onUsed` runs when it has been opened. */
  newUrl(onUsed?: () => void): string;
  bridge: Bridge;
  registration: Registration;
  quitGuard: QuitGuard;
  close(): Promise<void>;
}

/** Events anyone with a session may see (the status bar before sign-in); recharges and payments only signed-in clients. */
const PUBLIC_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['readers', 'card', 'host']);

/**
 * Browser mode: main's services behind the loopback bridge, serving the built renderer. `serve` and
 * `start` (when Electron cannot run) use it; so do the E2E tests.
 */
export async function startBrowserMode(o: {
  services: Services; port?: number; staticDir?: string; log?: (line: string) => void; limits?: Partial<BridgeLimits>;
  /** The structured log refusals are written to with their error references. */
  logger?: Logger;
}): Promise<BrowserMode> {
  const bridge = await startBridge({ staticDir: o.staticDir ?? RENDERER_DIST, port: o.port ?? 0, log: o.log, limits: o.limits });
  const registration = registerIpc(bridge, o.services, {
    isTrustedSender: bridge.isTrustedSender,
    emit: bridge.emit,
    log: o.log,
    logger: o.logger,
  });
  bridge.setAudience((client, event) => PUBLIC_EVENTS.has(event) || registration.session.who({ client }) !== null);
  const offPaper = keepPaperReady(o.services.engine, o.services.print); // receipts in a second (docs/ui.md "Receipts")
  return {
    url: bridge.issueLaunchUrl(),
    newUrl: (onUsed) => bridge.issueLaunchUrl(onUsed),
    bridge,
    registration,
    quitGuard: createQuitGuard(o.services.engine, o.services.journal, () => registration.session.loadsInFlight > 0),
    async close() {
      offPaper();
      registration.dispose();
      await bridge.close();
    },
  };
}
