/**
 * Errors raised by the federation layer. A leaf module: it imports types only.
 * Every error carries a stable machine `code`; the gateway copies it to `extensions.code`.
 */
export type FederationCode =
  | 'COMPETENCE_UNDETERMINED'
  | 'COMPETENCE_OUTSIDE_FEDERATION'
  | 'REGION_UNAVAILABLE'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'INVALID_ID_NUMBER'
  | 'INVALID_REGION_CODE'
  | 'REGION_OUTSIDE_FEDERATION'
  | 'UNKNOWN_MATTER'
  | 'INVALID_ID'
  | 'INVALID_CURSOR'
  | 'INVALID_ARGUMENT'
  | 'CONFIG_INVALID'

/** Why a region could not answer; carried in `extensions.reason` next to REGION_UNAVAILABLE. */
export type UnavailableReason = 'TIMEOUT' | 'CONNECTION_FAILED' | 'BREAKER_OPEN' | 'HTTP_STATUS' | 'BAD_RESPONSE'

export class FederationError extends Error {
  /** Extra machine-readable facts (region, missing attributes…) copied into `extensions`. */
  readonly details: Readonly<Record<string, unknown>>
  constructor(
    readonly code: FederationCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.details = Object.freeze({ ...(options?.details ?? {}) })
  }
}

/**
 * `err` as an Error. A DataLoader batch rejects a load only for an Error in its place; any
 * other thrown value would be taken for an answer.
 */
export const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)))

/** One problem found in a region configuration: the file, the path inside it, and what is wrong. */
export interface ConfigProblem {
  file: string
  path: string
  message: string
  line?: number
}

/** A configuration directory that cannot be used. Lists every problem, not just the first. */
export class ConfigError extends FederationError {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super('CONFIG_INVALID', ConfigError.describe(problems), { details: { problems } })
  }

  static describe(problems: readonly ConfigProblem[]): string {
    const lines = problems.map(
      (p) => `  ${p.file}${p.line ? `:${p.line}` : ''} at ${p.path || '(root)'}: ${p.message}`,
    )
    return `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`
  }
}
