import { errors as undiciErrors, type Dispatcher } from 'undici'

export interface TextRequest {
  path: string
  headers: Record<string, string>
  body: string
  headersTimeout: number
  bodyTimeout: number
  signal?: AbortSignal
}

export interface TextResponse {
  statusCode: number
  text: string
}

/**
 * POSTs `body` and resolves with the status and the whole response body as text.
 *
 * Written against undici's dispatch handler rather than `request()` + `body.text()`: a city's
 * answer is read whole and parsed at once, so the Readable stream, AsyncResource and promise
 * chain that `request()` builds per response are pure overhead on the hot path. Timeouts,
 * `maxResponseSize` and connection errors are enforced by the pool itself and reach
 * `onResponseError` with the same undici error classes `request()` rejects with.
 */
export function requestText(pool: Dispatcher, request: TextRequest): Promise<TextResponse> {
  return new Promise((resolve, reject) => {
    pool.dispatch(
      {
        path: request.path,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        headersTimeout: request.headersTimeout,
        bodyTimeout: request.bodyTimeout,
      },
      new TextCollector(resolve, reject, request.signal),
    )
  })
}

class TextCollector implements Dispatcher.DispatchHandler {
  #statusCode = 0
  #chunks: Buffer[] = []
  #size = 0
  readonly #resolve: (r: TextResponse) => void
  readonly #reject: (err: Error) => void
  readonly #signal: AbortSignal | undefined
  #unlisten: (() => void) | undefined

  constructor(resolve: (r: TextResponse) => void, reject: (err: Error) => void, signal?: AbortSignal) {
    this.#resolve = resolve
    this.#reject = reject
    this.#signal = signal
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    const signal = this.#signal
    if (!signal) return
    // Called again when the pool retries on a fresh connection: listen once.
    this.#unlisten?.()
    const abort = () => controller.abort(signal.reason ?? new undiciErrors.RequestAbortedError())
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort, { once: true })
    this.#unlisten = () => signal.removeEventListener('abort', abort)
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    // 1xx informational heads come before the final one; only the final status counts.
    this.#statusCode = statusCode
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#statusCode < 200) return
    this.#chunks.push(chunk)
    this.#size += chunk.length
  }

  onResponseEnd(): void {
    this.#unlisten?.()
    const body = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#size)
    // As undici's body.text(): UTF-8, a leading byte order mark dropped.
    const start = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0
    this.#resolve({ statusCode: this.#statusCode, text: body.toString('utf8', start) })
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.#unlisten?.()
    this.#reject(err)
  }
}
