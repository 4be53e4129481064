import { GraphQLError } from 'graphql'
import { FederationError } from '../../federation/index.js'
import { GatewayError } from '../errors.js'

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
