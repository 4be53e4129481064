import { createClient, type RedisClientType } from 'redis'
import { REDIS_CONNECTION_DEFAULTS } from '../stores/redis-link.js'

/**
 * The Redis connection rate-limit counters use: its own, so a slow count never queues behind a
 * commit. With the settings of every gateway connection (REDIS_CONNECTION_DEFAULTS): while Redis
 * is away or stalled a count fails at once or after useRateLimits's own timeout, and the
 * in-memory insurance limiter answers, so no request waits for Redis to come back.
 */
export async function connectRateLimitRedis(url: string, onError: (message: string) => void): Promise<RedisClientType> {
  const client = createClient({
    url,
    ...REDIS_CONNECTION_DEFAULTS,
    socket: { connectTimeout: 5_000, reconnectStrategy: (n) => Math.min(50 * 2 ** n, 1_000) },
  }) as RedisClientType
  client.on('error', (err: Error) => onError(err.message))
  await client.connect()
  return client
}
