// Tongban in supergraph mode, as `tongban serve --supergraph FILE` runs it (its heap policy too), from the compiled
// build (dist/, what `npm start` runs) without the TypeScript loader: the supergraph in argv[2]
// joined with the canonical API, with the gateway's usual plugins (limits, rate limits,
// metrics, coded errors, JIT). The cities' endpoints are configured but never called here.
import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { createFederation, loadFederationConfig } from '../../dist/federation/index.js'
import { mixSupergraph } from '../../dist/federation/supergraph/index.js'
import { bundledRegionConfigs } from '../../dist/gateway/cli/package-root.js'
import { createLogger } from '../../dist/gateway/logger.js'
import { createGateway } from '../../dist/gateway/server.js'
import { applyHeapPolicy } from '../../dist/gateway/cli/heap-policy.js'

applyHeapPolicy()
const supergraphSdl = mixSupergraph(readFileSync(process.argv[2], 'utf8'), process.argv[2])
const federation = createFederation(loadFederationConfig(bundledRegionConfigs()))
const gateway = createGateway({
  federation,
  supergraph: { supergraphSdl },
  // The limiter runs (its cost is measured) but one load generator must not hit it.
  rateLimits: { perPublicClient: 1_000_000, perRegion: 1_000_000 },
  logger: createLogger({ level: 'error', destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
})
const { url } = await gateway.listen(0, '127.0.0.1')
console.log(`READY ${url}`)
process.on('SIGTERM', () => process.exit(0))
