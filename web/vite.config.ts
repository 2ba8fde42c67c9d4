import { defineConfig } from 'vite';

/** `vite build web` → web/dist; everything (geometry included) is bundled, nothing is fetched. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    assetsInlineLimit: 0,
  },
});
