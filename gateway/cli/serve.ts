import type { Command } from 'commander'
import { ConfigError } from '../../federation/index.js'
import { SigningError } from '../../signing/index.js'
import { createLogger } from '../logger.js'
import { applyHeapPolicy } from './heap-policy.js'
import { startGateway, UsageError, type RunningGateway, type ServeOptions } from './start-gateway.js'

export { startGateway, type RunningGateway, type ServeOptions } from './start-gateway.js'

export function registerServeCommand(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('start the gateway (sandbox mode with four simulated cities when --config is not given)')
    .option('-p, --port <port>', 'port to listen on (env PORT)', (v) => parsePort(v), parsePort(process.env.PORT ?? '4000'))
    .option('--host <host>', 'interface to bind (env HOST)', process.env.HOST ?? '0.0.0.0')
    .option('-c, --config <dir>', 'region configuration directory (env TONGBAN_CONFIG); omit for the sandbox', process.env.TONGBAN_CONFIG)
    .option('--redis-url <url>', 'Redis for durable state shared by replicas (env REDIS_URL); default: in memory, not durable')
    .option('--receipt-key <pem>', "the gateway's P-256 receipt signing key (PKCS#8 PEM); default: generated in the state directory")
    .option('--state-dir <dir>', 'where generated keys and the sandbox PKI live (env TONGBAN_STATE_DIR; default .tongban/)')
    .option('--trust-list <file>', 'signed federation trust list (JWS) for verifyCertificate')
    .option('--trust-list-anchor <pem>', 'provincial anchor certificate that signed the trust list')
    .option('--crl <file>', 'a CRL to use for revocation checks (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--sandbox-step-ms <ms>', 'sandbox: how fast the simulated cities progress cases (0: never)', (v) => Number(v))
    .option('--no-deliver', 'accept applications only; other replicas on the same Redis deliver them (scale-out by role)')
    .option('--rate-limit-caller <n>', 'operations per second per caller with a token; 0: off (env TONGBAN_RATE_LIMIT_CALLER; default 200)', (v) => parseRate(v))
    .option('--rate-limit-public <n>', 'operations per second per client address without a token; 0: off (env TONGBAN_RATE_LIMIT_PUBLIC; default 50)', (v) => parseRate(v))
    .option('--rate-limit-region <n>', 'operations per second for all callers of one region; 0: off (env TONGBAN_RATE_LIMIT_REGION; default 2000)', (v) => parseRate(v))
    .option('--trust-proxy', 'behind a load balancer you trust: rate-limit the public by X-Forwarded-For (env TONGBAN_TRUST_PROXY=1)')
    .option('--trusted-documents <file>', 'trusted-documents mode: run only the operations in this manifest (env TONGBAN_TRUSTED_DOCUMENTS)')
    .option('--otel-endpoint <url>', 'send OpenTelemetry traces by OTLP/HTTP to this collector, e.g. http://localhost:4318 (env OTEL_EXPORTER_OTLP_ENDPOINT); default: tracing off')
    .option('--no-metrics', 'do not serve Prometheus metrics at /metrics')
    .option('--supergraph <file>', 'supergraph mode: serve this composed Federation v1 or v2 supergraph together with the canonical API, reloaded when it changes (env TONGBAN_SUPERGRAPH; default: supergraph.graphql in --config)')
    .option('--no-watch-config', 'reload the configuration on SIGHUP only, not when its files change')
    .option('--reclaim-after-ms <ms>', 'take over deliveries another (crashed) gateway left unacknowledged this long (env TONGBAN_RECLAIM_AFTER_MS; default 30000)', (v) => Number(v))
    .action(async (opts: ServeOptions) => {
      const log = createLogger()
      let running: RunningGateway
      try {
        applyHeapPolicy()
      } catch (err) {
        process.stderr.write(`tongban: ${(err as Error).message}\n`)
        process.exit(64)
      }
      try {
        running = await startGateway(opts, log)
      } catch (err) {
        if (err instanceof ConfigError || err instanceof UsageError || err instanceof SigningError) {
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
          ...Object.entries(running.subgraphs).map(([name, url]) => `  Subgraph ${name.padEnd(10)} → ${url}`),
          `  Store:    ${running.store.durable ? `Redis (durable)` : 'in memory — NOT durable (set REDIS_URL for durability)'}`,
          ...(running.trustDir
            ? [
                `  Trust:    signed trust list valid until ${running.trustExpiresAt}; copies for offline 'tongban verify' in ${running.trustDir}`,
                `  Tokens:   npx tongban token --region 511400 --window MS-DP-01   (a Meishan window clerk)`,
                `            npx tongban token --region 510000 --role auditor      (the provincial auditor: reads every city's cases)`,
              ]
            : []),
          '',
          `  GraphiQL: ${running.url}`,
          `  Web:      ${running.url.replace(/\/graphql$/, '/verify')}   (check a certificate)`,
          `            ${running.url.replace(/\/graphql$/, '/window')}   (remote-window console)`,
          ...(opts.metrics !== false ? [`  Metrics:  ${running.url.replace(/\/graphql$/, '/metrics')}   (Prometheus)`] : []),
          '  Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      )
      let stopping = false
      const shutdown = (signal: string) => {
        if (stopping) return
        stopping = true
        log.info({ signal }, 'shutting down')
        // Whatever hangs (a peer that never answers), the process still ends: accepted cases
        // are already committed, and unacknowledged deliveries are reclaimed by other replicas.
        setTimeout(() => {
          log.error('shutdown took over 15 s; exiting anyway')
          process.exit(1)
        }, 15_000).unref()
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

function parseRate(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid rate '${value}': operations per second, 0 for no limit`)
  return n
}

function parsePort(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port '${value}'`)
  return n
}
