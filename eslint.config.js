import tseslint from 'typescript-eslint';

/**
 * Import boundaries (docs/architecture.md §1). ESLint applies the last matching block's
 * `no-restricted-imports`, so each block lists every restriction its files have. What a module reaches
 * *through* others (e.g. nothing of sim/ or playwright-core from the Electron entry) is checked over the
 * whole import graph by scripts/check-cycles.mjs.
 */
const ELECTRON = { name: 'electron', message: 'Only main/app and preload may import electron; use the contract (contract/ipc).' };
const SIM = {
  regex: '(^|/)sim/',
  message: 'main/ may import sim/ only in the training module (main/compose/training.ts, main/training/) and the simulators\' own commands (main/cli/sim-*.ts).',
};
const CLI = { regex: '(^|/)cli/', message: 'The Electron shell (main/app) must not import the CLI: shared pieces live in main/app (e.g. launch-args.ts).' };
const BROWSER_ONLY = {
  regex: '(^|/)(ipc/bridge|print/chromium-printer|app/browser-mode|app/renderer-build)$|^(playwright-core|vite)$',
  message: 'Browser mode only: the Electron entry loads nothing of the bridge, vite or playwright-core (Electron passes ElectronPrinter).',
};
/** main/ files allowed to import sim/: the training module, the simulators' CLI commands, and tests. */
const SIM_ALLOWED = ['main/compose/training.ts', 'main/training/**', 'main/cli/sim-host.ts', 'main/cli/sim-card.ts', 'main/**/*.test.ts'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tsbuild/**', 'artifacts/**', 'out/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Only the thin Electron layer may touch Electron: main/app and the preload. Everything else runs in
    // plain Node and talks to the window through the typed contract, never raw ipcMain/ipcRenderer.
    ignores: ['main/app/**', 'preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON] }] },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/app/**', ...SIM_ALLOWED],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON], patterns: [SIM] }] },
  },
  {
    files: ['main/app/**/*.ts'],
    ignores: ['main/app/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SIM, CLI] }] },
  },
  {
    files: ['main/app/electron-main.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SIM, CLI, BROWSER_ONLY] }] },
  },
);
