/**
 * The renderer build: renderer/ → build/renderer, served by main on app://gatehouse/ and by the
 * test transport on http://127.0.0.1. Relative asset URLs (base './'); nothing inlined as data:
 * URLs (fonts and images stay files the CSP allows as 'self'); no inline scripts.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: '../build/renderer',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'chrome140',
    sourcemap: false,
  },
});
