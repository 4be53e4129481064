/**
 * Typed errors for malformed caller input and misuse. A leaf module: it imports nothing.
 *
 * Verification of untrusted bytes never throws one of these to the caller; it returns a
 * report with an ETSI EN 319 102-1 indication instead (see report.ts).
 */
export type SigningCode =
  | 'FORMAT_FAILURE'
  | 'INVALID_ARGUMENT'
  | 'KEY_INVALID'
  | 'CERTIFICATE_INVALID'
  | 'CRL_INVALID'
  | 'CRL_FETCH_FAILED'
  | 'TRUST_LIST_INVALID'
  | 'TRUST_LIST_EXPIRED'
  | 'UNSUPPORTED_ALGORITHM'

export class SigningError extends Error {
  constructor(
    readonly code: SigningCode,
    msg: string,
    o?: { cause?: unknown },
  ) {
    super(msg, o)
    this.name = new.target.name
  }
}
