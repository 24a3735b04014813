import { getInstallKind } from '../config';

/**
 * The app's version, as the edge knows it (package.json of the app or the CLI), for the support bundle
 * and the log's start line. Set once by the Electron entry or the CLI's dispatcher.
 */
let version = 'unknown';
export function setAppVersion(v: string): void {
  version = v;
}
export function appVersion(): string {
  return version;
}
export const isRelease = (): boolean => getInstallKind() === 'release';
