import type { Command } from 'commander'
import { createFederation, loadFederationConfig, ConfigError, type Federation } from '../../federation/index.js'
import { createLogger } from '../logger.js'
import { createGateway } from '../server.js'
import { createGatewayTrust, trustFromConfig, type TrustMaterial } from '../verification/trust-material.js'
import { SigningError } from '../../signing/index.js'
import { readFileSync } from 'node:fs'
import { bundledRegionConfigs } from './package-root.js'

export interface ServeOptions {
  port: number
  host: string
  config?: string
  trustList?: string
  trustListAnchor?: string
  crl?: string[]
}

/** --trust-list FILE --trust-list-anchor PEM [--crl FILE]…: trust for a configured federation. */
function readTrustFlags(o: ServeOptions): TrustMaterial {
  if (!o.trustList !== !o.trustListAnchor) throw new UsageError('--trust-list and --trust-list-anchor go together')
  return {
    ...(o.trustList && { trustList: { jws: readFileSync(o.trustList, 'utf8'), anchor: readFileSync(o.trustListAnchor!, 'utf8') } }),
    crls: (o.crl ?? []).map((f) => readFileSync(f, 'utf8')),
  }
}

class UsageError extends Error {}

/** A running gateway and everything it started, stopped in reverse order. */
export interface RunningGateway {
  url: string
  federation: Federation
  /** Sandbox mode: where the trust list and CRLs for offline verification were written. */
  trustDir?: string
  trustExpiresAt?: string
  stop(): Promise<void>
}

/**
 * Starts the gateway. Without --config it runs the sandbox: the four simulated city platforms
 * on loopback ports and the bundled region configuration pointing at them.
 */
export async function startGateway(options: ServeOptions, log = createLogger()): Promise<RunningGateway> {
  const stops: (() => Promise<void>)[] = []
  let endpoints: Record<string, string> | undefined
  let trustMaterial: TrustMaterial = {}
  let trustDir: string | undefined
  if (!options.config) {
    // Only the CLI's sandbox mode imports sandbox/; loaded lazily so production never does.
    const { startSandboxMode } = await import('./sandbox-mode.js')
    const sandbox = await startSandboxMode()
    stops.push(() => sandbox.close())
    endpoints = sandbox.endpoints
    trustMaterial = sandbox.trust
    trustDir = sandbox.trustDir
  } else {
    trustMaterial = readTrustFlags(options)
  }
  try {
    const config = loadFederationConfig(options.config ?? bundledRegionConfigs(), endpoints ? { endpoints } : {})
    const federation = createFederation(config, {
      onBreakerChange: (region, state) => log.warn({ region, state }, 'circuit breaker changed state'),
    })
    stops.push(() => federation.close())
    if (options.config) {
      const declared = trustFromConfig(config)
      trustMaterial = { ...trustMaterial, anchors: declared.anchors ?? [], crls: [...(trustMaterial.crls ?? []), ...(declared.crls ?? [])] }
    }
    const trust = await createGatewayTrust(trustMaterial)
    const gateway = createGateway({ federation, logger: log, ...(trust && { trust }) })
    const { url } = await gateway.listen(options.port, options.host)
    stops.push(() => gateway.close())
    return {
      url,
      federation,
      ...(trustDir && { trustDir }),
      ...(trust?.expiresAt && { trustExpiresAt: trust.expiresAt }),
      async stop() {
        for (const stop of stops.reverse()) await stop()
      },
    }
  } catch (err) {
    for (const stop of stops.reverse()) await stop()
    throw err
  }
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('start the gateway (sandbox mode with four simulated cities when --config is not given)')
    .option('-p, --port <port>', 'port to listen on (env PORT)', (v) => parsePort(v), parsePort(process.env.PORT ?? '4000'))
    .option('--host <host>', 'interface to bind (env HOST)', process.env.HOST ?? '0.0.0.0')
    .option('-c, --config <dir>', 'region configuration directory (env TONGBAN_CONFIG); omit for the sandbox', process.env.TONGBAN_CONFIG)
    .option('--trust-list <file>', 'signed federation trust list (JWS) for verifyCertificate')
    .option('--trust-list-anchor <pem>', 'provincial anchor certificate that signed the trust list')
    .option('--crl <file>', 'a CRL to use for revocation checks (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (opts: ServeOptions) => {
      const log = createLogger()
      let running: RunningGateway
      try {
        running = await startGateway(opts, log)
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`tongban: ${err.message}\n`)
          process.exit(78)
        }
        if (err instanceof UsageError || err instanceof SigningError) {
          process.stderr.write(`tongban: ${err.message}\n`)
          process.exit(err instanceof UsageError ? 64 : 78)
        }
        throw err
      }
      const mode = opts.config ? `configuration ${opts.config}` : 'sandbox mode: four simulated cities on loopback'
      process.stderr.write(
        [
          '',
          `  Tongban 通办 gateway is running (${mode})`,
          ...running.federation.config.regions.map(({ config: c }) => `  ${c.name} ${c.code}  ${c.nameEn.padEnd(8)} → ${c.endpoint}`),
          ...(running.trustDir
            ? [`  Trust:    signed trust list valid until ${running.trustExpiresAt}; copies for offline 'tongban verify' in ${running.trustDir}`]
            : []),
          '',
          `  GraphiQL: ${running.url}`,
          '  Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      )
      let stopping = false
      const shutdown = (signal: string) => {
        if (stopping) return
        stopping = true
        log.info({ signal }, 'shutting down')
        running.stop().then(
          () => process.exit(0),
          (err) => {
            log.error({ err }, 'error while shutting down')
            process.exit(1)
          },
        )
      }
      process.on('SIGINT', () => shutdown('SIGINT'))
      process.on('SIGTERM', () => shutdown('SIGTERM'))
    })
}

function parsePort(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port '${value}'`)
  return n
}
