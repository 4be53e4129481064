import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api'
import { getOperationAST, GraphQLError, type DocumentNode } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import type { Caller } from '../auth/caller.js'
import type { Logger } from '../logger.js'
import { asCodedError } from '../plugins/coded-error.js'
import { StoreError } from '../stores/errors.js'
import type { GatewayMetrics, RequestOutcome } from './gateway-metrics.js'
import { activeTracer } from './tracing.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

/** What is learnt about one HTTP request to the GraphQL endpoint while it runs. */
interface Observed {
  readonly started: number
  readonly requestId: string
  name: string | undefined
  type: 'query' | 'mutation' | 'subscription' | undefined
  outcome: RequestOutcome | undefined
  code: string
  /** Known only when a resolver needed it (tokens are verified on first use). */
  caller: Caller | undefined
  span: Span | undefined
}

/**
 * Where a request's record hangs on its IncomingMessage. A property rather than a WeakMap: a
 * map keyed by short-lived requests costs the garbage collector on every request.
 */
const OBSERVED = Symbol('tongban.observed')
type Observable = IncomingMessage & { [OBSERVED]?: Observed | undefined }

/** x-request-id values taken from clients as they are; anything else is replaced. */
const REQUEST_ID = /^[\w.-]{1,64}$/

/**
 * Observes GraphQL requests, whichever path serves them — the lean handler or yoga, which both
 * run the envelop pipeline. One record per HTTP request, found by the plugin through the
 * context's `req`; it is settled when the response closes, so a request the lean path hands to
 * yoga is still counted once. Each request then yields:
 * - metrics: requests by operation, type, outcome and error code, and latency (optional);
 * - a server span, parent of the upstream and other spans, when tracing is on;
 * - one access log line (info): request id, operation, outcome, status, duration, the caller's
 *   role, region and window when its token was verified. Never the token, the variables or
 *   the document.
 */
export function observeRequests(o: { logger: Logger; metrics: GatewayMetrics | undefined; graphqlEndpoint: string }) {
  const { logger, metrics, graphqlEndpoint } = o
  // The access line is built here from known fields, none of them secret: it skips pino's path
  // redaction, which costs more than the rest of the line (masking still applies to it).
  const access = logger.child({}, { redact: [] })
  const ofContext = (ctx: unknown): Observed | undefined => {
    return (ctx as { req?: Observable } | undefined)?.req?.[OBSERVED]
  }

  const settle = (req: Observable, res: ServerResponse, r: Observed) => {
    req[OBSERVED] = undefined
    let { outcome, code } = r
    if (outcome === undefined) {
      if (res.statusCode >= 400) [outcome, code] = ['error', `HTTP_${res.statusCode}`]
      else if (!res.writableFinished) [outcome, code] = ['error', 'CLIENT_CLOSED_REQUEST']
      else if (r.type !== undefined) outcome = 'ok' // a subscription stream that ended
    }
    const seconds = (performance.now() - r.started) / 1000
    if (r.span) endSpan(r.span, r, outcome, code, res.statusCode)
    if (outcome === undefined) {
      // Not a GraphQL operation at all: GraphiQL's page, a CORS preflight.
      logger.debug({ requestId: r.requestId, method: req.method, status: res.statusCode, durationMs: round(seconds * 1000) }, 'http request')
      return
    }
    metrics?.request({ name: r.name, type: r.type, outcome, code, seconds })
    if (!access.isLevelEnabled('info')) return
    access.info(
      {
        requestId: r.requestId,
        operation: r.name?.slice(0, 100) ?? null,
        operationType: r.type ?? null,
        outcome,
        ...(code && { code }),
        status: res.statusCode,
        durationMs: round(seconds * 1000),
        ...(r.caller && { caller: { role: r.caller.role, region: r.caller.region, window: r.caller.window } }),
        ...(r.span && { traceId: r.span.spanContext().traceId }),
      },
      'graphql request',
    )
  }

  /** Wraps the node request handler: every request to the GraphQL endpoint is observed. */
  const wrap =
    (handler: Handler): Handler =>
    (req: Observable, res) => {
      const url = req.url ?? ''
      if (url !== graphqlEndpoint && !url.startsWith(`${graphqlEndpoint}?`)) return handler(req, res)
      const incoming = req.headers['x-request-id']
      const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
      // The one place a request's id is decided: the context factory reads it from here.
      req.headers['x-request-id'] = requestId
      res.setHeader('x-request-id', requestId)
      const r: Observed = { started: performance.now(), requestId, name: undefined, type: undefined, outcome: undefined, code: '', caller: undefined, span: undefined }
      req[OBSERVED] = r
      // 'close' comes once per response: when it was sent, or when the client went away.
      res.on('close', () => settle(req, res, r))
      const tracer = activeTracer()
      if (!tracer) return handler(req, res)
      // A caller's (or load balancer's) traceparent makes this request part of its trace.
      const parent = propagation.extract(ROOT_CONTEXT, req.headers)
      r.span = tracer.startSpan(
        `${req.method ?? 'POST'} ${graphqlEndpoint}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? '', 'url.path': graphqlEndpoint, 'tongban.request_id': requestId } },
        parent,
      )
      context.with(trace.setSpan(parent, r.span), () => handler(req, res))
    }

  const chosen = (r: Observed, document: DocumentNode, operationName: string | null | undefined) => {
    const op = getOperationAST(document, operationName ?? undefined)
    if (!op) return
    r.type = op.operation as Observed['type']
    r.name = op.name?.value
    r.span?.updateName(r.name ? `${r.type} ${r.name}` : `${r.type}`)
  }

  /** Notes the caller once a resolver has had the token verified; never verifies it itself. */
  const watchCaller = (r: Observed, ctx: { caller?: () => Promise<Caller> }) => {
    const verify = ctx.caller
    if (typeof verify !== 'function') return
    let watched: Promise<Caller> | undefined
    ctx.caller = () =>
      (watched ??= verify().then((c) => {
        r.caller = c
        return c
      }))
  }

  /**
   * First of all plugins: learns the operation and watches the caller before any other
   * plugin can verify the token or stop the execution (a rate limit); the result it sees is
   * provisional — the one a plugin that stopped the execution set.
   */
  const first: Plugin = {
    onExecute({ args }) {
      const r = ofContext(args.contextValue)
      if (!r) return
      chosen(r, args.document, args.operationName)
      watchCaller(r, args.contextValue as { caller?: () => Promise<Caller> })
      return {
        onExecuteDone({ result }) {
          ;[r.outcome, r.code] = classify(result)
        },
      }
    },
    onSubscribe({ args }) {
      const r = ofContext(args.contextValue)
      if (!r) return
      chosen(r, args.document, args.operationName)
      watchCaller(r, args.contextValue as { caller?: () => Promise<Caller> })
    },
  }

  /** Last of all plugins: the final result, with the errors other plugins added (partial results). */
  const last: Plugin = {
    onExecute({ args }) {
      const r = ofContext(args.contextValue)
      if (!r) return
      return {
        onExecuteDone({ result }) {
          ;[r.outcome, r.code] = classify(result)
          if (r.outcome !== 'ok') logFailures(r, result)
        },
      }
    },
    // Yoga's answer to what never executed (a document that does not parse or validate, a
    // request that is not GraphQL over HTTP): the lean path hands all of these to yoga.
    onResultProcess({ result, serverContext }) {
      const r = ofContext(serverContext)
      if (r && r.outcome === undefined) [r.outcome, r.code] = classify(result)
    },
  }

  /**
   * The client sees only "Unexpected error." (INTERNAL_SERVER_ERROR) for a bug, and only
   * STORE_UNAVAILABLE for a store failure; the operator must see what it was. Logged with the
   * request id the client was given, never with the variables.
   */
  const logFailures = (r: Observed, result: unknown): void => {
    for (const e of (result as { errors?: readonly GraphQLError[] }).errors ?? []) {
      const where = { requestId: r.requestId, operation: r.name?.slice(0, 100) ?? null, path: e.path?.join('.') ?? null }
      if (e.originalError instanceof StoreError) logger.warn({ ...where, err: e.originalError }, 'store failure answered as STORE_UNAVAILABLE')
      else if (codeOf(e) === 'INTERNAL_SERVER_ERROR') logger.error({ ...where, err: e.originalError ?? e }, 'unexpected error answered as INTERNAL_SERVER_ERROR')
    }
  }

  return { wrap, first, last }
}

function classify(result: unknown): [RequestOutcome, string] {
  if (typeof result !== 'object' || result === null || Array.isArray(result) || Symbol.asyncIterator in result) return ['ok', '']
  const { data, errors } = result as { data?: unknown; errors?: readonly GraphQLError[] }
  if (!errors?.length) return ['ok', '']
  return [data ? 'partial' : 'error', codeOf(errors[0]!)]
}

/** The code the client is shown for `e`, also before yoga's error masking has put it in place. */
function codeOf(e: GraphQLError): string {
  const code = e.extensions?.code
  if (typeof code === 'string') return code
  const original = e.originalError
  const coded = asCodedError(original)
  if (coded) return coded.code
  // Anything else thrown is masked for the client as INTERNAL_SERVER_ERROR (see use-coded-errors.ts).
  return original && !(original instanceof GraphQLError) ? 'INTERNAL_SERVER_ERROR' : 'UNCODED'
}

function endSpan(span: Span, r: Observed, outcome: RequestOutcome | undefined, code: string, status: number): void {
  span.setAttributes({
    'http.response.status_code': status,
    ...(r.type && { 'graphql.operation.type': r.type }),
    ...(r.name && { 'graphql.operation.name': r.name }),
    ...(outcome && { 'tongban.outcome': outcome }),
    ...(code && { 'tongban.error_code': code }),
    ...(r.caller && { 'tongban.caller.role': r.caller.role, ...(r.caller.region && { 'tongban.caller.region': r.caller.region }) }),
  })
  if (outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: code })
  span.end()
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
