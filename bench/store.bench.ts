/**
 * Case-store commits per second and commit latency on Redis, beside the raw cost of the same
 * writes in the same run. Run: node --import tsx bench/store.bench.ts
 * (BENCH_MS: measuring time per side per round, default 2000; BENCH_ROUNDS, default 3;
 * BENCH_CONCURRENCY, default 64; BENCH_PACED, default 1000).
 *
 * One commit = one ~2.4 KB case document + its idempotency key + one outbox message + one
 * audit entry, as an accepted application writes. Both sides run against one fresh
 * redis-server (AOF on, appendfsync everysec) with BENCH_CONCURRENCY commits in flight:
 * - baseline: per commit, the same Redis writes in one MULTI/EXEC (HSET idempotency key, SET
 *   case document, HSET case metadata, four ZADD list entries, XADD outbox, RPUSH audit entry,
 *   SET chain head), no reads, no checks and no script; the client pipelines concurrent
 *   transactions on one connection. The audit hash is not computed: this is the floor for
 *   the writes themselves.
 * - store: createRedisStore().commit — validation, idempotency and version checks in the
 *   script, SHA-256 chaining in the process, group commit with compare-and-set on the head.
 * Each side also runs open-loop at BENCH_PACED commits/s (the product's target rate), where
 * the latency is what a submission waits at that load rather than in a saturated queue.
 * Rounds alternate the sides so that load from other processes hits both alike; the table
 * gives the median rate and the latency percentiles over all rounds.
 */
import { createClient } from 'redis'
import type { RemoteCase } from '../gateway/acceptance/remote-case.js'
import { createRedisStore } from '../gateway/stores/redis-store.js'
import { startRedisServer } from '../tests/fixtures/redis-server.js'
import { acceptCommit, newCaseId, sampleCase } from '../tests/stores/sample-case.js'

const MS = Number(process.env.BENCH_MS ?? 2000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64)
/** The product's target load, offered open-loop, for latency at that load. */
const PACED = Number(process.env.BENCH_PACED ?? 1000)

const template = sampleCase()
/** A new case per commit, cheaply: the template under a fresh id (ids must be unique). */
const nextCase = (): RemoteCase => {
  const id = newCaseId()
  return { ...template, id, idempotencyKey: `key-${id}` }
}

interface Side { rate: number; latencies: number[] }

async function drive(commitOne: () => Promise<void>): Promise<Side> {
  const latencies: number[] = []
  const end = performance.now() + MS
  const t0 = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) {
      const s = performance.now()
      await commitOne()
      latencies.push(performance.now() - s)
    }
  }))
  return { rate: latencies.length / ((performance.now() - t0) / 1000), latencies }
}

/** Open loop: starts commits at a fixed rate whatever their latency, as clerks' submissions arrive. */
async function paced(commitOne: () => Promise<void>, perSecond: number): Promise<Side> {
  const latencies: number[] = [], pending: Promise<void>[] = []
  const t0 = performance.now(), total = Math.round((perSecond * MS) / 1000)
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / perSecond
    const wait = due - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    const s = performance.now()
    pending.push(commitOne().then(() => { latencies.push(performance.now() - s) }))
  }
  await Promise.all(pending)
  return { rate: latencies.length / ((performance.now() - t0) / 1000), latencies }
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}
const median = (xs: number[]): number => pct(xs, 50)

const server = await startRedisServer({ appendfsync: 'everysec' })
const raw = createClient({ url: server.url, RESP: 2 })
await raw.connect()
const store = await createRedisStore({ url: server.url, keyPrefix: 'bench-store:' })
try {
  let seq = 0
  const baseline = async (): Promise<void> => {
    const c = nextCase(), p = 'bench-raw:'
    const commit = acceptCommit(c)
    seq += 1
    const entry = { ...commit.audit[0]!, seq, prevHash: '0'.repeat(64), hash: 'f'.repeat(64) }
    await raw.multi()
      .addCommand(['HSET', `${p}idempotency`, c.idempotencyKey, `${c.id}\n${c.requestHash}`])
      // A Buffer, as the store sends it: node-redis would otherwise UTF-8 encode it on the write path.
      .addCommand(['SET', `${p}case:${c.id}`, Buffer.from(JSON.stringify(c))])
      .addCommand(['HSET', `${p}cases:meta`, c.id, `1\n${c.accepting.region}\n${c.accepting.window}\n${c.competentRegion}`])
      .addCommand(['ZADD', `${p}cases:all`, '0', c.id])
      .addCommand(['ZADD', `${p}cases:accepting:${c.accepting.region}`, '0', c.id])
      .addCommand(['ZADD', `${p}cases:window:${c.accepting.window}`, '0', c.id])
      .addCommand(['ZADD', `${p}cases:competent:${c.competentRegion}`, '0', c.id])
      .addCommand(['XADD', `${p}outbox:${c.competentRegion}`, '*', 'm', JSON.stringify(commit.enqueue[0]!.message)])
      .addCommand(['RPUSH', `${p}audit:log`, JSON.stringify(entry)])
      .addCommand(['SET', `${p}audit:head`, `${seq}:${entry.hash}`])
      .exec()
  }
  const subject = async (): Promise<void> => {
    const r = await store.commit(acceptCommit(nextCase()))
    if (r.outcome !== 'applied') throw new Error(`bench: commit ${r.outcome}`)
  }

  // Warm-up: JIT, connections, script cache.
  for (let i = 0; i < 200; i++) { await baseline(); await subject() }

  const runs = { baseline: [] as Side[], store: [] as Side[], baselinePaced: [] as Side[], storePaced: [] as Side[] }
  for (let r = 0; r < ROUNDS; r++) {
    runs.baseline.push(await drive(baseline))
    runs.store.push(await drive(subject))
    runs.baselinePaced.push(await paced(baseline, PACED))
    runs.storePaced.push(await paced(subject, PACED))
  }
  const row = (name: string, sides: Side[]) => {
    const all = sides.flatMap((s) => s.latencies)
    return { name, rate: median(sides.map((s) => s.rate)), p50: pct(all, 50), p99: pct(all, 99), n: all.length }
  }
  const rows = [
    row(`raw MULTI (baseline), ${CONCURRENCY} in flight`, runs.baseline), row(`store.commit, ${CONCURRENCY} in flight`, runs.store),
    row(`raw MULTI (baseline), ${PACED}/s offered`, runs.baselinePaced), row(`store.commit, ${PACED}/s offered`, runs.storePaced),
  ]
  const version = String(await raw.sendCommand(['INFO', 'server'])).match(/redis_version:(\S+)/)?.[1]
  console.log(`redis-server ${version}, AOF everysec, concurrency ${CONCURRENCY}, ${ROUNDS} rounds × ${MS} ms per side, case JSON ${JSON.stringify(template).length} B`)
  console.log('| side | commits/s (median) | p50 ms | p99 ms | commits |')
  console.log('|---|---:|---:|---:|---:|')
  for (const x of rows) console.log(`| ${x.name} | ${x.rate.toFixed(0)} | ${x.p50.toFixed(2)} | ${x.p99.toFixed(2)} | ${x.n} |`)
  const ratios = runs.store.map((s, i) => s.rate / runs.baseline[i]!.rate)
  console.log(`store / baseline: ${median(ratios).toFixed(2)}× the commits per second (per-round ratios ${ratios.map((x) => x.toFixed(2)).join(', ')})`)
  console.log(`target: store ≥ 4,000 commits/s → ${rows[1]!.rate >= 4000 ? 'met' : 'NOT met'}`)
} finally {
  await store.close()
  await raw.close()
  await server.dispose()
}
