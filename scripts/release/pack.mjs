// Packs the app with electron-builder's own code, `--linux dir`, from the stand-in Electron distribution
// and with the native rebuild switched off — everything else is electron-builder.yml unchanged. Run as a
// child of scripts/release-check.mjs (its log is long). Usage: node pack.mjs <electronDist> <outputDir>
import { rootFrom } from '../lib/paths.mjs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [electronDist, output] = process.argv.slice(2);
const root = rootFrom(import.meta.url, 2);
const require = createRequire(join(root, 'package.json'));
const { build, Platform, Arch } = require('electron-builder');
await build({
  projectDir: root,
  targets: Platform.LINUX.createTarget('dir', Arch.x64),
  publish: 'never',
  config: {
    extends: './electron-builder.yml',
    electronDist,
    npmRebuild: false,
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,
    directories: { output },
  },
});
