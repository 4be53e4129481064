/**
 * Label values that come from outside — operation names are chosen by clients, error codes
 * partly by cities — made safe for Prometheus, where every distinct value is a time series
 * kept in memory for good. A value is kept when it looks like a name and is one of the first
 * `max` distinct values seen; anything else is reported as `overflow`.
 */
export class BoundedLabel {
  readonly #seen = new Set<string>()

  constructor(
    readonly max: number,
    readonly pattern: RegExp,
    readonly overflow = 'other',
  ) {}

  value(raw: string): string {
    if (this.#seen.has(raw)) return raw
    if (this.#seen.size >= this.max || !this.pattern.test(raw)) return this.overflow
    this.#seen.add(raw)
    return raw
  }
}

/** A GraphQL name, at most 64 characters. */
export const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/
/** An error code in the SCREAMING_SNAKE_CASE of extensions.code. */
export const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,47}$/
