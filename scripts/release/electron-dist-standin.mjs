// A stand-in Electron *distribution* for electron-builder's `electronDist` option (docs/release.md
// "What release:check verifies"): one executable named `electron` that refuses to run, carrying an Electron
// fuse wire so that electron-builder's fuse step (@electron/fuses flipFuses) finds and flips it exactly as
// it does in the real binary. No Electron download is needed; nothing of it is Electron.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @electron/fuses' sentinel, then wire version 1, the wire's length and one byte per fuse. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron 45's defaults (fuses.json5): RunAsNode=1 CookieEncryption=0 NodeOptions=1 NodeCliInspect=1
// AsarIntegrity=0 OnlyLoadAppFromAsar=0 BrowserV8Snapshot=0 FileProtocolExtraPrivileges=1 WasmTrapHandlers=1.
const DEFAULT_WIRE = '101100011';

export function writeElectronDistStandin(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const script = Buffer.concat([
    Buffer.from('#!/bin/sh\n# electron-builder stand-in, not Electron (scripts/release-check.mjs). fuse wire: '),
    Buffer.from(SENTINEL), Buffer.from([1, DEFAULT_WIRE.length]), Buffer.from(DEFAULT_WIRE),
    Buffer.from('\necho "stand-in Electron binary: this package was built by release:check for its file list only" >&2\nexit 1\n'),
  ]);
  writeFileSync(join(dir, 'electron'), script);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in: the real Electron distribution ships its MIT licence here\n');
  return dir;
}
