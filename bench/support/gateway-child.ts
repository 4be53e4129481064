import { Writable } from 'node:stream'
import { TokenVerifier } from '../../gateway/auth/verify-token.js'
import { provincialAuditor } from '../../tests/fixtures/provincial-auditor.js'
import { createFederation, loadFederationConfig } from '../../federation/index.js'
import { bundledRegionConfigs } from '../../gateway/cli/package-root.js'
import { createLogger } from '../../gateway/logger.js'
import { createGateway } from '../../gateway/server.js'
import { applyHeapPolicy } from '../../gateway/cli/heap-policy.js'

/** The gateway under test, in its own process (with `tongban serve`'s heap policy): endpoints come as JSON in argv[2]. */
applyHeapPolicy()
const endpoints = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>
const federation = createFederation(loadFederationConfig(bundledRegionConfigs(), { endpoints }))
// Reading the cities' cases needs a token, as in production: a provincial auditor's, whose
// verification (cached per token) is part of what is measured.
const { provider, token } = await provincialAuditor('bench')
const gateway = createGateway({
  federation,
  identity: new TokenVerifier([provider]),
  // The limiter runs (its cost is measured) but one load generator must not hit it.
  rateLimits: { perCaller: 1_000_000, perRegion: 1_000_000 },
  logger: createLogger({ level: 'error', destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
})
const { url } = await gateway.listen(0, '127.0.0.1')
console.log(`READY ${url} ${token}`)
// "cpu" → this process's CPU time so far (ms), to compute CPU per request.
process.stdin.setEncoding('utf8').on('data', (d: string) => {
  if (d.includes('cpu')) {
    const u = process.cpuUsage()
    console.log(String((u.user + u.system) / 1000))
  }
})
process.on('SIGTERM', () => {
  void gateway.close().then(() => federation.close()).then(() => process.exit(0))
})
