import tseslint from 'typescript-eslint';

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
    // Only the thin Electron layer may touch Electron (style.md): main/app and the preload. Everything else
    // runs in plain Node and talks to the window through the typed contract, never raw ipcMain/ipcRenderer.
    ignores: ['main/app/**', 'preload/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only main/app and preload may import electron; use the contract (contract/ipc.ts).' }],
      }],
    },
  },
);
