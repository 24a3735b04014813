import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { t } from '../../contract/i18n';
import { parseLaunchArgs } from '../app/launch-args';
import { REPO_ROOT } from '../app/renderer-build';
import type { Command } from './command';
import { launchBrowserMode, stopOnSignals } from './serve';

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

/**
 * `etc-counter start [--training] [--host URL] [--port N]` — the desktop app: Electron where its binary
 * exists; otherwise browser mode in Chromium's app window, or, without a display, the printed URL.
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
    process.stdout.write(`${mode.url}\n`);
    const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
    if (process.env.DISPLAY && chromium) {
      const app = spawn(chromium, [`--app=${mode.url}`, '--no-first-run', `--user-data-dir=${join(REPO_ROOT, '.tsbuild', 'chromium-profile')}`], {
        stdio: 'ignore', detached: false,
      });
      app.on('exit', () => log('Chromium window closed; still serving (Ctrl+C stops).'));
    } else {
      log(`${t('APP_NO_DISPLAY')} / ${t('APP_NO_DISPLAY', {}, 'en')}:\n  ${mode.url}`);
    }
    log(`${t('APP_SERVING')} / ${t('APP_SERVING', {}, 'en')}`);
    await stopOnSignals(mode, stop, log);
    return 0;
  },
};
