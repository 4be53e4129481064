import type { Federation, RequestScope } from '../federation/index.js'

/** What every resolver receives. */
export interface GatewayContext {
  /** Correlates the gateway's logs with the cities' (sent upstream as x-request-id). */
  requestId: string
  federation: Federation
  /** Per-request batching and partial errors of the federation layer. */
  scope: RequestScope
}
