import { randomBytes } from 'node:crypto'
import { Pool } from 'undici'
import { percentile } from './child.js'

/**
 * A new application accepted: every key is new (a run id in each), so an answer that says
 * `replayed` is as wrong as an error.
 */
const accepted = (status: number, text: string): boolean => status === 200 && !text.includes('"errors"') && !text.includes('"replayed":true')

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
  const run = randomBytes(4).toString('hex')
  await Promise.all(
    Array.from({ length: o.concurrency }, async (_, w) => {
      for (let n = 0; Date.now() < end; n++) {
        const started = process.hrtime.bigint()
        const res = await pool.request({
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
          body: o.body(`bench-${run}-${w}-${n}`),
        })
        const text = await res.body.text()
        const ok = accepted(res.statusCode, text)
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

/**
 * An open-loop load: submissions start at a fixed rate whatever the latency, as windows in
 * many cities would send them, so queueing shows up in the latency instead of hiding in a
 * lower rate. Each latency counts from when the submission was due, not from when this
 * process got round to sending it (as wrk2 does): a stall here, or a burst sent late, costs
 * the figures, instead of hiding the wait the application would have had.
 */
export async function submitAtRate(o: { url: string; token: string; perSecond: number; durationS: number; body: (key: string) => string }) {
  const url = new URL(o.url)
  const pool = new Pool(url.origin, { connections: 256, pipelining: 1 })
  const times: number[] = []
  let errors = 0
  let firstError: string | undefined
  const total = Math.round(o.perSecond * o.durationS)
  const run = randomBytes(4).toString('hex')
  const started = performance.now()
  const inflight: Promise<void>[] = []
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / o.perSecond
    const wait = due - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    inflight.push(
      (async () => {
        const t0 = due
        try {
          const res = await pool.request({ path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` }, body: o.body(`rate-${run}-${n}`) })
          const text = await res.body.text()
          if (accepted(res.statusCode, text)) times.push(performance.now() - t0)
          else {
            errors++
            firstError ??= text.slice(0, 300)
          }
        } catch (err) {
          errors++
          firstError ??= String(err)
        }
      })(),
    )
  }
  await Promise.all(inflight)
  const elapsed = (performance.now() - started) / 1000
  await pool.close()
  times.sort((a, b) => a - b)
  return { ok: times.length, perSecond: times.length / elapsed, p50: percentile(times, 50), p99: percentile(times, 99), errors, firstError }
}
