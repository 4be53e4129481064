import type { Plugin } from 'graphql-yoga'

/** How many operations a city remembers; enough for a test to inspect one scenario. */
export const LAST_REQUESTS_KEPT = 200

export interface RequestRecord {
  query: string
  variables: unknown
  operationName?: string
  /** The caller's `x-request-id` header, when sent. */
  requestId?: string
}

export interface CityStats {
  /** Every HTTP request received, including those a fault answered or held. */
  requests: number
  /** The last operations that reached GraphQL handling, oldest first. */
  lastRequests: RequestRecord[]
}

export interface RequestLog {
  /** A live object: reset() clears it in place, so references held by tests stay valid. */
  readonly stats: CityStats
  countRequest(): void
  reset(): void
  /** Records each operation's parameters as yoga parses them. */
  readonly plugin: Plugin
}

export function createRequestLog(): RequestLog {
  const stats: CityStats = { requests: 0, lastRequests: [] }
  return {
    stats,
    countRequest: () => void stats.requests++,
    reset() {
      stats.requests = 0
      stats.lastRequests.length = 0
    },
    plugin: {
      onParams({ params, request }) {
        const requestId = request.headers.get('x-request-id')
        stats.lastRequests.push({
          query: params.query ?? '',
          variables: params.variables ?? null,
          ...(params.operationName && { operationName: params.operationName }),
          ...(requestId && { requestId }),
        })
        if (stats.lastRequests.length > LAST_REQUESTS_KEPT) stats.lastRequests.shift()
      },
    },
  }
}
