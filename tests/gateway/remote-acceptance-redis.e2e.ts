import { afterAll, describe } from 'vitest'
import { createRedisStore } from '../../gateway/stores/redis-store.js'
import { redisServerMissing, startRedisServer, type RedisServer } from '../fixtures/redis-server.js'
import { defineRemoteAcceptanceSuite } from './remote-acceptance.suite.js'

// The same remote-acceptance suite against Redis (a real redis-server on a free port).
let redis: RedisServer | undefined
afterAll(() => redis?.dispose())
if (redisServerMissing) {
  console.warn(`skipping remote acceptance on Redis: ${redisServerMissing}`)
  describe.skip('remote acceptance on Redis', () => undefined)
} else {
  describe('remote acceptance on Redis', () => {
    defineRemoteAcceptanceSuite(async (name) => {
      redis ??= await startRedisServer()
      return createRedisStore({ url: redis.url, keyPrefix: `tongban:${name}:` })
    })
  })
}
