import { createRequire } from 'node:module'
import { defineConfig } from 'vitest/config'

const require = createRequire(import.meta.url)

export default defineConfig({
  resolve: {
    // graphql@16 ships CJS (main) and ESM (module) copies. Node resolves `graphql` to the CJS
    // one, as do CJS dependencies such as @apollo/subgraph; vite would pick the ESM copy for
    // our sources and graphql-js refuses types from "another realm". Pin the one Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // Two projects, as in hive's gateway: fast unit suites (*.test.ts) and integration
    // suites (*.e2e.ts) that start real HTTP servers and redis-server on loopback.
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], testTimeout: 20_000 } },
      {
        extends: true,
        test: { name: 'integration', include: ['tests/**/*.e2e.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
})
