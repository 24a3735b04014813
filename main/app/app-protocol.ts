import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { CSP, resolveRendererFile } from '../renderer-files';

/**
 * Serves dist/renderer on `app://counter/` instead of file:// (checklist 18: a custom protocol gives the
 * page a real origin, so the sender check and the CSP header mean something). Which file, its type and
 * the CSP are renderer-files.ts', shared with browser mode's bridge.
 */
export function serveRenderer(protocol: Protocol, root: string): void {
  protocol.handle('app', async (request) => {
    const file = resolveRendererFile(root, new URL(request.url).pathname);
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
