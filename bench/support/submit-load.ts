import { Pool } from 'undici'
import { percentile } from './child.js'

/**
 * A closed-loop load of submitRemoteApplication: `concurrency` windows each submitting one
 * application after another (unique idempotency keys) for `durationS` seconds.
 */
export async function submitLoad(o: { url: string; token: string; concurrency: number; durationS: number; body: (key: string) => string }) {
  const url = new URL(o.url)
  const pool = new Pool(url.origin, { connections: o.concurrency, pipelining: 1 })
  const times: number[] = []
  let errors = 0
  let firstError: string | undefined
  const end = Date.now() + o.durationS * 1000
  await Promise.all(
    Array.from({ length: o.concurrency }, async (_, w) => {
      for (let n = 0; Date.now() < end; n++) {
        const started = process.hrtime.bigint()
        const res = await pool.request({
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
          body: o.body(`bench-${process.pid}-${w}-${n}`),
        })
        const text = await res.body.text()
        const ok = res.statusCode === 200 && !text.includes('"errors"')
        if (ok) times.push(Number(process.hrtime.bigint() - started) / 1e6)
        else {
          errors++
          firstError ??= text.slice(0, 300)
        }
      }
    }),
  )
  await pool.close()
  times.sort((a, b) => a - b)
  return { ok: times.length, perSecond: times.length / o.durationS, p50: percentile(times, 50), p99: percentile(times, 99), errors, firstError }
}
