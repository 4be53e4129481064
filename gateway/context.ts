import type { Federation, RequestScope } from '../federation/index.js'
import type { GatewayTrust } from './verification/trust-material.js'

/** What every resolver receives. */
export interface GatewayContext {
  /** Correlates the gateway's logs with the cities' (sent upstream as x-request-id). */
  requestId: string
  federation: Federation
  /** Per-request batching and partial errors of the federation layer. */
  scope: RequestScope
  /** Trust anchors and the verifier; absent when the gateway was started without any. */
  trust: GatewayTrust | undefined
}
