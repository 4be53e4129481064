import type { IncomingMessage, ServerResponse } from 'node:http'
import { getOperationAST, GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql'
import type { YogaServerInstance } from 'graphql-yoga'
import { documentIdOf, type TrustedDocuments } from '../plugins/trusted-documents.js'
import { utf8Body } from './utf8-body.js'

export interface LeanHandlerOptions {
  graphqlEndpoint: string
  maxBodyBytes: number
  /** Trusted-documents mode: run only these, by id; anything else goes to yoga, which refuses it. */
  trusted?: TrustedDocuments
}

type Yoga = YogaServerInstance<Record<string, never>, Record<string, unknown>>

/** The GraphQL-over-HTTP parameters of a POST body. */
interface Params {
  query?: string
  documentId?: string
  variables?: Record<string, unknown> | null
  operationName?: string | null
  extensions?: Record<string, unknown> | null
}

/**
 * A lean path for the requests that make up nearly all API traffic: `POST /graphql` with a JSON
 * body from a non-browser client that accepts `application/json`. It runs the same envelop
 * pipeline as yoga (`getEnveloped`: our plugins, limits, JIT, error masking) but skips yoga's
 * Fetch-API request and response objects, which cost more per request than translating a
 * page of 50 cases. Everything else — GraphiQL, GET, browsers (CORS), multipart,
 * `application/graphql-response+json`, batching, subscriptions, documents that do not parse
 * or validate — goes to yoga unchanged, so yoga stays the reference for the edge cases.
 */
export function createLeanHandler(yoga: Yoga, options: LeanHandlerOptions) {
  const forward = (req: IncomingMessage, res: ServerResponse, body?: Buffer) => respondViaYoga(yoga, req, res, body)
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!eligible(req, options.graphqlEndpoint)) {
      void yoga(req, res)
      return
    }
    readBody(req, options.maxBodyBytes).then(
      (body) => {
        if (body === 'too-large') return tooLarge(req, res, options.maxBodyBytes)
        return runLean(yoga, req, res, body, options.trusted).catch(() => forward(req, res, body))
      },
      () => res.destroy(),
    )
  }
}

function eligible(req: IncomingMessage, endpoint: string): boolean {
  if (req.method !== 'POST' || req.url !== endpoint || req.headers.origin !== undefined) return false
  const type = req.headers['content-type']
  if (type === undefined || !type.startsWith('application/json')) return false
  const accept = req.headers.accept
  return accept === undefined || accept === '*/*' || accept === 'application/json' || accept.startsWith('application/json;') || accept.startsWith('application/json,')
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limit) return Promise.resolve('too-large')
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size <= limit) chunks.push(c)
    })
    req.on('end', () => resolve(size > limit ? 'too-large' : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function tooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' })
  res.end(JSON.stringify({ errors: [{ message: `request body over ${limit} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }))
  req.resume()
}

function parseParams(body: Buffer): Params | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  const p = parsed as Record<string, unknown>
  const isObj = (v: unknown) => v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v))
  if ((p.query !== undefined && typeof p.query !== 'string') || !isObj(p.variables) || !isObj(p.extensions)) return undefined
  if (p.operationName !== undefined && p.operationName !== null && typeof p.operationName !== 'string') return undefined
  return p as unknown as Params
}

async function runLean(yoga: Yoga, req: IncomingMessage, res: ServerResponse, body: Buffer, trusted?: TrustedDocuments): Promise<void> {
  const params = parseParams(body)
  if (!params) throw new Error('not a plain GraphQL request')
  if (trusted) {
    // Only a known id runs here; a document sent as text, or an unknown id, is yoga's to refuse.
    const id = params.query === undefined ? documentIdOf(params) : undefined
    const known = id === undefined ? undefined : trusted.get(id)
    if (known === undefined) throw new Error('not a trusted document: yoga refuses it')
    params.query = known
  }
  if (params.query === undefined) throw new Error('no document: yoga reports it')
  const query = params.query
  const request = liteRequest(req)
  const enveloped = yoga.getEnveloped({ request, params, req } as never)
  let document: DocumentNode
  try {
    document = enveloped.parse(query)
  } catch {
    throw new Error('parse failed: yoga reports it')
  }
  if (enveloped.validate(enveloped.schema, document).length > 0) throw new Error('invalid: yoga reports it')
  const operation = getOperationAST(document, params.operationName ?? undefined)
  if (!operation || operation.operation === 'subscription' || hasIncrementalDelivery(query)) throw new Error('not for the lean path')
  // From here on the operation runs exactly once; failures become GraphQL errors, never a rerun.
  let result: ExecutionResult & { stringify?: (r: ExecutionResult) => string }
  try {
    const contextValue = await enveloped.contextFactory()
    result = (await enveloped.execute({
      schema: enveloped.schema,
      document,
      contextValue,
      variableValues: params.variables ?? undefined,
      operationName: params.operationName ?? undefined,
    })) as typeof result
  } catch (err) {
    result = { errors: [err instanceof GraphQLError ? err : new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] }
  }
  const http = result.errors?.length ? httpOf(result) : undefined
  const text = result.errors?.length ? JSON.stringify(withoutInternals(result)) : (result.stringify ?? JSON.stringify)(result)
  // Encoded once: the length comes from the bytes, where Buffer.byteLength would scan the
  // (usually two-byte, Chinese-bearing) string once more before the socket encodes it.
  const bytes = utf8Body(text)
  res.writeHead(http?.status ?? 200, { ...http?.headers, 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length })
  res.end(bytes)
}

/**
 * The status and headers errors ask for (`extensions.http`), as yoga honours them: e.g. 429
 * with Retry-After for RATE_LIMITED. Only when no data came back: a partial result is a 200.
 */
function httpOf(result: ExecutionResult): { status: number; headers: Record<string, string> } | undefined {
  if (result.data) return undefined
  let status = 0
  const headers: Record<string, string> = {}
  for (const e of result.errors!) {
    const http = (e.extensions as { http?: { status?: number; headers?: Record<string, string> } } | undefined)?.http
    if (http?.status && http.status > status) status = http.status
    Object.assign(headers, http?.headers)
  }
  return status ? { status, headers } : undefined
}

function hasIncrementalDelivery(query: string): boolean {
  return query.includes('@defer') || query.includes('@stream')
}

/**
 * Errors serialised the way yoga's result processor does: rebuilt from nodes, source,
 * positions and path (so locations come from the document), without the transport-only
 * `http` and `unexpected` extensions.
 */
function withoutInternals(result: ExecutionResult): ExecutionResult {
  return {
    ...result,
    errors: result.errors!.map((e) => {
      if (!(e instanceof GraphQLError)) return e
      const { http: _http, unexpected: _unexpected, ...extensions } = (e.extensions ?? {}) as Record<string, unknown>
      return new GraphQLError(e.message, {
        ...(e.nodes && { nodes: e.nodes }),
        ...(e.source && { source: e.source }),
        ...(e.positions && { positions: e.positions }),
        ...(e.path && { path: e.path }),
        ...(Object.keys(extensions).length && { extensions }),
      })
    }),
  }
}

/** Just enough of a Fetch Request for the context factory (headers and URL). */
function liteRequest(req: IncomingMessage) {
  return {
    method: req.method,
    url: `http://${req.headers.host ?? 'localhost'}${req.url}`,
    headers: { get: (name: string) => (req.headers[name.toLowerCase()] as string | undefined) ?? null },
  }
}

async function respondViaYoga(yoga: Yoga, req: IncomingMessage, res: ServerResponse, body?: Buffer): Promise<void> {
  const headers = new Headers()
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
  const init: RequestInit = { method: req.method ?? 'GET', headers, ...(body && { body: new Uint8Array(body) }) }
  // The server context (req, res) as yoga's own node handler passes it: the client address comes from it.
  const response = await yoga.fetch(`http://${req.headers.host ?? 'localhost'}${req.url}`, init, { req, res } as never)
  const out: Record<string, string> = {}
  response.headers.forEach((v, k) => {
    out[k] = v
  })
  res.writeHead(response.status, out)
  res.end(Buffer.from(await response.arrayBuffer()))
}
