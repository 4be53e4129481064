// The gateway under test, in its own process, from the compiled build (dist/) under plain
// `node`, as `tongban serve` runs it (with its heap policy). argv[2]: the cities' endpoints as
// JSON; argv[3]: the identity provider whose tokens it accepts (a provincial auditor's, whose
// verification, cached per token, is part of what is measured), as JSON.
import { Writable } from 'node:stream'
import { TokenVerifier } from '../../dist/gateway/auth/verify-token.js'
import { createFederation, loadFederationConfig } from '../../dist/federation/index.js'
import { bundledRegionConfigs } from '../../dist/gateway/cli/package-root.js'
import { createLogger } from '../../dist/gateway/logger.js'
import { createGateway } from '../../dist/gateway/server.js'
import { applyHeapPolicy } from '../../dist/gateway/cli/heap-policy.js'

applyHeapPolicy()
const endpoints = JSON.parse(process.argv[2] ?? '{}')
const federation = createFederation(loadFederationConfig(bundledRegionConfigs(), { endpoints }))
const gateway = createGateway({
  federation,
  identity: new TokenVerifier([JSON.parse(process.argv[3])]),
  // The limiter runs (its cost is measured) but one load generator must not hit it.
  rateLimits: { perCaller: 1_000_000, perRegion: 1_000_000 },
  logger: createLogger({ level: 'error', destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
})
const { url } = await gateway.listen(0, '127.0.0.1')
console.log(`READY ${url}`)
// "cpu" → this process's CPU time so far (ms), to compute CPU per request.
process.stdin.setEncoding('utf8').on('data', (d) => {
  if (d.includes('cpu')) {
    const u = process.cpuUsage()
    console.log(String((u.user + u.system) / 1000))
  }
})
process.on('SIGTERM', () => {
  void gateway.close().then(() => federation.close()).then(() => process.exit(0))
})
