import { setTimeout as sleep } from 'node:timers/promises'
import { Agent, request } from 'undici'
import type { StatusPushOptions, StatusPushStats, StatusReport } from './intake-types.js'

/** The operation the gateway publishes for cities that push (issue 4, "Following a case"). */
export const REPORT_CASE_STATUS = 'mutation R($input: CaseStatusReportInput!) { reportCaseStatus(input: $input) { id } }'

type Target = Required<StatusPushOptions>

export interface StatusPusher {
  /** See RemoteIntake.setStatusPush. */
  configure(options: StatusPushOptions | null): void
  /** Queues a report behind the earlier ones of the same case; a no-op while no target is set. */
  enqueue(report: StatusReport): void
  readonly stats: StatusPushStats
  settled(): Promise<void>
  close(): Promise<void>
}

function checkTarget(o: StatusPushOptions): Target {
  let url: URL
  try {
    url = new URL(o.url)
  } catch (cause) {
    throw new TypeError(`status push url is not a URL: ${o.url}`, { cause })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`status push url must be http(s), got ${o.url}`)
  if (typeof o.token !== 'string' || o.token === '') throw new TypeError('status push token must be a non-empty string')
  const t: Target = { maxAttempts: 8, initialBackoffMs: 250, maxBackoffMs: 8000, attemptTimeoutMs: 5000, ...o }
  for (const key of ['maxAttempts', 'initialBackoffMs', 'maxBackoffMs', 'attemptTimeoutMs'] as const) {
    if (!(Number.isInteger(t[key]) && t[key] >= 1)) throw new RangeError(`${key} must be an integer ≥ 1, got ${t[key]}`)
  }
  return t
}

/** One attempt. @throws Error when the gateway is unreachable, slow, or does not accept the report. */
async function send(agent: Agent, t: Target, report: StatusReport, signal: AbortSignal): Promise<void> {
  const res = await request(t.url, {
    method: 'POST',
    dispatcher: agent,
    signal,
    headersTimeout: t.attemptTimeoutMs,
    bodyTimeout: t.attemptTimeoutMs,
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${t.token}` },
    body: JSON.stringify({ query: REPORT_CASE_STATUS, variables: { input: report } }),
  })
  // Read the body whatever the status, so the connection goes back to the pool.
  const text = await res.body.text()
  if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`HTTP ${res.statusCode}`)
  const body = JSON.parse(text) as { data?: { reportCaseStatus?: unknown }; errors?: unknown[] }
  if (body.errors?.length || !body.data?.reportCaseStatus) throw new Error(`reportCaseStatus refused: ${text.slice(0, 200)}`)
}

/**
 * Delivers status reports in order per case and concurrently across cases, retrying with
 * exponential backoff and jitter: after a gateway outage every case of the city retries at once,
 * and the jitter spreads them out. Nothing here is awaited by the intake mutation.
 */
export function createStatusPusher(): StatusPusher {
  let target: Target | null = null
  // Aborted whenever the target changes, so an attempt hanging on the old gateway (or a backoff
  // wait) gives way to the new one at once.
  let turn = new AbortController()
  // Bumped when queued reports are discarded (setStatusPush(null), close()).
  let generation = 0
  let closed = false
  // keep-alive to one gateway; close() destroys it so a closed city leaves no socket behind.
  const agent = new Agent({ connections: 16, keepAliveTimeout: 2000 })
  const queues = new Map<string, StatusReport[]>()
  const running = new Set<Promise<void>>()
  const stats: StatusPushStats = { delivered: 0, failedAttempts: 0, dropped: 0 }

  const deliver = async (report: StatusReport, gen: number): Promise<boolean> => {
    for (let attempt = 1; ; ) {
      const t = target
      if (!t || gen !== generation) return false
      const { signal } = turn
      try {
        await send(agent, t, report, signal)
        return true
      } catch {
        if (gen !== generation) return false
        // Cut short by a new target: not the gateway's failure, so no attempt is used up.
        if (signal.aborted) continue
        stats.failedAttempts++
        if (attempt >= t.maxAttempts) return false
        attempt++
      }
      const backoff = Math.min(t.maxBackoffMs, t.initialBackoffMs * 2 ** (attempt - 2))
      await sleep(backoff * (0.5 + Math.random() / 2), undefined, { signal, ref: false }).catch(() => undefined)
    }
  }

  // Each case has one drain loop while it has reports; the loop owns its queue, so a discard can
  // hand later reports to a fresh queue while the old loop winds down without sending.
  const drain = async (caseId: string, queue: StatusReport[], gen: number): Promise<void> => {
    try {
      while (queue.length > 0) {
        const ok = await deliver(queue[0]!, gen)
        queue.shift()
        if (ok) stats.delivered++
        else stats.dropped++
      }
    } finally {
      if (queues.get(caseId) === queue) queues.delete(caseId)
    }
  }

  const retarget = (next: Target | null): void => {
    target = next
    turn.abort()
    turn = new AbortController()
    if (next) return
    generation++
    queues.clear()
  }

  const settled = async (): Promise<void> => {
    while (running.size > 0) await Promise.allSettled([...running])
  }

  return {
    stats,
    settled,
    configure(options) {
      if (closed) throw new Error('status push is closed')
      retarget(options && checkTarget(options))
    },
    enqueue(report) {
      if (!target) return
      const queue = queues.get(report.caseId)
      if (queue) return void queue.push(report)
      const fresh = [report]
      queues.set(report.caseId, fresh)
      const run = drain(report.caseId, fresh, generation).finally(() => running.delete(run))
      running.add(run)
    },
    async close() {
      closed = true
      retarget(null)
      await settled()
      await agent.destroy()
    },
  }
}
