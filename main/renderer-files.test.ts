import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, resolveRendererFile } from './renderer-files';

/** The one policy app:// (Electron) and the bridge (browser mode) serve the renderer by. */
const scratch = mkdtempSync(join(tmpdir(), 'renderer-files-'));
const root = join(scratch, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'customer.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'app-1a2b.js'), '');
writeFileSync(join(root, 'assets', 'font.woff2'), '');
writeFileSync(join(scratch, 'secret.txt'), 'nope');
writeFileSync(join(scratch, 'renderer-evil.txt'), 'nope'); // shares the root's name as a prefix

describe('renderer files', () => {
  it('maps / to index.html, never cached; hashed assets cached for good, with their types', () => {
    expect(resolveRendererFile(root, '/')).toEqual({ path: join(root, 'index.html'), contentType: 'text/html; charset=utf-8', cacheControl: 'no-store' });
    expect(resolveRendererFile(root, '/assets/app-1a2b.js')).toMatchObject({ contentType: 'text/javascript; charset=utf-8', cacheControl: expect.stringContaining('immutable') });
    expect(resolveRendererFile(root, '/assets/font.woff2')?.contentType).toBe('font/woff2');
    // The customer display's page too: its asset names change with every build.
    expect(resolveRendererFile(root, '/customer.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: 'no-store' });
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/../renderer-evil.txt', '/assets', '/missing.js', '/%E0%A4%A'])(
    'serves nothing for %s', (path) => {
      expect(resolveRendererFile(root, path)).toBeNull();
    });

  it('allows only its own scripts and no framing, forms or base URL', () => {
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).toContain("frame-ancestors 'none'");
    expect(CSP).not.toContain('unsafe-eval');
  });
});
