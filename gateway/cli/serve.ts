import type { Command } from 'commander'
import { createFederation, loadFederationConfig, ConfigError, type Federation } from '../../federation/index.js'
import { createLogger } from '../logger.js'
import { createGateway } from '../server.js'
import { bundledRegionConfigs } from './package-root.js'

export interface ServeOptions {
  port: number
  host: string
  config?: string
}

/** A running gateway and everything it started, stopped in reverse order. */
export interface RunningGateway {
  url: string
  federation: Federation
  stop(): Promise<void>
}

/**
 * Starts the gateway. Without --config it runs the sandbox: the four simulated city platforms
 * on loopback ports and the bundled region configuration pointing at them.
 */
export async function startGateway(options: ServeOptions, log = createLogger()): Promise<RunningGateway> {
  const stops: (() => Promise<void>)[] = []
  let endpoints: Record<string, string> | undefined
  if (!options.config) {
    // Only the CLI's sandbox mode imports sandbox/; loaded lazily so production never does.
    const { startSandbox } = await import('../../sandbox/start-sandbox.js')
    const sandbox = await startSandbox({ host: '127.0.0.1' })
    stops.push(() => sandbox.close())
    endpoints = sandbox.endpoints
  }
  try {
    const config = loadFederationConfig(options.config ?? bundledRegionConfigs(), endpoints ? { endpoints } : {})
    const federation = createFederation(config, {
      onBreakerChange: (region, state) => log.warn({ region, state }, 'circuit breaker changed state'),
    })
    stops.push(() => federation.close())
    const gateway = createGateway({ federation, logger: log })
    const { url } = await gateway.listen(options.port, options.host)
    stops.push(() => gateway.close())
    return {
      url,
      federation,
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
        throw err
      }
      const mode = opts.config ? `configuration ${opts.config}` : 'sandbox mode: four simulated cities on loopback'
      process.stderr.write(
        [
          '',
          `  Tongban 通办 gateway is running (${mode})`,
          ...running.federation.regions.map((r) => `  ${r.name} ${r.code}  ${r.nameEn.padEnd(8)} → ${running.federation.clients.get(r.code) ? running.federation.config.regions.find((x) => x.config.code === r.code)!.config.endpoint : ''}`),
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
