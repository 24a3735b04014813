import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import AutoImport from 'unplugin-auto-import/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vite';

const at = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * The renderer build: Vue 3 + Element Plus imported on demand (only the components a view uses, with
 * their CSS). `base: './'` so the same files load from Electron's app:// scheme and the browser bridge.
 * Two pages: the counter (index.html) and the customer display (customer.html, docs/ui.md "Customer
 * display"), which shares no code the counter's first view does not need.
 */
export default defineConfig({
  root: at('./renderer'),
  base: './',
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
  ],
  build: {
    outDir: at('./dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
    rolldownOptions: {
      input: { index: at('./renderer/index.html'), customer: at('./renderer/customer.html') },
      // contract/ declares shapes, tables and pure functions; importing one of its modules does nothing by
      // itself. Said so here, a module of it none of whose exports the window uses is left out — above all
      // contract/ipc/calls.ts and contract/settings.ts with zod, which `contract/ipc` re-exports but only main
      // runs (docs/ui.md "First view").
      treeshake: { moduleSideEffects: (id: string) => (/[\\/]contract[\\/]/.test(id) ? false : null) },
    },
  },
});
