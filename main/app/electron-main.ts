import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { isAppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { electronProfileDir, homeFor, setInstallKind } from '../config';
import { readEnvironment } from '../env';
import { setAppVersion } from '../estate/app-info';
import { checkDataDir, shareWithGroup } from '../estate/data-folder';
import { isInstalledCommand } from '../estate/installed-commands';
import { noteWindowRestored } from '../ipc/estate-handlers';
import { registerIpc } from '../ipc/register';
import type { Logger } from '../log/logger';
import { serveRenderer } from './app-protocol';
import { installCrashPolicy } from './crash-policy';
import { attachCustomerDisplay } from './customer-window';
import { launchSettings, parseLaunchArgs, pickLaunchFlags } from './launch-args';
import { logPathFor, openLogFile } from './log-file';
import { createQuitGuard } from './quit-guard';
import { APP_ORIGIN, denyPermissions, focus, hardenContents, isAppUrl, secureWebPreferences } from './security';
import { watchWindow } from './window-watch';
import { mainWindowSink } from './window-events';

/**
 * The Electron shell: the only module that imports `electron`. Main alone owns the reader and the
 * journal; the window gets `window.counter` from the sandboxed preload and nothing else. It imports
 * neither the CLI nor the browser bridge (eslint.config.js, scripts/check-cycles.mjs): a command line
 * given to the installed app (`etc-counter.exe journal verify …`, docs/release.md §9) is run by the CLI's
 * installed entry, loaded by path, without a window.
 */
const args = process.argv.slice(app.isPackaged ? 1 : 2);
// A release keeps one data folder per machine (docs/release.md §6); development the account's own.
setInstallKind(app.isPackaged ? 'release' : 'development');
setAppVersion(app.getVersion());
// Electron's own profile: per account, local, never roaming (main/config.ts electronProfileDir).
app.setPath('userData', electronProfileDir());
app.setPath('crashDumps', join(electronProfileDir(), 'crash-dumps'));
if (app.isPackaged) shareWithGroup();

if (isInstalledCommand(args)) {
  void runCommand();
} else {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  // Single instance (one process may own the reader and the journal): a second launch focuses the first.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
  } else {
    app.on('second-instance', () => focus(BrowserWindow.getAllWindows()[0]));
    app.on('web-contents-created', (_e, contents) => hardenContents(contents));
    void app.whenReady().then(main);
  }
}

async function runCommand(): Promise<void> {
  let code = 1;
  try {
    const entry = join(app.getAppPath(), 'dist', 'main', 'cli', 'installed.js');
    const { runInstalled } = (await import(pathToFileURL(entry).href)) as typeof import('../cli/installed');
    code = await runInstalled(args, { version: app.getVersion(), build: app.isPackaged ? 'release' : 'built' });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  }
  process.stdout.write('', () => app.exit(code));
}

/** A start that cannot go on (a bad settings or policy file, a locked or corrupt journal): said, logged, exit 1. */
function cannotStart(e: unknown, log: Logger | null): void {
  const message = isAppError(e) ? `${e.message}\n\n${e.english}` : e instanceof Error ? e.message : String(e);
  log?.line('error', 'start failed', { code: isAppError(e) ? e.code : 'INTERNAL', detail: message, stack: e instanceof Error ? e.stack : undefined });
  dialog.showErrorBox(t('APP_START_FAILED'), message);
  app.exit(1);
}

async function main(): Promise<void> {
  let log: Logger | null = null;
  try {
    await start((l) => { log = l; });
  } catch (e) {
    cannotStart(e, log);
  }
}

async function start(setLog: (log: Logger) => void): Promise<void> {
  const root = app.getAppPath();
  // The edge: the environment and the command line are read here, and only here, for the Electron app.
  const env = readEnvironment();
  // A release build takes no --host, --journal or --config from whoever starts it (launch-args.ts).
  const launch = parseLaunchArgs(pickLaunchFlags(process.argv.slice(1), { packaged: app.isPackaged }));
  const { settings, mode, store } = launchSettings(launch, env.dataDir);
  // Real mode: the machine's folder; 培训模式: the account's own (main/config.ts homeFor).
  const home = mode === 'training' ? homeFor('training') : env.dataDir;
  checkDataDir(home);
  const log = openLogFile(logPathFor(mode, home));
  setLog(log);
  log.line('info', 'starting', { version: app.getVersion(), electron: process.versions.electron, mode, dataDir: home, release: app.isPackaged });
  // The crash policy (crash-policy.ts, docs/security.md): log the stack, journal what it cut, close the journal, exit.
  const policy = installCrashPolicy({ log, stderr: (line) => console.error(line), exit: (code) => app.exit(code) });
  const { compose } = await import('../compose');
  const { ElectronPrinter } = await import('./electron-printer');
  const services = await compose({
    settings, store, mode, dataDir: home, adminPassword: env.adminPassword, printer: new ElectronPrinter(), logger: log,
  });

  denyPermissions(session.defaultSession);
  serveRenderer(protocol, join(root, 'dist', 'renderer'));
  let win: BrowserWindow | null = null;
  const registration = registerIpc(ipcMain, services, {
    isTrustedSender: (event) => isAppUrl(event.senderFrame?.url),
    emit: mainWindowSink(() => win), // never the hidden print windows
    log: (line) => { console.error(line); log.write(line); },
    logger: log,
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
  // A crashed or hung page is logged and restarted; it picks the wizard up from main; the clerk is told (window-watch.ts).
  watchWindow(mainWindow, { log, restored: (reason) => noteWindowRestored(registration.session, reason) });

  /**
   * Any request to end (the window closed, quit, an installer's WM_CLOSE, Windows ending the session,
   * SIGTERM): the card step in progress finishes and journals itself first, or is journaled as cut when it
   * does not finish by the deadline (quit-guard.ts); then the services close and the process exits.
   */
  let quitting = false;
  const quitAfterLoad = async (reason: string, deadlineMs: number, code = 0): Promise<void> => {
    if (quitting) return;
    quitting = true;
    const { waited, cut } = await guard.settle(reason, deadlineMs);
    log.line(cut.length > 0 ? 'warn' : 'info', 'quitting', { reason, waitedForCard: waited, cut: cut.join(',') || undefined });
    await services.close().catch((e: unknown) => log.line('error', 'closing failed', { detail: String(e) }));
    app.exit(code);
  };
  mainWindow.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    if (!guard.mayQuit()) void dialog.showMessageBox(mainWindow, { type: 'warning', message: t('APP_QUIT_WAITING'), detail: t('APP_QUIT_WAITING', {}, 'en') });
    void quitAfterLoad('window-close', 60_000);
  });
  // Windows: shutdown, restart, sign-out. Delayed while a card is written, then the same as a quit.
  mainWindow.on('query-session-end', (event) => {
    if (guard.mayQuit()) return;
    event.preventDefault();
    void quitAfterLoad('session-end', 20_000);
  });
  mainWindow.on('session-end', () => void quitAfterLoad('session-end', 4_000));
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
  attachCustomerDisplay(mainWindow); // 客显 on a second monitor, when there is one (docs/ui.md "Customer display")

  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    void quitAfterLoad('quit', 60_000);
  });
  app.on('window-all-closed', () => app.quit());
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => void quitAfterLoad(sig, 10_000, 1));
}
