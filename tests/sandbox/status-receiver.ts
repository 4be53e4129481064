import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { StatusReport } from '../../sandbox/index.js'

// A stand-in for the gateway's reportCaseStatus endpoint: a real node:http server that records
// what the cities push. It does not parse GraphQL; it checks the operation text it expects.

export interface ReceivedReport {
  authorization: string | undefined
  query: string
  input: StatusReport
}

/** How the receiver answers the n-th request (0-based): accept, a GraphQL error, or never. */
export type Answer = 'ok' | 'graphql-error' | 'hang'

export interface StatusReceiver {
  readonly url: string
  readonly port: number
  /** The reports answered with success, in arrival order. */
  readonly accepted: ReceivedReport[]
  /** Every request, answered or not. */
  readonly requests: number
  close(): Promise<void>
}

/**
 * Listens on `port` (0: a free one). `answer` decides per request; the default accepts all.
 * @example
 * const rx = await startStatusReceiver()
 * city.intake.setStatusPush({ url: rx.url, token: 't' })
 */
export async function startStatusReceiver(port = 0, answer: (n: number) => Answer = () => 'ok'): Promise<StatusReceiver> {
  const accepted: ReceivedReport[] = []
  let requests = 0
  const server: Server = createServer((req, res) => {
    const n = requests++
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const how = answer(n)
      if (how === 'hang') return
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables: { input: StatusReport } }
      const reply =
        how === 'ok'
          ? { data: { reportCaseStatus: { id: body.variables.input.caseId } } }
          : { errors: [{ message: 'store unavailable', extensions: { code: 'INTERNAL_SERVER_ERROR' } }], data: null }
      if (how === 'ok') accepted.push({ authorization: req.headers.authorization, query: body.query, input: body.variables.input })
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const bound = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${bound}/graphql`,
    port: bound,
    accepted,
    get requests() {
      return requests
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
    },
  }
}

/** A loopback port nothing listens on (just freed), for a receiver that is down. */
export async function freePort(): Promise<number> {
  const rx = await startStatusReceiver()
  await rx.close()
  return rx.port
}

/** Polls `check` until it returns true; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
