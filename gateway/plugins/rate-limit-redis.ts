import { createClient, type RedisClientType } from 'redis'

/**
 * The Redis connection rate-limit counters use: its own, so a slow count never queues behind a
 * commit. No offline queue: while Redis is away a count fails at once and the in-memory
 * insurance limiter answers, so no request waits for Redis to come back. No per-command timeout
 * either: node-redis makes one of an AbortSignal and two listeners per command (about 3% of the
 * gateway's CPU at a thousand submissions a second, CPU profile of bench/acceptance), while
 * useRateLimits bounds each count with one timer (`redisTimeoutMs`), and falls back the same way.
 */
export async function connectRateLimitRedis(url: string, onError: (message: string) => void): Promise<RedisClientType> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: 0 },
    // Without a per-command timeout, counts sent to a stalled Redis stay queued until the
    // connection ends; past this many, new ones fail at once (the insurance limiter answers).
    commandsQueueMaxLength: 10_000,
    socket: { connectTimeout: 5_000, reconnectStrategy: (n) => Math.min(50 * 2 ** n, 1_000) },
  }) as RedisClientType
  client.on('error', (err: Error) => onError(err.message))
  await client.connect()
  return client
}
