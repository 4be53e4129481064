import { createChengduCity } from './chengdu/create-chengdu-city.js'
import type { CityOptions } from './city-options.js'
import type { SandboxCity } from './city-server.js'
import type { SandboxPki } from './pki/sandbox-pki.js'
import { createDeyangCity } from './deyang/create-deyang-city.js'
import type { AutoProgressOptions } from './intake/intake-types.js'
import { createMeishanCity } from './meishan/create-meishan-city.js'
import { createZiyangCity } from './ziyang/create-ziyang-city.js'

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string
  /** Port per region code (e.g. `{ '510100': 4101 }`); a city not listed gets a free port. */
  ports?: Partial<Record<string, number>>
  /** Signing material (see loadSandboxPki); without it the cities publish no signed licences. */
  pki?: SandboxPki
  /** Starts every city's auto-progress with these options (see RemoteIntake.setAutoProgress). */
  autoProgress?: AutoProgressOptions
}

export interface Sandbox {
  /** Keyed by region code, in federation order: 510100, 510600, 511400, 512000. */
  cities: Map<string, SandboxCity>
  /** Region code → GraphQL URL, the shape the gateway's config loader takes as endpoint overrides. */
  endpoints: Record<string, string>
  /** The signing material the cities use, when given. */
  pki?: SandboxPki
  /** Stops and closes every city. */
  close(): Promise<void>
}

const FACTORIES: ReadonlyArray<readonly [string, (o: CityOptions) => SandboxCity]> = [
  ['510100', createChengduCity],
  ['510600', createDeyangCity],
  ['511400', createMeishanCity],
  ['512000', createZiyangCity],
]

/**
 * Starts the four sandbox cities on loopback. If any fails to listen (say, a port is taken),
 * the others are closed again and the error is rethrown.
 * @example
 * const sandbox = await startSandbox()
 * sandbox.endpoints['510600'] // http://127.0.0.1:PORT/graphql
 * await sandbox.close()
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  const cities = new Map<string, SandboxCity>()
  for (const [code, create] of FACTORIES) {
    const pki = options.pki?.cities.get(code)
    const city = create({ host, port: options.ports?.[code] ?? 0, ...(pki && { pki }) })
    if (options.autoProgress) city.intake.setAutoProgress(options.autoProgress)
    cities.set(code, city)
  }
  const close = async (): Promise<void> => {
    await Promise.all([...cities.values()].map((c) => c.close()))
  }
  const started = await Promise.allSettled([...cities.values()].map((c) => c.start()))
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) {
    await close()
    throw failed.reason
  }
  const endpoints: Record<string, string> = {}
  for (const [code, city] of cities) endpoints[code] = city.url
  return { cities, endpoints, close, ...(options.pki && { pki: options.pki }) }
}
