import type { CaseStore } from './case-store.js'
import { createMemoryStore } from './memory-store.js'
import { createRedisStore, type RedisStoreOptions } from './redis-store.js'

export interface CreateStoreOptions {
  /** REDIS_URL: the durable, shared store. Without it, the in-memory store (not durable). */
  redisUrl?: string
  /** Further Redis options (prefix, consumer group, timeouts). */
  redis?: Omit<RedisStoreOptions, 'url'>
}

/**
 * Redis when a URL is given, else memory. Callers should say at start-up when the store is
 * not durable (`store.durable === false`).
 * @throws StoreError `STORE_UNAVAILABLE` when Redis cannot be reached.
 * @example
 * const store = await createStore({ redisUrl: process.env.REDIS_URL })
 */
export async function createStore(o: CreateStoreOptions = {}): Promise<CaseStore> {
  return o.redisUrl ? createRedisStore({ ...o.redis, url: o.redisUrl }) : createMemoryStore()
}
