import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql'

/**
 * A minimal GraphQL-over-HTTP server for the benchmark's subgraphs and its ceiling: POST JSON,
 * documents parsed and validated once per text, graphql-js execution. Kept lean so that the
 * subgraphs are never what limits a gateway's throughput.
 */
export async function serveSchema(schema: GraphQLSchema, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
  const documents = new Map<string, DocumentNode>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const { query, variables, operationName } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown>; operationName?: string }
      let document = documents.get(query)
      let result: unknown
      if (!document) {
        document = parse(query)
        const errors = validate(schema, document)
        if (errors.length) result = { errors }
        else documents.set(query, document)
      }
      result ??= await execute({ schema, document, variableValues: variables, operationName })
      const body = JSON.stringify(result)
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}/graphql` }
}
