import type { Federation, RequestScope } from '../federation/index.js'
import type { GatewayTrust } from './verification/trust-material.js'
import type { AcceptanceService } from './acceptance/acceptance-service.js'
import type { Caller } from './auth/caller.js'

/** What every resolver receives. */
export interface GatewayContext {
  /** Correlates the gateway's logs with the cities' (sent upstream as x-request-id). */
  requestId: string
  /** The client's address: the socket peer, or X-Forwarded-For's first hop behind a trusted proxy. */
  clientAddress: string
  federation: Federation
  /** Per-request batching and partial errors of the federation layer. */
  scope: RequestScope
  /** Trust anchors and the verifier; absent when the gateway was started without any. */
  trust: GatewayTrust | undefined
  /** Remote acceptance; absent on a gateway started without a store. */
  acceptance: AcceptanceService | undefined
  /**
   * The caller from the bearer token, verified on first use (public queries never pay for it).
   * @throws GatewayError UNAUTHENTICATED for a token that is present but not valid.
   */
  caller(): Promise<Caller>
}
