import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { GraphQLSchema } from 'graphql'
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga'
import { RequestScope, type Federation } from '../federation/index.js'
import type { GatewayContext } from './context.js'
import type { GatewayTrust } from './verification/trust-material.js'
import type { AcceptanceService } from './acceptance/acceptance-service.js'
import { PUBLIC, type Caller } from './auth/caller.js'
import type { TokenVerifier } from './auth/verify-token.js'
import { GatewayError } from './errors.js'
import { useJwksEndpoint } from './plugins/use-jwks-endpoint.js'
import { useHealth } from './plugins/use-health.js'
import { useWebPages, type WebPagesOptions } from './web/use-web-pages.js'
import type { CaseStore } from './stores/case-store.js'
import type { JWK } from 'jose'
import { createLeanHandler } from './http/lean-handler.js'
import type { Logger } from './logger.js'
import { maskCodedError, usePartialErrors } from './plugins/use-coded-errors.js'
import { useCompiledExecution } from './plugins/use-compiled-execution.js'
import { useDocumentLimits } from './plugins/use-document-limits.js'
import { createGatewaySchema, createMixedSchema, type MixedSchema } from './schema.js'
import { useSchemaPerDocument, useSupergraphExecution, type SupergraphRuntimeOptions } from '../federation/supergraph/index.js'
import { observeGateway, type MetricsOptions } from './observability/observe-gateway.js'
import { DEFAULT_RATE_LIMITS, useRateLimits, type RateLimits } from './plugins/use-rate-limits.js'
import { useTrustedDocuments, type TrustedDocuments } from './plugins/trusted-documents.js'
import { clientAddressOf } from './http/client-address.js'
import { Retirement } from './reload/retirement.js'

export interface GatewayLimits {
  maxDepth: number
  maxCost: number
  maxAliases: number
  maxTokens: number
  maxBodyBytes: number
}

/**
 * Defaults sized for the canonical schema: its deepest useful query
 * (case → matter → localCodes → region → districts → formerCodes → code) nests 7 levels.
 * armor's cost weighs fields by depth, not by list size; 30 000 admits a page of cases with
 * every field and refuses documents that fan out through every nested list.
 */
export const DEFAULT_LIMITS: GatewayLimits = { maxDepth: 8, maxCost: 30_000, maxAliases: 60, maxTokens: 3000, maxBodyBytes: 1024 * 1024 }

export interface GatewayOptions {
  federation: Federation
  /** The federation to use for each request when it can be reloaded (see reload/live-federation.ts). */
  currentFederation?: () => Federation
  logger: Logger
  /** Trust anchors for verifyCertificate (see createGatewayTrust). */
  trust?: GatewayTrust
  /** Verifies bearer tokens against the regions' identity providers. */
  identity?: TokenVerifier
  acceptance?: AcceptanceService
  /** Public keys to publish at /.well-known/jwks.json (the receipt key). */
  jwks?: readonly JWK[]
  /** The store, for /readiness. */
  store?: CaseStore
  limits?: Partial<GatewayLimits>
  /** Rate limits in operations per second (see use-rate-limits.ts); false turns them off. */
  rateLimits?: Partial<RateLimits> | false
  /** A node-redis client: rate-limit counters shared by every replica. */
  rateLimitRedis?: object
  /** Behind a load balancer you trust: the client address is X-Forwarded-For's first hop. */
  trustProxy?: boolean
  /** Trusted-documents mode: only these operations run. */
  trustedDocuments?: TrustedDocuments
  /** The web pages /verify and /window (gateway/web/); demo windows in sandbox mode only. */
  web?: WebPagesOptions
  /** Prometheus metrics at /metrics (on by default); false turns them off. */
  metrics?: MetricsOptions
  /**
   * Supergraph mode: the subgraph settings, and the supergraph to start with, one that includes
   * the `canonical` subgraph (see federation/supergraph/). Without `supergraphSdl` the canonical
   * API is served alone until replaceSupergraph gives one.
   */
  supergraph?: Omit<SupergraphRuntimeOptions, 'local' | 'supergraphSdl'> & { supergraphSdl?: string }
  /** How long a replaced supergraph keeps its subgraph pools for requests still using it (default 30 s). */
  supergraphDrainMs?: number
}

export interface Gateway {
  readonly yoga: YogaServerInstance<Record<string, never>, GatewayContext>
  readonly server: Server
  listen(port: number, host?: string): Promise<{ url: string; port: number }>
  /**
   * Serves another supergraph from now on (undefined: the canonical API alone), with the
   * subgraph settings of `options.supergraph`. Requests already running finish on the old
   * one, whose pools close after the drain time.
   * @throws Error when the supergraph cannot be made executable (the running one stays), or
   *   when the gateway was made without `options.supergraph`.
   */
  replaceSupergraph(supergraphSdl: string | undefined): void
  close(): Promise<void>
}

/** Captures envelop's setSchema so the served schema can be replaced while the gateway runs. */
function useReplaceableSchema(): Plugin & { replace(schema: GraphQLSchema): void } {
  let setSchema: ((schema: GraphQLSchema) => void) | undefined
  return {
    onPluginInit(init) {
      setSchema = init.setSchema
    },
    replace(schema) {
      if (!setSchema) throw new Error('the gateway has not started its plugins yet')
      setSchema(schema)
    },
  }
}

async function callerFrom(authorization: string | null, identity: TokenVerifier | undefined): Promise<Caller> {
  if (!authorization) return PUBLIC
  const m = /^Bearer\s+(\S+)$/i.exec(authorization)
  if (!m) throw new GatewayError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"')
  if (!identity) throw new GatewayError('UNAUTHENTICATED', 'this gateway accepts no bearer tokens (no identity providers are configured)')
  return identity.verify(m[1]!)
}

/**
 * The gateway: graphql-yoga over the canonical schema, with coded errors, partial results
 * and document limits (graphql-armor) as plugins around a small core.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const { logger } = options
  const current = options.currentFederation ?? (() => options.federation)
  // Access log, metrics and request spans (gateway/observability/).
  const observed = observeGateway({ logger, federation: current, store: options.store, graphqlEndpoint: '/graphql', metrics: options.metrics })
  const canonical = createGatewaySchema()
  // Mixed mode: documents that ask only for canonical fields still run on `canonical` itself.
  const supergraphSettings = options.supergraph
  const mixedOf = (supergraphSdl: string | undefined) => (supergraphSdl ? createMixedSchema(canonical, { ...supergraphSettings, supergraphSdl }) : undefined)
  let mixed = mixedOf(supergraphSettings?.supergraphSdl)
  const retirement = new Retirement<MixedSchema>(options.supergraphDrainMs ?? 30_000)
  const replaceable = useReplaceableSchema()
  const yoga = createYoga<Record<string, never>, GatewayContext>({
    schema: mixed?.schema ?? canonical,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    maxRequestBodySize: limits.maxBodyBytes,
    graphiql: { title: 'Tongban 通办 — canonical API' },
    maskedErrors: { maskError: maskCodedError },
    logging: {
      debug: (...a: unknown[]) => logger.debug({ yoga: a }, 'yoga'),
      info: (...a: unknown[]) => logger.info({ yoga: a }, 'yoga'),
      warn: (...a: unknown[]) => logger.warn({ yoga: a }, 'yoga'),
      error: (...a: unknown[]) => logger.error({ yoga: a }, 'yoga'),
    },
    context: ({ request, req }: { request: Request; req?: IncomingMessage }) => {
      const incoming = request.headers.get('x-request-id')
      const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID()
      const authorization = request.headers.get('authorization')
      let caller: Promise<Caller> | undefined
      const federation = current()
      return {
        requestId,
        clientAddress: clientAddressOf(req, request, options.trustProxy === true),
        federation,
        scope: new RequestScope(federation, requestId),
        trust: options.trust,
        acceptance: options.acceptance,
        caller: () => (caller ??= callerFrom(authorization, options.identity)),
      }
    },
    plugins: [
      ...observed.first,
      ...useDocumentLimits({ ...limits, maxDirectives: 50 }),
      ...(options.trustedDocuments ? [useTrustedDocuments(options.trustedDocuments)] : []),
      ...(options.rateLimits === false
        ? []
        : [useRateLimits({ limits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, ...(options.rateLimitRedis && { redis: options.rateLimitRedis }) })]),
      // Supergraph mode only (settings given, with or without a supergraph yet): without it the
      // canonical path carries no per-request hook for a schema that cannot change. The schema
      // is picked per document before the executor is chosen; the override draw wraps it after.
      ...(supergraphSettings ? [useSchemaPerDocument((document) => (mixed ? mixed.choose(document) : canonical)), replaceable] : []),
      useCompiledExecution(),
      ...(supergraphSettings ? [useSupergraphExecution(() => mixed)] : []),
      usePartialErrors(),
      useJwksEndpoint(() => options.jwks ?? []),
      useHealth({ federation: current, subgraphs: () => mixed?.breakerStates(), ...(options.store && { store: options.store }) }),
      useWebPages({ ...options.web, receiptKeys: () => options.jwks ?? [] }),
      ...observed.last,
    ],
  })
  const server = createServer(observed.wrap(createLeanHandler(yoga as never, { graphqlEndpoint: '/graphql', maxBodyBytes: limits.maxBodyBytes, ...(options.trustedDocuments && { trusted: options.trustedDocuments }) })))
  return {
    yoga,
    server,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          const address = server.address() as AddressInfo
          resolve({ port: address.port, url: `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${address.port}/graphql` })
        })
      }),
    replaceSupergraph(supergraphSdl) {
      if (!supergraphSettings) throw new Error('the gateway was not started in supergraph mode (options.supergraph)')
      const next = mixedOf(supergraphSdl)
      if (mixed) retirement.retire(mixed)
      mixed = next
      replaceable.replace(next?.schema ?? canonical)
    },
    close: () =>
      new Promise<void>((resolve) => {
        observed.close()
        void mixed?.close()
        void retirement.closeAll()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
