import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { GraphQLSchema } from 'graphql'
import { createYoga } from 'graphql-yoga'
import { createFaultGate, type CityFault } from './fault-gate.js'
import type { RemoteIntake } from './intake/intake-types.js'
import { createRequestLog, type CityStats } from './request-log.js'

export type { CityFault } from './fault-gate.js'
export type { CityStats, RequestRecord } from './request-log.js'

export interface CityServerOptions {
  /** 0 (the default) picks a free port at the first start; later starts reuse it. */
  port?: number
  /** Default 127.0.0.1: the sandbox never listens beyond loopback unless asked. */
  host?: string
}

/** A simulated city platform: a real GraphQL server over HTTP that tests can break on purpose. */
export interface CityServer<D = unknown> {
  /** GB/T 2260 city code, e.g. 510100. */
  readonly code: string
  readonly name: string
  /** `http://host:port/graphql`; the port is known after the first start(). */
  readonly url: string
  readonly port: number
  readonly host: string
  readonly running: boolean
  /** Listens; after a stop(), listens again on the same port. No-op while running. */
  start(): Promise<void>
  /** Closes the listener and destroys every socket, keep-alive and hung ones included. */
  stop(): Promise<void>
  /** stop() for good: a closed city cannot start again. */
  close(): Promise<void>
  /** See CityFault. @throws RangeError for an out-of-range value. */
  setFault(fault: CityFault | null): void
  readonly stats: CityStats
  resetStats(): void
  /** The city's local records, in its own shape. */
  readonly data: D
  /** The remote-intake (异地受理) simulation; null for a server built without one. */
  readonly intake: RemoteIntake | null
}

/** A sandbox city: a CityServer that takes remote cases in (see RemoteIntake). */
export type SandboxCity<D = unknown> = CityServer<D> & { readonly intake: RemoteIntake }

export interface CityDefinition<D> {
  code: string
  name: string
  schema: GraphQLSchema
  data: D
  /** Closed with the city: its timers and pending status reports end there. */
  intake?: RemoteIntake
}

/**
 * Serves `definition.schema` with graphql-yoga on node:http, behind the shared fault gate and
 * request log. Every sandbox city is one of these; only schema and data differ.
 * @example
 * const city = createCityServer({ code: '510100', name: '成都市', schema, data })
 * await city.start()
 * await fetch(city.url, { method: 'POST', body: JSON.stringify({ query: '{ __typename }' }), headers: { 'content-type': 'application/json' } })
 */
export function createCityServer<D>(definition: CityDefinition<D> & { intake: RemoteIntake }, options?: CityServerOptions): SandboxCity<D>
export function createCityServer<D>(definition: CityDefinition<D>, options?: CityServerOptions): CityServer<D>
export function createCityServer<D>(definition: CityDefinition<D>, options: CityServerOptions = {}): CityServer<D> {
  const host = options.host ?? '127.0.0.1'
  let port = options.port ?? 0
  const log = createRequestLog()
  const gate = createFaultGate(definition.code)
  const yoga = createYoga({
    schema: definition.schema,
    graphqlEndpoint: '/graphql',
    logging: false,
    graphiql: { title: `${definition.name} (sandbox)` },
    landingPage: false,
    plugins: [log.plugin],
  })
  let server: Server | undefined
  let starting: Promise<void> | undefined
  let closed = false
  const sockets = new Set<Socket>()

  const createHttpServer = (): Server => {
    const s = createServer((req, res) => {
      log.countRequest()
      // The healthy path stays synchronous: the benchmark's direct baseline runs through here.
      if (!gate.active) return void yoga.requestListener(req, res)
      gate
        .admit(req, res)
        .then((admitted) => (admitted ? yoga.requestListener(req, res) : undefined))
        .catch(() => res.destroy())
    })
    s.on('connection', (socket) => {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
    })
    return s
  }

  const listen = (s: Server): Promise<void> =>
    new Promise((resolve, reject) => {
      s.once('error', reject)
      s.listen(port, host, () => {
        s.off('error', reject)
        // The first start fixes the port, so restarts come back where clients expect them.
        port = (s.address() as AddressInfo).port
        server = s
        resolve()
      })
    })

  const city: CityServer<D> = {
    code: definition.code,
    name: definition.name,
    host,
    data: definition.data,
    intake: definition.intake ?? null,
    stats: log.stats,
    get port() {
      return port
    },
    get url() {
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`
    },
    get running() {
      return server !== undefined
    },
    async start() {
      if (closed) throw new Error(`sandbox city ${definition.code} is closed`)
      if (server) return
      // Two overlapping start() calls share one listen rather than racing for the port.
      starting ??= listen(createHttpServer()).finally(() => (starting = undefined))
      await starting
    },
    async stop() {
      // A stop during a start stops the server that start is bringing up.
      await starting?.catch(() => undefined)
      const s = server
      if (!s) return
      server = undefined
      const done = new Promise<void>((resolve) => s.close(() => resolve()))
      gate.release()
      // close() alone waits for idle keep-alive sockets; a stopped city must refuse at once.
      s.closeAllConnections()
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      await done
    },
    async close() {
      closed = true
      await definition.intake?.close()
      await city.stop()
      await yoga.dispose()
    },
    setFault: (fault) => gate.setFault(fault),
    resetStats: () => log.reset(),
  }
  return city
}
