import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { t } from '../../contract/i18n';
import { readEnvironment } from '../env';
import { registerIpc } from '../ipc/register';
import { serveRenderer } from './app-protocol';
import { installCrashPolicy } from './crash-policy';
import { attachCustomerDisplay } from './customer-window';
import { launchSettings, parseLaunchArgs, pickLaunchFlags } from './launch-args';
import { logPathFor, openLogFile } from './log-file';
import { createQuitGuard } from './quit-guard';
import { APP_ORIGIN, denyPermissions, focus, hardenContents, isAppUrl, secureWebPreferences } from './security';
import { mainWindowSink } from './window-events';

/**
 * The Electron shell: the only module that imports `electron`. Main alone owns the reader and the
 * journal; the window gets `window.counter` from the sandboxed preload and nothing else. It imports
 * neither the CLI nor the browser bridge (eslint.config.js, scripts/check-cycles.mjs).
 */
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// Single instance (one process may own the reader and the journal): a second launch focuses the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => focus(BrowserWindow.getAllWindows()[0]));
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));
  void app.whenReady().then(main);
}

async function main(): Promise<void> {
  const root = app.getAppPath();
  // The edge: the environment and the command line are read here, and only here, for the Electron app.
  const env = readEnvironment();
  // A release build takes no --host, --journal or --config from whoever starts it (launch-args.ts).
  const { settings, mode, store } = launchSettings(parseLaunchArgs(pickLaunchFlags(process.argv.slice(1), { packaged: app.isPackaged })), env.dataDir);
  // The crash policy (crash-policy.ts, docs/security.md): log the stack, journal what it cut, close the journal, exit.
  const log = openLogFile(logPathFor(mode, env.dataDir));
  const policy = installCrashPolicy({ log, stderr: (line) => console.error(line), exit: (code) => app.exit(code) });
  const { compose } = await import('../compose');
  const { ElectronPrinter } = await import('./electron-printer');
  const services = await compose({
    settings, store, mode, dataDir: env.dataDir, adminPassword: env.adminPassword, printer: new ElectronPrinter(),
  });

  denyPermissions(session.defaultSession);
  serveRenderer(protocol, join(root, 'dist', 'renderer'));
  let win: BrowserWindow | null = null;
  const registration = registerIpc(ipcMain, services, {
    isTrustedSender: (event) => isAppUrl(event.senderFrame?.url),
    emit: mainWindowSink(() => win), // never the hidden print windows
    log: (line) => { console.error(line); log.write(line); },
  });
  const guard = createQuitGuard(services.engine, services.journal, () => registration.session.loadsInFlight > 0);
  policy.onFatal(() => {
    guard.recordForcedQuit('uncaughtException');
    services.auth.close();
    services.journal.close();
  });

  const mainWindow = new BrowserWindow({
    width: 1280, height: 860, minWidth: 1024, minHeight: 700, show: false, title: t('UI_APP_TITLE'),
    webPreferences: secureWebPreferences(join(root, 'dist', 'preload', 'index.cjs')),
  });
  win = mainWindow;
  mainWindow.on('closed', () => { win = null; });
  mainWindow.removeMenu();
  mainWindow.once('ready-to-show', () => mainWindow.show());
  // Closing the window mid-load is refused; the operator is told why.
  mainWindow.on('close', (event) => {
    if (guard.mayQuit()) return;
    event.preventDefault();
    void dialog.showMessageBox(mainWindow, { type: 'warning', message: t('APP_QUIT_REFUSED'), detail: t('APP_QUIT_REFUSED', {}, 'en') });
  });
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
  attachCustomerDisplay(mainWindow); // 客显 on a second monitor, when there is one (docs/ui.md "Customer display")

  let closing = false;
  app.on('before-quit', (event) => {
    if (!guard.mayQuit()) { event.preventDefault(); return; }
    if (closing) return;
    closing = true;
    event.preventDefault();
    void services.close().finally(() => app.exit(0));
  });
  app.on('window-all-closed', () => app.quit());
  // The OS ending the session cannot be refused: journal what it cut, then go.
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => { guard.recordForcedQuit(sig); void services.close().finally(() => app.exit(1)); });
  }
}
