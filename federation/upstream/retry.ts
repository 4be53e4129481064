export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Absolute time (ms since epoch) after which no new attempt starts. */
  deadline: number
  isRetryable(err: unknown): boolean
}

/**
 * Runs `attempt` and retries retryable failures with exponential backoff and full jitter,
 * never starting an attempt that could not finish before the deadline.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const base = o.baseDelayMs ?? 50
  const max = o.maxDelayMs ?? 1_000
  for (let n = 0; ; n++) {
    try {
      return await attempt(n)
    } catch (err) {
      if (n >= o.retries || !o.isRetryable(err)) throw err
      const delay = Math.random() * Math.min(max, base * 2 ** n)
      if (Date.now() + delay >= o.deadline) throw err
      await new Promise((r) => setTimeout(r, delay))
    }
  }
}
