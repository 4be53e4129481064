import { GraphQLError } from 'graphql'
import { FederationError } from '../../federation/index.js'
import { GatewayError } from '../errors.js'
import { StoreError } from '../stores/errors.js'

/** Extension keys a coded error may carry to clients; anything else in details stays inside. */
const PUBLIC_DETAILS = new Set(['region', 'reason', 'missing', 'argument', 'matterCode', 'rule', 'fact', 'code', 'materials', 'allowed', 'caseId'])

/** The GraphQL error a coded domain error becomes: its code in extensions.code, no stack. */
export function toGraphQLError(
  err: FederationError | GatewayError,
  where?: { nodes?: GraphQLError['nodes']; path?: readonly (string | number)[]; source?: GraphQLError['source']; positions?: readonly number[] },
): GraphQLError {
  const extensions: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(err.details)) if (PUBLIC_DETAILS.has(k) && k !== 'code') extensions[k] = v
  extensions.code = err.code
  if (err.details.code !== undefined) extensions.areaCode = err.details.code
  return new GraphQLError(err.message, {
    ...(where?.nodes && { nodes: where.nodes }),
    ...(where?.source && { source: where.source }),
    ...(where?.positions && { positions: where.positions }),
    ...(where?.path && { path: where.path }),
    extensions,
  })
}

export function isCodedError(err: unknown): err is FederationError | GatewayError {
  return err instanceof FederationError || err instanceof GatewayError
}

/**
 * The coded error a client is shown for `err`, if any. A store that did not confirm a write
 * (unreachable, timed out, closing, or a commit the audit chain kept refusing) is
 * STORE_UNAVAILABLE: the client retries with the same idempotency key and gets the one receipt.
 * Other store failures (corrupt data) are the operator's, masked like any unexpected error.
 */
export function asCodedError(err: unknown): FederationError | GatewayError | undefined {
  if (isCodedError(err)) return err
  if (err instanceof StoreError && (err.code === 'STORE_UNAVAILABLE' || err.code === 'STORE_CLOSED')) {
    return new GatewayError('STORE_UNAVAILABLE', 'the case store did not confirm the write; retry with the same idempotency key')
  }
  return undefined
}
