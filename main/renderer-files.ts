import { realpathSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

/**
 * How the built renderer (dist/renderer) is served — one policy for Electron's `app://` protocol
 * (main/app/app-protocol.ts) and browser mode's loopback bridge (main/ipc/bridge.ts): the page's Content Security
 * Policy, the content types, and which path maps to which file. Neither Electron nor the bridge is
 * imported here.
 */

/** Strict CSP: only our own scripts; inline styles for Element Plus' positioning; QR codes as data: images. */
export const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self' data:", "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

export interface RendererFile {
  path: string;
  contentType: string;
  /** Hashed asset names never change; the pages themselves (index.html, customer.html) must always be fresh after a rebuild. */
  cacheControl: string;
}

/**
 * The file under `root` a URL path names (`/` is index.html), or null when there is none to serve: a
 * path that is malformed (bad %-escape, a NUL), leaves `root` (`..`, also %-encoded, or a symlink pointing
 * out), or is not a regular file.
 * Both servers answer null with 404 and never say more.
 */
export function resolveRendererFile(root: string, pathname: string): RendererFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return null; // URIError: a malformed request gets a plain 404, never an exception
  }
  if (decoded.includes('\0')) return null;
  const rel = normalize(decoded).replace(/^[/\\]+/, '');
  const path = join(root, rel);
  if (!path.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  try {
    if (!statSync(path).isFile()) return null;
    // A symlink inside the folder that points out of it is refused too: the file served is the one named.
    const real = realpathSync(path);
    const realRoot = realpathSync(root);
    if (!real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return null;
  } catch {
    return null;
  }
  return {
    path,
    contentType: TYPES[extname(path)] ?? 'application/octet-stream',
    cacheControl: extname(path) === '.html' ? 'no-store' : 'public, max-age=31536000, immutable',
  };
}
