/**
 * Bundles the preload into ONE CommonJS file, build/electron/preload/preload.cjs: a sandboxed
 * preload can `require` only electron and a few Node polyfills, never its own relative modules.
 * It imports only shared/api's names (no zod) and electron, so the bundle stays tiny.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'build/electron/preload',
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    target: 'chrome140',
    lib: {
      entry: 'electron/preload/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rollupOptions: {
      external: ['electron'],
    },
  },
});
