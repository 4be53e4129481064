import { randomUUID } from 'node:crypto'
import { Pool, errors as undiciErrors } from 'undici'
import { FederationError, type UnavailableReason } from '../errors.js'
import type { UpstreamSettings } from '../config/region-config-schema.js'
import { CircuitBreaker, type BreakerState } from './breaker.js'
import { readGraphQLResponse, type UpstreamResponse } from './graphql-response.js'
import { requestText } from './request-text.js'
import { withRetry } from './retry.js'
import { upstreamChannels, upstreamObserved, type UpstreamCall, type UpstreamOutcome } from './upstream-events.js'

export interface GraphQLRequest {
  query: string
  variables?: Record<string, unknown>
  operationName?: string
}

export interface ExecuteOptions {
  /** Reads may be retried; writes never are (the caller owns their idempotency). */
  read: boolean
  /** Sent as x-request-id; one is made up when absent, so every call the cities see has one. */
  requestId?: string
  /** Root fields in the request, for observers (default 1). */
  fields?: number
  signal?: AbortSignal
  headers?: Record<string, string>
}

export interface RegionClientOptions {
  code: string
  name: string
  endpoint: string
  settings: UpstreamSettings
  onBreakerChange?: (state: BreakerState) => void
}

/** HTTP statuses worth another attempt for a read. */
const RETRYABLE_STATUS = new Set([502, 503, 504])

class AttemptError extends Error {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/**
 * The gateway's connection to one city platform: an undici pool with keep-alive and the
 * city's own timeouts, retries for reads, and a circuit breaker that fails fast while the
 * city is down. Failures surface as FederationError REGION_UNAVAILABLE with a reason.
 */
export class RegionClient {
  readonly code: string
  readonly #pool: Pool
  readonly #path: string
  readonly #o: RegionClientOptions
  readonly #breaker: CircuitBreaker

  constructor(o: RegionClientOptions) {
    const url = new URL(o.endpoint)
    this.code = o.code
    this.#o = o
    this.#path = url.pathname + url.search
    this.#pool = new Pool(url.origin, {
      connections: o.settings.connections,
      connect: { timeout: o.settings.connectTimeoutMs },
      headersTimeout: o.settings.headersTimeoutMs,
      bodyTimeout: o.settings.bodyTimeoutMs,
      keepAliveTimeout: 30_000,
      maxResponseSize: o.settings.maxResponseBytes,
    })
    this.#breaker = new CircuitBreaker({ ...o.settings.breaker, ...(o.onBreakerChange && { onStateChange: o.onBreakerChange }) })
  }

  get breakerState(): BreakerState {
    return this.#breaker.state
  }

  /**
   * Sends one GraphQL request to the city.
   * @throws FederationError REGION_UNAVAILABLE (extensions.reason: TIMEOUT, CONNECTION_FAILED,
   *   BREAKER_OPEN, HTTP_STATUS, BAD_RESPONSE).
   */
  async execute(request: GraphQLRequest, options: ExecuteOptions): Promise<UpstreamResponse> {
    const requestId = options.requestId ?? randomUUID()
    const call = upstreamObserved() ? this.#startCall(request, options, requestId) : undefined
    if (!this.#breaker.tryAcquire()) {
      if (call) this.#endCall(call, 'BREAKER_OPEN')
      throw this.#unavailable('BREAKER_OPEN', `${this.#o.name} is failing; requests are paused briefly`)
    }
    const deadline = Date.now() + this.#o.settings.requestTimeoutMs
    const body = JSON.stringify(request)
    const headers = { ...this.#headers, 'x-request-id': requestId, ...call?.headers, ...options.headers }
    try {
      const result = await withRetry((n) => this.#attempt(body, headers, options.signal, deadline, n, call), {
        retries: options.read ? this.#o.settings.retries : 0,
        deadline,
        isRetryable: (err) => err instanceof AttemptError && err.retryable,
      })
      this.#breaker.success()
      if (call) {
        call.graphqlErrors = result.errors.length
        this.#endCall(call, 'ok')
      }
      return result
    } catch (err) {
      // A city answering "bad request" is alive; only unavailability counts against it.
      this.#breaker.failure()
      if (call) this.#endCall(call, err instanceof AttemptError ? err.reason : 'CONNECTION_FAILED')
      if (err instanceof AttemptError) throw this.#unavailable(err.reason, err.message, err)
      throw err
    }
  }

  #startCall(request: GraphQLRequest, options: ExecuteOptions, requestId: string): UpstreamCall {
    const call: UpstreamCall = {
      region: this.code,
      operationName: request.operationName,
      read: options.read,
      fields: options.fields ?? 1,
      requestId,
      headers: {},
      attempts: 0,
      status: undefined,
      outcome: undefined,
      graphqlErrors: 0,
    }
    upstreamChannels.start.publish(call)
    return call
  }

  #endCall(call: UpstreamCall, outcome: UpstreamOutcome): void {
    call.outcome = outcome
    upstreamChannels.end.publish(call)
  }

  async #attempt(body: string, headers: Record<string, string>, signal: AbortSignal | undefined, deadline: number, n: number, call: UpstreamCall | undefined): Promise<UpstreamResponse> {
    const started = performance.now()
    // The deadline bounds each attempt's wait through undici's own per-request timeouts:
    // cheaper than an AbortSignal and a timer per request on the hot path.
    const remaining = Math.max(1, deadline - Date.now())
    if (call) call.attempts = n + 1
    try {
      const res = await requestText(this.#pool, {
        path: this.#path,
        headers: n === 0 ? headers : { ...headers, 'x-tongban-attempt': String(n + 1) },
        body,
        headersTimeout: Math.min(this.#o.settings.headersTimeoutMs, remaining),
        bodyTimeout: Math.min(this.#o.settings.bodyTimeoutMs, remaining),
        ...(signal && { signal }),
      })
      if (call) call.status = res.statusCode
      if (res.statusCode >= 500 || (res.statusCode >= 300 && res.statusCode < 400)) {
        throw new AttemptError('HTTP_STATUS', `${this.#o.name} answered HTTP ${res.statusCode}`, RETRYABLE_STATUS.has(res.statusCode))
      }
      let parsed: unknown
      try {
        parsed = JSON.parse(res.text)
      } catch (cause) {
        throw new AttemptError('BAD_RESPONSE', `${this.#o.name} sent a response that is not JSON`, false, { cause })
      }
      const response = readGraphQLResponse(parsed)
      if (!response) throw new AttemptError('BAD_RESPONSE', `${this.#o.name} sent JSON that is not a GraphQL response`, false)
      this.#attempted(call, n, performance.now() - started, 'ok')
      return response
    } catch (err) {
      const attemptError = this.#classify(err)
      this.#attempted(call, n, performance.now() - started, attemptError.reason)
      throw attemptError
    }
  }

  #attempted(call: UpstreamCall | undefined, n: number, ms: number, outcome: UpstreamOutcome): void {
    if (call && upstreamChannels.attempt.hasSubscribers) upstreamChannels.attempt.publish({ call, attempt: n + 1, ms, outcome })
  }

  readonly #headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  }

  #classify(err: unknown): AttemptError {
    if (err instanceof AttemptError) return err
    const name = this.#o.name
    if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) {
      return new AttemptError('TIMEOUT', `${name} did not answer in time`, true, { cause: err })
    }
    if (err instanceof undiciErrors.ResponseExceededMaxSizeError) {
      return new AttemptError('BAD_RESPONSE', `${name} sent a response larger than allowed`, false, { cause: err })
    }
    if (err instanceof undiciErrors.RequestAbortedError) {
      return new AttemptError('CONNECTION_FAILED', `request to ${name} was aborted`, false, { cause: err })
    }
    return new AttemptError('CONNECTION_FAILED', `${name} could not be reached`, true, { cause: err })
  }

  #unavailable(reason: UnavailableReason, message: string, cause?: unknown): FederationError {
    return new FederationError('REGION_UNAVAILABLE', message, {
      cause,
      details: { region: this.code, reason },
    })
  }

  async close(): Promise<void> {
    await this.#pool.close()
  }
}
