import { createClient } from 'redis'
import { startRedisServer } from '../tests/fixtures/redis-server.ts'
import { sampleCase } from '../tests/stores/sample-case.ts'
const server = await startRedisServer()
const raw = createClient({ url: server.url, RESP: 2 }); await raw.connect()
const doc = Buffer.from(JSON.stringify(sampleCase()))
const args: (string|Buffer)[] = []
for (let i = 0; i < 64; i++) args.push('k'+i, 'h'.repeat(64), 'TB-X'+i, '1', 'TB-X'+i, '', '1', '511400', 'MS-1', '510100', doc, '1', '510100', '', 'n', '{"caseId":"x","step":1}', '1', String(i), 'f'.repeat(64), '{"type":"case.received","data":{"a":1}}'.repeat(5))
const noop = String(await raw.sendCommand(['SCRIPT', 'LOAD', '#!lua\nreturn 1']))
const noopNoFlags = String(await raw.sendCommand(['SCRIPT', 'LOAD', 'return 1']))
const touch = String(await raw.sendCommand(['SCRIPT', 'LOAD', '#!lua\nlocal s = 0\nfor i = 1, #ARGV do s = s + #ARGV[i] end\nreturn s']))
const hsets = String(await raw.sendCommand(['SCRIPT', 'LOAD', '#!lua\nfor i = 0, 63 do redis.call("HSET", "c:" .. i .. ARGV[1], "d", ARGV[11 + i * 20]) end\nreturn 1']))
const hsetsNoFlags = String(await raw.sendCommand(['SCRIPT', 'LOAD', 'for i = 0, 63 do redis.call("HSET", "c:" .. i .. ARGV[1], "d", ARGV[11 + i * 20]) end\nreturn 1']))
for (const [name, sha] of [['noop', noop], ['noop-noflags', noopNoFlags], ['touch', touch], ['64 hset', hsets], ['64 hset noflags', hsetsNoFlags]] as const) {
  await raw.sendCommand(['CONFIG', 'RESETSTAT'])
  const t0 = performance.now()
  for (let i = 0; i < 200; i++) await raw.sendCommand(['EVALSHA', sha, '0', ...args])
  const rt = (performance.now() - t0) / 200
  const info = String(await raw.sendCommand(['INFO', 'commandstats'])).split('\n').find(l => l.startsWith('cmdstat_evalsha'))
  console.log(name, 'client rt ms', rt.toFixed(2), info?.match(/usec_per_call=([\d.]+)/)?.[1])
}
await raw.close(); await server.dispose()
