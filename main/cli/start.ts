import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { t } from '../../contract/i18n';
import { parseLaunchArgs } from '../app/launch-args';
import { REPO_ROOT } from '../app/renderer-build';
import { readEnvironment } from '../env';
import { chromiumAppLaunch } from './chromium-launch';
import type { Command } from './command';
import { launchBrowserMode, offerLaunchUrls, stopOnSignals } from './serve';

/** The Electron binary, if this machine has one (it is downloaded on first launch; offline it is not). */
export function electronBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const dir = join(require.resolve('electron/package.json'), '..');
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** The Chromium to open browser mode in: `$ETC_COUNTER_CHROMIUM`, else Debian's or Google's. */
export function chromiumBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const wanted = env.ETC_COUNTER_CHROMIUM;
  if (wanted) return existsSync(wanted) ? wanted : null;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p)) ?? null;
}

/**
 * `etc-counter start [--training] [--host URL] [--port N]` — the desktop app: Electron where its binary
 * exists; otherwise browser mode in Chromium's app window, opened on a private launch file so that no
 * secret is on Chromium's command line (chromium-launch.ts), or, without a display, the printed address.
 */
export const command: Command = {
  summary: 'start [--training] [--host URL]: the counter app (Electron, or browser mode where Electron is missing)',
  async run(argv) {
    const args = parseLaunchArgs(argv);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const electron = electronBinary();
    if (electron) {
      const build = spawnSync('npm', ['run', '--silent', 'build:main'], { cwd: REPO_ROOT, stdio: 'inherit' });
      if (build.status !== 0) return build.status ?? 1;
      const child = spawn(electron, [REPO_ROOT, ...argv], { stdio: 'inherit' });
      return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
    }
    log(`${t('APP_ELECTRON_MISSING')}\n${t('APP_ELECTRON_MISSING', {}, 'en')}`);
    const { mode, stop } = await launchBrowserMode(args, log);
    const chromium = chromiumBinary();
    let stopOffering = (): void => {};
    let removeLaunch = (): void => {};
    if (process.env.DISPLAY && chromium) {
      let launch: ReturnType<typeof chromiumAppLaunch> | null = null;
      const url = mode.newUrl(() => launch?.remove()); // spent at Chromium's first load: the file goes then
      launch = chromiumAppLaunch(url, join(readEnvironment().dataDir, 'chromium-profile'));
      removeLaunch = launch.remove;
      const app = spawn(chromium, launch.args, { stdio: 'ignore', detached: false });
      app.on('error', (e) => log(`Chromium: ${e.message}`));
      app.on('exit', () => log('Chromium window closed; still serving (Ctrl+C stops).'));
    } else {
      process.stdout.write(`${mode.url}\n`);
      log(`${t('APP_NO_DISPLAY')} / ${t('APP_NO_DISPLAY', {}, 'en')}:\n  ${mode.url}`);
      log(`${t('BRIDGE_NEW_URL_HINT')} / ${t('BRIDGE_NEW_URL_HINT', {}, 'en')}`);
      stopOffering = offerLaunchUrls(mode);
    }
    log(`${t('APP_SERVING')} / ${t('APP_SERVING', {}, 'en')}`);
    await stopOnSignals(mode, stop, log);
    stopOffering();
    removeLaunch();
    return 0;
  },
};
