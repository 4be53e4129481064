export interface BackoffPolicy {
  /** Attempts (real failures, not breaker pauses) before a message becomes a dead letter. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/**
 * 20 attempts, doubling from 1 s to a 10-minute cap: about two and a half hours of retrying,
 * so a city down for hours still gets its cases; after that an operator decides (dead letter).
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 20, baseDelayMs: 1_000, maxDelayMs: 600_000 }

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function nextDelay(policy: BackoffPolicy, attempts: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempts, 30))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
