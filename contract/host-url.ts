/**
 * The one rule for the issuer host's address (docs/architecture.md §3): `https://`, or plain `http://` for
 * a host on this machine's loopback interface only — the simulator. The settings schema, the settings
 * screen and the host link (main/host/transport.ts) all ask this function.
 */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Why `url` may not be the host's address (an i18n code: HOST_URL_INVALID, HOST_URL_INSECURE), or null. */
export function hostUrlProblem(url: string): 'HOST_URL_INVALID' | 'HOST_URL_INSECURE' | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'HOST_URL_INVALID';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'HOST_URL_INVALID';
  if (u.hostname === '' || u.username !== '' || u.password !== '') return 'HOST_URL_INVALID';
  if (u.protocol === 'http:' && !LOOPBACK.test(u.hostname)) return 'HOST_URL_INSECURE';
  return null;
}

/** True for an allowed plain-http address (the simulator on this machine): the status bar and the CLI warn. */
export function isPlainHttpHost(url: string | null): boolean {
  return url !== null && hostUrlProblem(url) === null && url.trim().toLowerCase().startsWith('http:');
}
