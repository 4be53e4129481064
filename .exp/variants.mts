import { createClient } from 'redis'
import { startRedisServer } from '../tests/fixtures/redis-server.ts'
import { acceptCommit, newCaseId, sampleCase } from '../tests/stores/sample-case.ts'
import { COMMIT_SCRIPT } from '../gateway/stores/redis-commit-script.ts'
import { defineScript, createScriptRunner } from '../gateway/stores/redis-scripts.ts'
import { createGroupCommit } from '../gateway/stores/redis-commit.ts'
import { redisKeys } from '../gateway/stores/redis-keys.ts'
import { linkOf, openConnection } from '../gateway/stores/redis-link.ts'
const server = await startRedisServer()
const raw = createClient({ url: server.url, RESP: 2 }); await raw.connect()
const t = sampleCase()
const next = () => { const id = newCaseId(); return { ...t, id, idempotencyKey: 'k' + id } }
const src = COMMIT_SCRIPT.source
const variants: Record<string, string> = {
  full: src,
  noAuditXadd: src.replace("redis.call('XADD', KEYS[2]", "local _ = ('XADD', KEYS[2]").replace("local _ = ('XADD', KEYS[2], ARGV[p + 1] .. '-0', 'h', ARGV[p + 2], 'e', ARGV[p + 3])", ""),
  noCaseHset: src.replace("redis.call('HSET', key, 'v'", "local _ = ({'HSET', key, 'v'").replace("'cr', cr)\n    reindex", "'cr', cr})\n    reindex"),
  noLists: src.replace("for key, members in pairs(lists) do redis.call('ZADD', key, unpack(members)) end", ""),
  noOutbox: src.replace("redis.call('XADD', P .. '${K.outbox}'", "local _ = ({'XADD', P .. '${K.outbox}'").replace("'*', 'm', ARGV[p + 3])", "'*', 'm', ARGV[p + 3]})"),
  noPass1Hget: src.replace("local stored = redis.call('HGET', P .. 'case:' .. ARGV[p], 'v')", "local stored = false"),
}
const conn = await openConnection({ url: server.url, commandTimeoutMs: 5000, connectTimeoutMs: 5000 })
const link = linkOf(conn, 5000)
const runner = createScriptRunner(link)
for (const [name, source] of Object.entries(variants)) {
  if (name !== 'full' && source === src) { console.log(name, 'replace failed'); continue }
  const v = defineScript(name, source)
  await runner.load([v])
  const scripts = { load: runner.load, run: (_s: any, k: any, a: any) => runner.run(v, k, a) }
  const gc = createGroupCommit({ link, scripts, keys: redisKeys(`v-${name}:`), maxBatch: 64, maxAttempts: 10 })
  for (let i = 0; i < 300; i++) await gc.submit(acceptCommit(next()))
  await raw.sendCommand(['CONFIG', 'RESETSTAT'])
  const t0 = performance.now(); let n = 0
  for (let r = 0; r < 40; r++) { await Promise.all(Array.from({ length: 64 }, () => gc.submit(acceptCommit(next())))); n += 64 }
  const info = String(await raw.sendCommand(['INFO', 'commandstats'])).split('\n').find(l => l.startsWith('cmdstat_evalsha'))
  console.log(name.padEnd(12), 'rate', (n / ((performance.now() - t0) / 1000)).toFixed(0), 'script µs/batch', info?.match(/calls=(\d+),usec=\d+,usec_per_call=([\d.]+)/)?.slice(1).join(' '))
}
await conn.close(); await raw.close(); await server.dispose()
