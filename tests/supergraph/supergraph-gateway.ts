import { Writable } from 'node:stream'
import { createFederation, loadFederationConfig, type Federation } from '../../federation/index.js'
import { composeSupergraph, type SubgraphSource } from '../../federation/supergraph/index.js'
import { TokenVerifier } from '../../gateway/auth/verify-token.js'
import { createLogger } from '../../gateway/logger.js'
import { createGateway, type Gateway } from '../../gateway/server.js'
import { BUNDLED_CONFIGS } from '../fixtures/config-dir.js'
import { postGraphQL, type GraphQLResult } from '../fixtures/gateway-harness.js'
import { provincialAuditor } from '../fixtures/provincial-auditor.js'
import type { TestSubgraph } from './subgraph-server.js'

export interface SupergraphGateway {
  url: string
  gateway: Gateway
  federation: Federation
  supergraphSdl: string
  /** Query as the provincial auditor. */
  query<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T> & { status: number }>
  close(): Promise<void>
}

/**
 * A Tongban gateway in supergraph mode: the given subgraphs composed with the canonical API
 * (Apollo composition), served by createGateway exactly as `tongban serve --supergraph` does.
 * City endpoints default to the bundled ones, or `endpoints` (a started sandbox).
 */
export async function startSupergraphGateway(
  subgraphs: readonly (TestSubgraph | SubgraphSource)[],
  o: {
    endpoints?: Record<string, string>
    upstream?: Record<string, unknown>
    /** Serve this supergraph instead of composing `subgraphs`. */
    supergraphSdl?: string
    executor?: 'plans' | 'stitching'
  } = {},
): Promise<SupergraphGateway> {
  const supergraphSdl = o.supergraphSdl ?? composeSupergraph(subgraphs.map((s) => ({ name: s.name, url: s.url, sdl: s.sdl })), 'test')
  const federation = createFederation(loadFederationConfig(BUNDLED_CONFIGS, o.endpoints ? { endpoints: o.endpoints } : {}))
  const { provider, token } = await provincialAuditor()
  const gateway = createGateway({
    federation,
    identity: new TokenVerifier([provider]),
    rateLimits: false,
    logger: createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
    supergraph: { supergraphSdl, ...(o.upstream && { upstream: o.upstream }), ...(o.executor && { executor: o.executor }) },
  })
  const { url } = await gateway.listen(0, '127.0.0.1')
  return {
    url,
    gateway,
    federation,
    supergraphSdl,
    query: (q, v) => postGraphQL(url, q, v, { authorization: `Bearer ${token}` }),
    async close() {
      await gateway.close()
      await federation.close()
    },
  }
}
