import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { buildSubgraphSchema } from '@apollo/subgraph'
import { parse } from 'graphql'
import { createYoga } from 'graphql-yoga'

/** One request a test subgraph received: its query text and variables. */
export interface ReceivedRequest {
  query: string
  variables: Record<string, unknown> | undefined
}

/**
 * The representations of each `_entities` call in one request. Calls batched into one request
 * carry theirs in aliased variables (`_v0_representations`, …).
 */
export function representationsOf(request: ReceivedRequest): unknown[][] {
  return Object.entries(request.variables ?? {})
    .filter(([k]) => k === 'representations' || k.endsWith('_representations'))
    .map(([, v]) => v as unknown[])
}

/** A real Federation v2 subgraph on a loopback port, counting what it receives. */
export interface TestSubgraph {
  name: string
  sdl: string
  url: string
  readonly requests: ReceivedRequest[]
  /** Requests whose document asks for `_entities`. */
  entityRequests(): ReceivedRequest[]
  reset(): void
  /** Stops listening (the port stays reserved for no one: requests then fail to connect). */
  stop(): Promise<void>
}

export const FEDERATION_LINK = (imports: string[]) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: [${imports.map((i) => `"${i}"`).join(', ')}])\n`

/**
 * Starts a subgraph built with @apollo/subgraph's buildSubgraphSchema (the reference subgraph
 * library) and served by graphql-yoga on node:http.
 */
export async function startSubgraph(name: string, sdl: string, resolvers: Record<string, unknown>): Promise<TestSubgraph> {
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never })
  const requests: ReceivedRequest[] = []
  const yoga = createYoga({
    schema,
    logging: false,
    graphiql: false,
    plugins: [
      {
        onParams({ params }) {
          requests.push({ query: params.query ?? '', variables: params.variables as Record<string, unknown> | undefined })
        },
      },
    ],
  })
  const server: Server = createServer(yoga)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    name,
    sdl,
    url: `http://127.0.0.1:${port}/graphql`,
    requests,
    entityRequests: () => requests.filter((r) => r.query.includes('_entities')),
    reset: () => {
      requests.length = 0
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
