import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` runs in parallel; `serial` holds everything that uses the shared pcscd/vpcd
 * slots, a browser or a whole browser-mode process (tests/fuzz), one file at a time (docs/architecture.md §6: vpcd tests must not run in parallel).
 */
const SERIAL = ['tests/pcsc/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/faults/**/*.test.ts', 'tests/fuzz/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{contract,main,sim,renderer,preload,tests}/**/*.{test,spec}.ts'],
          exclude: [...SERIAL, '**/node_modules/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'serial',
          include: SERIAL,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
