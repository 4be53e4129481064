export type BreakerState = 'closed' | 'open' | 'half-open'

export interface BreakerOptions {
  /** Consecutive failed requests that open the breaker. */
  failureThreshold: number
  /** How long an open breaker fails fast before letting one probe through. */
  cooldownMs: number
  now?: () => number
  onStateChange?: (state: BreakerState) => void
}

/**
 * A per-city circuit breaker: after `failureThreshold` consecutive failures every call fails
 * fast for `cooldownMs`, then one probe decides between closing again and another cooldown.
 * Written here rather than taken from a library because it must be passive (no timers, no
 * rolling windows to tear down) and its state must be readable for /readiness and metrics.
 */
export class CircuitBreaker {
  #state: BreakerState = 'closed'
  #failures = 0
  #openedAt = 0
  #probeInFlight = false
  readonly #o: Required<Omit<BreakerOptions, 'onStateChange'>> & Pick<BreakerOptions, 'onStateChange'>

  constructor(options: BreakerOptions) {
    this.#o = { now: Date.now, ...options }
  }

  get state(): BreakerState {
    if (this.#state === 'open' && this.#o.now() - this.#openedAt >= this.#o.cooldownMs) return 'half-open'
    return this.#state
  }

  /** Whether a call may go ahead now. A true answer in half-open state reserves the probe. */
  tryAcquire(): boolean {
    const state = this.state
    if (state === 'closed') return true
    if (state === 'open' || this.#probeInFlight) return false
    this.#probeInFlight = true
    this.#set('half-open')
    return true
  }

  success(): void {
    this.#failures = 0
    this.#probeInFlight = false
    if (this.#state !== 'closed') this.#set('closed')
  }

  failure(): void {
    this.#failures++
    const probeFailed = this.#probeInFlight
    this.#probeInFlight = false
    if (probeFailed || this.#failures >= this.#o.failureThreshold) {
      this.#openedAt = this.#o.now()
      this.#set('open')
    }
  }

  #set(state: BreakerState): void {
    if (this.#state === state) return
    this.#state = state
    this.#o.onStateChange?.(state)
  }
}
