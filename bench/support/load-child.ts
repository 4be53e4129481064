import { createInterface } from 'node:readline'
import autocannon from 'autocannon'
import { Pool } from 'undici'

/**
 * The load generator, in its own process. Reads one JSON command per line:
 *   { "mode": "rps", "url", "body", "connections", "durationS" } → autocannon throughput
 *   { "mode": "latency", "url", "body", "requests" }              → one request at a time
 * and answers with one JSON line.
 */
interface Command {
  mode: 'rps' | 'latency'
  url: string
  body: string
  /** Extra request headers, e.g. authorization. */
  headers?: Record<string, string>
  connections?: number
  durationS?: number
  requests?: number
}

async function rps(c: Command) {
  const result = await autocannon({
    url: c.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...c.headers },
    body: c.body,
    connections: c.connections ?? 8,
    duration: c.durationS ?? 8,
  })
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx }
}

async function latency(c: Command) {
  const url = new URL(c.url)
  const pool = new Pool(url.origin, { connections: 1 })
  const times: number[] = []
  let failures = 0
  for (let i = 0; i < (c.requests ?? 1000); i++) {
    const started = process.hrtime.bigint()
    const res = await pool.request({ path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', ...c.headers }, body: c.body })
    const text = await res.body.text()
    if (res.statusCode !== 200 || text.includes('"errors"')) failures++
    times.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  await pool.close()
  return { times, failures }
}

console.log('READY load')
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as Command
  const result = command.mode === 'rps' ? await rps(command) : await latency(command)
  console.log(JSON.stringify(result))
}
