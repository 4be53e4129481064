import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { createFederation, loadFederationConfig, type Federation, type FederationHooks } from '../../federation/index.js'
import { LiveFederation } from '../reload/live-federation.js'
import { LiveSupergraph } from '../reload/live-supergraph.js'
import { composeSupergraph, mixSupergraph, type SubgraphSource } from '../../federation/supergraph/index.js'
import { loadOrCreateReceiptKey, readReceiptKey } from '../acceptance/receipt-key.js'
import { startAcceptance } from '../acceptance/start-acceptance.js'
import { TokenVerifier, type IdentityProvider } from '../auth/verify-token.js'
import type { Logger } from '../logger.js'
import { createGateway } from '../server.js'
import { startTracing, tracingRequested } from '../observability/tracing.js'
import type { RedisClientType } from 'redis'
import { connectRateLimitRedis } from '../plugins/rate-limit-redis.js'
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../plugins/use-rate-limits.js'
import { TrustedDocuments } from '../plugins/trusted-documents.js'
import { createStore } from '../stores/create-store.js'
import type { CaseStore } from '../stores/case-store.js'
import { createGatewayTrust, trustFromConfig, type TrustMaterial } from '../verification/trust-material.js'
import { bundledRegionConfigs, packageRoot } from './package-root.js'

export interface ServeOptions {
  port: number
  host: string
  config?: string
  trustList?: string
  trustListAnchor?: string
  crl?: string[]
  /** Redis for durable, shared state; without it the in-memory store (not durable). */
  redisUrl?: string
  /** The gateway's receipt signing key (P-256, PKCS#8 PEM). */
  receiptKey?: string
  /** Where generated state lives (sandbox PKI, a generated receipt key); default .tongban/. */
  stateDir?: string
  /** Sandbox: how fast simulated cities move their cases on (ms per state); 0 = never. */
  sandboxStepMs?: number
  /** A delivery another gateway claimed and left unacknowledged this long is taken over. */
  reclaimAfterMs?: number
  /** False (--no-deliver): accept only; other replicas on the same Redis deliver. */
  deliver?: boolean
  /** OTLP/HTTP collector for traces (as OTEL_EXPORTER_OTLP_ENDPOINT); tracing is off without one. */
  otelEndpoint?: string
  /** False (--no-metrics): no /metrics. */
  metrics?: boolean
  /** Operations per second (0: off); defaults in gateway/plugins/use-rate-limits.ts. */
  rateLimitCaller?: number
  rateLimitPublic?: number
  rateLimitRegion?: number
  trustProxy?: boolean
  /** Trusted-documents mode: a manifest of the only operations that run. */
  trustedDocuments?: string
  /** False (--no-watch-config): reload on SIGHUP only, not on file changes. */
  watchConfig?: boolean
  /** Supergraph mode: a composed Federation v1 or v2 supergraph SDL file (reloaded when it changes), joined with the canonical API. */
  supergraph?: string
}

/**
 * The supergraph to serve, if any: --supergraph (or TONGBAN_SUPERGRAPH), else `supergraph.graphql`
 * in the configuration directory; the sandbox's province subgraphs are added to it, or composed
 * alone with the canonical API.
 * @throws ConfigError CONFIG_INVALID when it does not compose.
 */
function supergraphOf(file: string | undefined, compose: (text: string, file: string) => string, sandboxSubgraphs: readonly SubgraphSource[]): string | undefined {
  if (file && existsSync(file)) return compose(readFileSync(file, 'utf8'), file)
  return sandboxSubgraphs.length ? composeSupergraph(sandboxSubgraphs, 'sandbox') : undefined
}

/** The supergraph file to serve and watch: the flag, the environment, or the configuration directory's (which may appear later). */
function supergraphFileOf(o: ServeOptions): string | undefined {
  const file = o.supergraph ?? process.env.TONGBAN_SUPERGRAPH
  if (file && !existsSync(file)) throw new UsageError(`--supergraph ${file}: no such file`)
  return file ?? (o.config ? join(o.config, SUPERGRAPH_FILE) : undefined)
}

const SUPERGRAPH_FILE = 'supergraph.graphql'

/** TONGBAN_SUPERGRAPH_EXECUTOR: `plans` (default) or `stitching` (see SupergraphRuntimeOptions.executor). */
function supergraphExecutorOf(env: NodeJS.ProcessEnv): 'plans' | 'stitching' {
  const v = env.TONGBAN_SUPERGRAPH_EXECUTOR ?? 'plans'
  if (v !== 'plans' && v !== 'stitching') throw new UsageError(`TONGBAN_SUPERGRAPH_EXECUTOR must be "plans" or "stitching" (got "${v}")`)
  return v
}

/** Flags first, then TONGBAN_RATE_LIMIT_* from the environment, then the defaults. */
function rateLimitsOf(o: ServeOptions): Partial<RateLimits> {
  const pick = (flag: number | undefined, env: string) => flag ?? (process.env[env] !== undefined && /^\d+$/.test(process.env[env]!) ? Number(process.env[env]) : undefined)
  const limits: Partial<RateLimits> = {}
  const caller = pick(o.rateLimitCaller, 'TONGBAN_RATE_LIMIT_CALLER')
  const publicClient = pick(o.rateLimitPublic, 'TONGBAN_RATE_LIMIT_PUBLIC')
  const region = pick(o.rateLimitRegion, 'TONGBAN_RATE_LIMIT_REGION')
  if (caller !== undefined) limits.perCaller = caller
  if (publicClient !== undefined) limits.perPublicClient = publicClient
  if (region !== undefined) limits.perRegion = region
  return limits
}

/** A running gateway and everything it started, stopped in reverse order. */
export interface RunningGateway {
  url: string
  /** The federation serving now (it changes when the configuration is reloaded). */
  readonly federation: Federation
  /** Supergraph mode: the subgraphs joined with the canonical API (name → URL). */
  subgraphs: Record<string, string>
  live: LiveFederation
  store: CaseStore
  trustDir?: string
  trustExpiresAt?: string
  stop(): Promise<void>
}

export class UsageError extends Error {}

/** --trust-list FILE --trust-list-anchor PEM [--crl FILE]…: trust for a configured federation. */
function readTrustFlags(o: ServeOptions): TrustMaterial {
  if (!o.trustList !== !o.trustListAnchor) throw new UsageError('--trust-list and --trust-list-anchor go together')
  return {
    ...(o.trustList && { trustList: { jws: readFileSync(o.trustList, 'utf8'), anchor: readFileSync(o.trustListAnchor!, 'utf8') } }),
    crls: (o.crl ?? []).map((f) => readFileSync(f, 'utf8')),
  }
}

/**
 * Starts the gateway with remote acceptance. Without --config it runs the sandbox: the four
 * simulated city platforms on loopback ports, their PKI and identity providers, and the
 * bundled region configuration pointing at them.
 */
export async function startGateway(options: ServeOptions, log: Logger): Promise<RunningGateway> {
  const stops: (() => Promise<void>)[] = []
  const stateDir = options.stateDir ?? process.env.TONGBAN_STATE_DIR ?? join(packageRoot(), '.tongban')
  try {
    if (tracingRequested(options.otelEndpoint)) {
      // First: the async context that parents spans must be in place before any request.
      const tracing = await startTracing(options.otelEndpoint ? { endpoint: options.otelEndpoint } : {})
      stops.push(() => tracing.shutdown())
      log.info({ endpoint: options.otelEndpoint ?? process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT }, 'tracing on: spans are exported by OTLP/HTTP')
    }
    let trustMaterial: TrustMaterial = options.config ? readTrustFlags(options) : {}
    let identities: IdentityProvider[] = []
    let sandbox: Awaited<ReturnType<typeof import('./sandbox-mode.js').startSandboxMode>> | undefined
    if (!options.config) {
      // Only the CLI's sandbox mode imports sandbox/; loaded lazily so production never does.
      const { startSandboxMode } = await import('./sandbox-mode.js')
      // The sandbox cities listen where the bundled region.yaml files say they do.
      const bundled = loadFederationConfig(bundledRegionConfigs())
      const ports = Object.fromEntries(bundled.regions.map((r) => [r.config.code, Number(new URL(r.config.endpoint).port)]))
      sandbox = await startSandboxMode({ stateDir, stepMs: options.sandboxStepMs ?? 8_000, ports })
      stops.push(() => sandbox!.close())
      trustMaterial = sandbox.trust
      identities = sandbox.identities
    }
    const config = loadFederationConfig(options.config ?? bundledRegionConfigs(), sandbox ? { endpoints: sandbox.endpoints } : {})
    if (options.config) {
      const declared = trustFromConfig(config)
      trustMaterial = { ...trustMaterial, anchors: declared.anchors ?? [], crls: [...(trustMaterial.crls ?? []), ...(declared.crls ?? [])] }
      identities = config.regions.flatMap((r) => {
        const i = r.config.identity
        if (!i) return []
        return [{ region: r.config.code, issuer: i.issuer, jwks: i.jwksUrl ? new URL(i.jwksUrl) : (r.identityJwks as never) }]
      })
      const province = config.province
      if (province) {
        const i = province.config.identity
        identities.push({ region: province.config.code, issuer: i.issuer, jwks: i.jwksUrl ? new URL(i.jwksUrl) : (province.identityJwks as never), province: true })
      }
    }
    const hooks: FederationHooks = { onBreakerChange: (region, state) => log.warn({ region, state }, 'circuit breaker changed state') }
    const configDir = options.config ?? bundledRegionConfigs()
    // Reloaded on SIGHUP and when a file under the configuration directory changes.
    const live = new LiveFederation(createFederation(config, hooks), { dir: configDir, load: sandbox ? { endpoints: sandbox.endpoints } : {}, hooks, logger: log })
    stops.push(() => live.close())
    if (options.watchConfig !== false) {
      // The supergraph file in the directory has its own reload (LiveSupergraph).
      const unwatch = live.watch({ ignore: (file) => basename(file) === SUPERGRAPH_FILE })
      stops.push(async () => unwatch())
    }
    const federation = live.current
    const trust = await createGatewayTrust(trustMaterial)
    const redisUrl = options.redisUrl ?? process.env.REDIS_URL
    const store = await createStore(redisUrl ? { redisUrl } : {})
    stops.push(() => store.close())
    if (!store.durable) log.warn('store: in memory — NOT durable: accepted cases, the outbox and the audit log are lost when this process stops; set REDIS_URL for durability')
    const receiptKey = options.receiptKey ? await readReceiptKey(options.receiptKey) : await loadOrCreateReceiptKey(join(stateDir, 'receipt-key.pem'))
    const reclaim = options.reclaimAfterMs ?? (process.env.TONGBAN_RECLAIM_AFTER_MS ? Number(process.env.TONGBAN_RECLAIM_AFTER_MS) : undefined)
    if (options.deliver === false && !store.durable) throw new UsageError('--no-deliver needs a shared store (--redis-url): someone else must deliver')
    const acceptance = startAcceptance({ federation, currentFederation: () => live.current, store, receiptKey, trust, logger: log, deliver: options.deliver !== false, ...(reclaim && { delivery: { minIdleMs: reclaim } }) })
    stops.push(() => acceptance.stop())
    const rateLimits = { ...DEFAULT_RATE_LIMITS, ...rateLimitsOf(options) }
    let rateLimitRedis: RedisClientType | undefined
    if (redisUrl && (rateLimits.perCaller > 0 || rateLimits.perPublicClient > 0 || rateLimits.perRegion > 0)) {
      const client = await connectRateLimitRedis(redisUrl, (err) => log.warn({ err }, 'rate-limit redis connection error'))
      rateLimitRedis = client
      // Nothing to flush: counters are disposable, so close without waiting for Redis.
      stops.push(async () => client.destroy())
    }
    const trustedFile = options.trustedDocuments ?? process.env.TONGBAN_TRUSTED_DOCUMENTS
    const trustedDocuments = trustedFile ? TrustedDocuments.fromFile(trustedFile) : undefined
    if (trustedDocuments) log.info({ documents: trustedDocuments.size }, 'trusted-documents mode: only persisted operations run')
    const supergraphFile = supergraphFileOf(options)
    const sandboxSubgraphs = sandbox?.subgraphs ?? []
    // A supergraph file is composed with the canonical API (and the sandbox's subgraphs), at start and on every reload.
    const composeFile = (text: string, file: string) => mixSupergraph(text, file, sandboxSubgraphs)
    const supergraphSdl = supergraphOf(supergraphFile, composeFile, sandboxSubgraphs)
    const gateway = createGateway({
      federation,
      // Settings even without a supergraph yet: one may be added to the directory later.
      ...((supergraphSdl || supergraphFile) && {
        supergraph: { ...(supergraphSdl && { supergraphSdl }), executor: supergraphExecutorOf(process.env), onBreakerChange: (subgraph: string, state: string) => log.warn({ subgraph, state }, 'circuit breaker changed state') },
      }),
      currentFederation: () => live.current,
      logger: log,
      rateLimits,
      ...(rateLimitRedis && { rateLimitRedis }),
      trustProxy: options.trustProxy === true || process.env.TONGBAN_TRUST_PROXY === '1',
      ...(trustedDocuments && { trustedDocuments }),
      ...(trust && { trust }),
      identity: new TokenVerifier(identities),
      acceptance: acceptance.service,
      jwks: [receiptKey.jwk],
      store,
      ...(options.metrics === false && { metrics: false as const }),
      // Demo windows exist only here, in sandbox mode: see gateway/web/sandbox-demo.ts.
      ...(sandbox && { web: { demo: sandbox.demo } }),
    })
    const { url } = await gateway.listen(options.port, options.host)
    stops.push(() => gateway.close())
    if (supergraphFile) {
      const liveSupergraph = new LiveSupergraph({
        file: supergraphFile,
        compose: composeFile,
        apply: (sdl) => gateway.replaceSupergraph(sdl),
        logger: log,
      })
      const unwatch = liveSupergraph.watch({ files: options.watchConfig !== false })
      stops.push(async () => unwatch())
    }
    if (sandbox) await sandbox.connect(url.replace('localhost', '127.0.0.1'), federation)
    return {
      url,
      get federation() {
        return live.current
      },
      live,
      store,
      subgraphs: supergraphSdl ? subgraphUrls(supergraphSdl) : {},
      ...(sandbox && { trustDir: sandbox.trustDir }),
      ...(trust?.expiresAt && { trustExpiresAt: trust.expiresAt }),
      async stop() {
        for (const stop of stops.reverse()) await stop()
      },
    }
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined)
    throw err
  }
}

/** name → URL of the subgraphs of a supergraph, for the start-up banner (join__graph). */
function subgraphUrls(supergraphSdl: string): Record<string, string> {
  const urls: Record<string, string> = {}
  for (const m of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)) urls[m[1]!] = m[2]!
  return urls
}
