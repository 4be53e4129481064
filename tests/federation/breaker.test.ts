import { describe, expect, it } from 'vitest'
import { CircuitBreaker } from '../../federation/upstream/breaker.js'
import { withRetry } from '../../federation/upstream/retry.js'

describe('circuit breaker', () => {
  it('opens after the threshold, fails fast, then lets one probe through', () => {
    let now = 0
    const changes: string[] = []
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: () => now, onStateChange: (s) => changes.push(s) })
    for (let i = 0; i < 3; i++) {
      expect(b.tryAcquire()).toBe(true)
      b.failure()
    }
    expect(b.state).toBe('open')
    expect(b.tryAcquire()).toBe(false)
    now = 1000
    expect(b.state).toBe('half-open')
    expect(b.tryAcquire()).toBe(true)
    expect(b.tryAcquire()).toBe(false) // only one probe at a time
    b.failure()
    expect(b.state).toBe('open') // a failed probe re-opens at once
    now = 2000
    expect(b.tryAcquire()).toBe(true)
    b.success()
    expect(b.state).toBe('closed')
    expect(changes).toEqual(['open', 'half-open', 'open', 'half-open', 'closed'])
  })

  it('a success resets the failure count', () => {
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000 })
    b.failure()
    b.success()
    b.failure()
    expect(b.state).toBe('closed')
  })
})

describe('retry', () => {
  it('retries retryable failures up to the limit', async () => {
    let calls = 0
    await expect(
      withRetry(async () => {
        calls++
        throw new Error('boom')
      }, { retries: 2, baseDelayMs: 1, deadline: Date.now() + 1000, isRetryable: () => true }),
    ).rejects.toThrow('boom')
    expect(calls).toBe(3)
  })

  it('does not retry what is not retryable, and stops at the deadline', async () => {
    let calls = 0
    await expect(withRetry(async () => { calls++; throw new Error('no') }, { retries: 5, deadline: Date.now() + 1000, isRetryable: () => false })).rejects.toThrow()
    expect(calls).toBe(1)
    calls = 0
    await expect(withRetry(async () => { calls++; throw new Error('late') }, { retries: 5, baseDelayMs: 1000, maxDelayMs: 1000, deadline: Date.now(), isRetryable: () => true })).rejects.toThrow()
    expect(calls).toBe(1)
  })
})
