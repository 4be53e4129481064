#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` via `prepare`).
import('../dist/gateway/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('tongban: the build is missing; run `npm run build` (or `npm ci`) first.')
    process.exit(70)
  }
  throw err
})
