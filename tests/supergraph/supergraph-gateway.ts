import { generateKeyPairSync } from 'node:crypto'
import { Writable } from 'node:stream'
import { exportJWK } from 'jose'
import { createFederation, loadFederationConfig, type Federation } from '../../federation/index.js'
import { composeSupergraph, type SubgraphSource } from '../../federation/supergraph/index.js'
import { issueToken } from '../../gateway/auth/issue-token.js'
import { TokenVerifier } from '../../gateway/auth/verify-token.js'
import { createLogger } from '../../gateway/logger.js'
import { createGateway, type Gateway } from '../../gateway/server.js'
import { BUNDLED_CONFIGS } from '../fixtures/config-dir.js'
import { postGraphQL, type GraphQLResult } from '../fixtures/gateway-harness.js'
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
export async function startSupergraphGateway(subgraphs: readonly (TestSubgraph | SubgraphSource)[], o: { endpoints?: Record<string, string>; upstream?: Record<string, unknown> } = {}): Promise<SupergraphGateway> {
  const supergraphSdl = composeSupergraph(subgraphs.map((s) => ({ name: s.name, url: s.url, sdl: s.sdl })), 'test')
  const federation = createFederation(loadFederationConfig(BUNDLED_CONFIGS, o.endpoints ? { endpoints: o.endpoints } : {}))
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const idp = { region: '510000', issuer: 'https://idp.test.tongban.local/510000', province: true, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'sg', alg: 'ES256' }] } }
  const token = await issueToken({ privateKey, kid: 'sg', issuer: idp.issuer, subject: 'auditor@510000', claim: { role: 'auditor', region: '510000' } })
  const gateway = createGateway({
    federation,
    identity: new TokenVerifier([idp as never]),
    rateLimits: false,
    logger: createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
    supergraph: { supergraphSdl, ...(o.upstream && { upstream: o.upstream }) },
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
