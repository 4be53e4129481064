import { createInterface } from 'node:readline'
import { startSandbox } from '../../sandbox/start-sandbox.js'
import { testPki } from '../../tests/fixtures/gateway-harness.js'

/**
 * The four sandbox cities in one process; answers "stats" with request counts per city and
 * "cpu" with the process's CPU time (ms). With `--pki`, the cities carry the test PKI (their
 * token issuers and seals), as remote acceptance needs.
 */
const pki = process.argv.includes('--pki') ? await testPki() : undefined
const sandbox = await startSandbox({ host: '127.0.0.1', ...(pki && { pki }) })
console.log(`READY ${JSON.stringify(sandbox.endpoints)}`)
process.on('SIGTERM', () => void sandbox.close().then(() => process.exit(0)))
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'cpu') {
    const u = process.cpuUsage()
    console.log(String((u.user + u.system) / 1000))
  }
  if (line === 'stats') console.log(JSON.stringify(Object.fromEntries([...sandbox.cities].map(([code, c]) => [code, c.stats.requests]))))
}
