// The release toolchain's Node (docs/release.md §3): electron 45 and @electron/rebuild 4 need Node ≥ 22.12;
// `.nvmrc` names the one release machines use (`nvm use` / `fnm use`). Development and the tests run on
// Node 20 as well; only the scripts that make installers insist.
import { readFileSync } from 'node:fs';
import { under } from './paths.mjs';

export const RELEASE_NODE_MIN = '22.12.0';

const parts = (v) => v.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
export function atLeast(version, min) {
  const a = parts(version);
  const b = parts(min);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** The Node this repository's .nvmrc names. */
export function nvmrc(root) {
  return readFileSync(under(root, '.nvmrc'), 'utf8').trim();
}

/** Null when this Node may make a release, else the reason (in both languages). */
export function releaseNodeProblem(version = process.versions.node) {
  if (atLeast(version, RELEASE_NODE_MIN)) return null;
  return `发布需要 Node ≥ ${RELEASE_NODE_MIN}（见 .nvmrc），当前为 ${version} / a release needs Node >= ${RELEASE_NODE_MIN} (.nvmrc), this is ${version}`;
}
