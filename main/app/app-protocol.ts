import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { CSP, resolveRendererFile, type RendererFile } from '../renderer-files';
import { APP_ORIGIN } from './security';

/**
 * Serves dist/renderer on `app://counter/` instead of file:// (checklist 18: a custom protocol gives the
 * page a real origin, so the sender check and the CSP header mean something). Which file, its type and
 * the CSP are renderer-files.ts', shared with browser mode's bridge.
 */
export function serveRenderer(protocol: Protocol, root: string): void {
  protocol.handle('app', async (request) => {
    const file = appFileFor(request.url, root);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file.path);
      return new Response(body, {
        headers: { 'content-type': file.contentType, 'cache-control': file.cacheControl, 'content-security-policy': CSP },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

const APP_HOST = new URL(APP_ORIGIN).host;

/**
 * The renderer file an `app://` request names, or null: only the app's own host (`app://counter/…`; any
 * other host, a port, credentials or a URL that does not parse are refused), then renderer-files.ts' rules
 * (no way out of the folder, %-encoded or not, no bad escapes, regular files only).
 */
export function appFileFor(url: string, root: string): RendererFile | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'app:' || u.host.toLowerCase() !== APP_HOST || u.username !== '' || u.password !== '') return null;
  return resolveRendererFile(root, u.pathname);
}
