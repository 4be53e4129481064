import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createFederation, loadFederationConfig, type Federation } from '../../federation/index.js'
import { loadOrCreateReceiptKey, readReceiptKey } from '../acceptance/receipt-key.js'
import { startAcceptance } from '../acceptance/start-acceptance.js'
import { TokenVerifier, type IdentityProvider } from '../auth/verify-token.js'
import type { Logger } from '../logger.js'
import { createGateway } from '../server.js'
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
}

/** A running gateway and everything it started, stopped in reverse order. */
export interface RunningGateway {
  url: string
  federation: Federation
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
    }
    const federation = createFederation(config, {
      onBreakerChange: (region, state) => log.warn({ region, state }, 'circuit breaker changed state'),
    })
    stops.push(() => federation.close())
    const trust = await createGatewayTrust(trustMaterial)
    const redisUrl = options.redisUrl ?? process.env.REDIS_URL
    const store = await createStore(redisUrl ? { redisUrl } : {})
    stops.push(() => store.close())
    if (!store.durable) log.warn('store: in memory — NOT durable: accepted cases, the outbox and the audit log are lost when this process stops; set REDIS_URL for durability')
    const receiptKey = options.receiptKey ? await readReceiptKey(options.receiptKey) : await loadOrCreateReceiptKey(join(stateDir, 'receipt-key.pem'))
    const reclaim = options.reclaimAfterMs ?? (process.env.TONGBAN_RECLAIM_AFTER_MS ? Number(process.env.TONGBAN_RECLAIM_AFTER_MS) : undefined)
    if (options.deliver === false && !store.durable) throw new UsageError('--no-deliver needs a shared store (--redis-url): someone else must deliver')
    const acceptance = startAcceptance({ federation, store, receiptKey, trust, logger: log, deliver: options.deliver !== false, ...(reclaim && { delivery: { minIdleMs: reclaim } }) })
    stops.push(() => acceptance.stop())
    const gateway = createGateway({
      federation,
      logger: log,
      ...(trust && { trust }),
      identity: new TokenVerifier(identities),
      acceptance: acceptance.service,
      jwks: [receiptKey.jwk],
      store,
    })
    const { url } = await gateway.listen(options.port, options.host)
    stops.push(() => gateway.close())
    if (sandbox) await sandbox.connect(url.replace('localhost', '127.0.0.1'), federation)
    return {
      url,
      federation,
      store,
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
