import { createClient } from 'redis'
import { createRedisStore } from '../gateway/stores/redis-store.ts'
import { startRedisServer } from '../tests/fixtures/redis-server.ts'
import { acceptCommit, newCaseId, sampleCase } from '../tests/stores/sample-case.ts'
const server = await startRedisServer()
const raw = createClient({ url: server.url, RESP: 2 }); await raw.connect()
const store = await createRedisStore({ url: server.url })
const t = sampleCase()
const next = () => { const id = newCaseId(); return { ...t, id, idempotencyKey: 'k' + id } }
for (let i = 0; i < 500; i++) await store.commit(acceptCommit(next()))
await raw.sendCommand(['CONFIG', 'RESETSTAT'])
const end = performance.now() + 3000; let n = 0
const t0 = performance.now()
await Promise.all(Array.from({ length: 64 }, async () => { while (performance.now() < end) { await store.commit(acceptCommit(next())); n++ } }))
const secs = (performance.now() - t0) / 1000
console.log('rate', (n / secs).toFixed(0), JSON.stringify((globalThis as any).__st))
const info = String(await raw.sendCommand(['INFO', 'commandstats']))
console.log(info.split('\n').filter(l => /cmdstat/.test(l)).join('\n'))
const cpu = String(await raw.sendCommand(['INFO', 'cpu']))
console.log(cpu)
await store.close(); await raw.close(); await server.dispose()
