import { createClient } from 'redis'
import { startRedisServer } from '../tests/fixtures/redis-server.ts'
const srv = await startRedisServer()
const c = createClient({ url: srv.url, RESP: 2 })
c.on('error', (e) => console.log('client error event', e.message))
await c.connect()
const lua = `
local ok = redis.pcall('XGROUP','CREATE',KEYS[1],'g','0','MKSTREAM')
redis.call('XADD', KEYS[1], '*', 'm', 'hello')
local a = redis.call('XAUTOCLAIM', KEYS[1], 'g', 'c1', 0, '0-0', 'COUNT', 10)
local r = redis.call('XREADGROUP','GROUP','g','c1','COUNT',10,'STREAMS',KEYS[1],'>')
return {a, r}`
console.log(JSON.stringify(await c.sendCommand(['EVAL', lua, '1', 's1'])))
console.log(JSON.stringify(await c.sendCommand(['EVAL', lua, '1', 's1'])))
const sha = await c.sendCommand(['SCRIPT', 'LOAD', 'return 1'])
console.log(sha)
await c.sendCommand(['SCRIPT', 'FLUSH'])
try { await c.sendCommand(['EVALSHA', sha as string, '0']) } catch (e: any) { console.log('err', e.constructor.name, e.message) }
console.log(await c.sendCommand(['XADD', 'au', '1-0', 'h', 'x']))
try { console.log(await c.sendCommand(['XADD', 'au', '1-0', 'h', 'x'])) } catch (e: any) { console.log('err', e.message) }
await srv.stop()
try { await c.sendCommand(['PING']) } catch (e: any) { console.log('down err', e.constructor.name, e.message) }
await srv.start()
await new Promise(r => setTimeout(r, 300))
console.log(await c.sendCommand(['PING']), await c.sendCommand(['XLEN', 's1']))
await c.close()
await srv.stop()
const c2 = createClient({ url: srv.url, RESP: 2 })
c2.on('error', (e) => console.log('c2 error event', e.message))
const t = Date.now()
try { await c2.connect(); console.log('connected?') } catch (e: any) { console.log('connect failed', e.constructor.name, e.message, Date.now() - t) }
await srv.dispose()
process.exit(0)
