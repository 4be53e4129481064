/** Errors raised by the gateway itself (auth, input shape). A leaf module. */
export type GatewayCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'MODE_NOT_ALLOWED'
  | 'APPLICANT_KIND_NOT_ALLOWED'
  | 'MATERIAL_REJECTED'
  | 'IDEMPOTENCY_CONFLICT'
  | 'STORE_UNAVAILABLE'

export class GatewayError extends Error {
  readonly details: Readonly<Record<string, unknown>>
  constructor(
    readonly code: GatewayCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.details = Object.freeze({ ...(options?.details ?? {}) })
  }
}
