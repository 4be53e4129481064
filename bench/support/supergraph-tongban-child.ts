import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { createFederation, loadFederationConfig } from '../../federation/index.js'
import { mixSupergraph } from '../../federation/supergraph/index.js'
import { bundledRegionConfigs } from '../../gateway/cli/package-root.js'
import { createLogger } from '../../gateway/logger.js'
import { createGateway } from '../../gateway/server.js'
import { answerRss } from './supergraph-http.js'

/**
 * Tongban in supergraph mode, as `tongban serve --supergraph FILE` runs it: the supergraph in
 * argv[2] joined with the canonical API, with the gateway's usual plugins (limits, rate limits,
 * metrics, coded errors, JIT). The cities' endpoints are configured but never called here.
 */
const supergraphSdl = mixSupergraph(readFileSync(process.argv[2]!, 'utf8'), process.argv[2])
const federation = createFederation(loadFederationConfig(bundledRegionConfigs()))
const gateway = createGateway({
  federation,
  supergraph: { supergraphSdl },
  // The limiter runs (its cost is measured) but one load generator must not hit it.
  rateLimits: { perPublicClient: 1_000_000, perRegion: 1_000_000 },
  logger: createLogger({ level: 'error', destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
})
const { url } = await gateway.listen(0, '127.0.0.1')
answerRss()
console.log(`READY ${url}`)

// Exit on SIGTERM: Hive's runtime registers its own graceful shutdown, which keeps the process alive.
process.on('SIGTERM', () => process.exit(0))
