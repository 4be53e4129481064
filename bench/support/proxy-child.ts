import { createServer } from 'node:http'
import { Pool } from 'undici'

/**
 * The floor of any gateway: a pass-through proxy that forwards the POST body to the city
 * unchanged and sends its answer back, with the same undici pool kind as the gateway and no
 * GraphQL work at all. What it adds to a direct call is what the extra hop costs on this machine.
 * argv[2]: the city's endpoint.
 */
const target = new URL(process.argv[2]!)
const pool = new Pool(target.origin, { connections: 16 })
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    pool
      .request({ path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) })
      .then(async (r) => {
        const body = Buffer.from(await r.body.arrayBuffer())
        res.writeHead(r.statusCode, { 'content-type': 'application/json', 'content-length': body.length })
        res.end(body)
      })
      .catch(() => res.writeHead(502).end())
  })
})
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number }
  console.log(`READY http://127.0.0.1:${port}${target.pathname}`)
})
process.stdin.setEncoding('utf8').on('data', (d: string) => {
  if (d.includes('cpu')) {
    const u = process.cpuUsage()
    console.log(String((u.user + u.system) / 1000))
  }
})
process.on('SIGTERM', () => void pool.close().then(() => process.exit(0)))
