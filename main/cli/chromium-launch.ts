import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * How `start` opens browser mode in Chromium's app window without putting a secret on a command line
 * (docs/security.md "Sessions in browser mode"): every local user can read any process's argv (`ps`), so
 * Chromium gets only the path of a launch file — created exclusively, readable by this user alone (0600,
 * in a 0700 profile folder) — whose page moves on to the one-time launch address. The bridge spends that
 * code at the first load and the file is removed then (and on exit), so even a copy would be worth nothing.
 */
export interface ChromiumLaunch {
  /** Chromium's arguments: the launch file's file:// URL, the private profile. */
  args: string[];
  file: string;
  remove(): void;
}

export function chromiumAppLaunch(launchUrl: string, profileDir: string): ChromiumLaunch {
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  chmodSync(profileDir, 0o700);
  const file = join(profileDir, `launch-${randomBytes(12).toString('hex')}.html`);
  const fd = openSync(file, 'wx', 0o600); // O_CREAT|O_EXCL: never through a symlink, never someone else's file
  try {
    writeSync(fd, launchPage(launchUrl));
  } finally {
    closeSync(fd);
  }
  return {
    args: [`--app=${pathToFileURL(file).href}`, '--no-first-run', '--no-default-browser-check', `--user-data-dir=${profileDir}`],
    file,
    remove: () => rmSync(file, { force: true }),
  };
}

/** A page that goes straight on to `url` (no script needed; the bridge answers with the cookie and a redirect). */
export function launchPage(url: string): string {
  const safe = url.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
    `<meta http-equiv="refresh" content="0; url=${safe}"><title>ETC</title>\n`;
}
