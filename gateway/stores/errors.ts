/** Errors raised by the case stores (memory and Redis). A leaf module: it imports nothing. */
export type StoreCode =
  /** Redis unreachable, a command failed or timed out: the outcome of a write is unknown, so retry it with the same idempotency key. */
  | 'STORE_UNAVAILABLE'
  /** Stored data cannot be read back (bad JSON, a broken chain head): needs an operator. */
  | 'STORE_CORRUPT'
  /** The caller's commit is malformed (e.g. a case version that does not follow its expected version). */
  | 'INVALID_COMMIT'
  /** A checkpoint names an audit entry that does not exist or has another hash. */
  | 'INVALID_CHECKPOINT'
  /** createRedisStore was given unusable options. */
  | 'INVALID_OPTIONS'
  /** The store was closed. */
  | 'STORE_CLOSED'

export class StoreError extends Error {
  constructor(
    readonly code: StoreCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
  }
}
