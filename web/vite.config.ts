import { fileURLToPath } from 'node:url'
import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * The web pages /verify and /window (one document, a chunk per page), built into dist/web and
 * served by the gateway (gateway/web/use-web-pages.ts). Hashed files only under /assets/, and nothing inline
 * (no module-preload polyfill, no data: URLs), so the gateway's strict CSP holds.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [preact()],
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Top-level await in the entry (it picks the page's chunk).
    target: 'es2022',
  },
})
