import DataLoader from 'dataloader'
import type { RemoteCase } from '../acceptance/remote-case.js'
import type { CaseListFilter, CaseStore } from './case-store.js'
import { createFanout } from './fanout.js'
import { StoreError } from './errors.js'
import { createRedisAudit, CHECKPOINT_SCRIPT } from './redis-audit.js'
import { createGroupCommit } from './redis-commit.js'
import { COMMIT_SCRIPT } from './redis-commit-script.js'
import { redisKeys, type RedisKeys } from './redis-keys.js'
import { linkOf, openConnection, toStoreError, type RedisConnection, type RedisLink } from './redis-link.js'
import { LIST_SCRIPT } from './redis-list-script.js'
import { createRedisOutbox, OUTBOX_SCRIPTS } from './redis-outbox.js'
import { createScriptRunner, type ScriptRunner } from './redis-scripts.js'
import { validateCommit } from './validate-commit.js'

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  url: string
  /** Prefix of every key and channel; default `tongban:`. Stores with different prefixes share a server without meeting. */
  keyPrefix?: string
  /** Consumer group of the outbox streams; default `tongban-delivery`. */
  consumerGroup?: string
  /** Default 5000. */
  commandTimeoutMs?: number
  /** How long start-up may try to reach Redis; default 10000. */
  connectTimeoutMs?: number
  /** Most commits per script call; default 256. */
  maxBatch?: number
  /** Connection errors (reconnects follow by themselves); the URL is never part of what is passed. */
  onError?: (err: Error) => void
}

/** Ids of one listCases step; small enough that a script call stays well under a millisecond (and unpack() within Lua's stack). */
const LIST_CHUNK = 200

function checkOptions(o: RedisStoreOptions): Required<Omit<RedisStoreOptions, 'onError'>> {
  const bad = (why: string): never => { throw new StoreError('INVALID_OPTIONS', `createRedisStore: ${why}`) }
  if (typeof o.url !== 'string' || !/^rediss?:\/\//.test(o.url)) bad('url must start with redis:// or rediss://')
  const keyPrefix = o.keyPrefix ?? 'tongban:'
  if (keyPrefix === '') bad('keyPrefix must not be empty')
  const positive = (v: number | undefined, d: number, name: string): number => {
    const n = v ?? d
    if (!Number.isInteger(n) || n <= 0) bad(`${name} must be a positive integer`)
    return n
  }
  return {
    url: o.url, keyPrefix, consumerGroup: o.consumerGroup ?? 'tongban-delivery',
    commandTimeoutMs: positive(o.commandTimeoutMs, 5_000, 'commandTimeoutMs'),
    connectTimeoutMs: positive(o.connectTimeoutMs, 10_000, 'connectTimeoutMs'),
    maxBatch: Math.min(positive(o.maxBatch, 256, 'maxBatch'), 1000),
  }
}

/** The index to walk for a filter: the most selective one it names. */
function listIndex(keys: RedisKeys, f: CaseListFilter): string {
  // The open list holds only what is open in one region; walking it checks nothing more for that.
  if (f.openIn !== undefined) return keys.listOpen(f.openIn)
  if (f.acceptingWindow !== undefined) return keys.listWindow(f.acceptingWindow)
  if (f.competentRegion !== undefined) return keys.listCompetent(f.competentRegion)
  if (f.acceptingRegion !== undefined) return keys.listAccepting(f.acceptingRegion)
  return keys.listAll
}

async function listCases(scripts: ScriptRunner, keys: RedisKeys, f: CaseListFilter): Promise<RemoteCase[]> {
  const out: RemoteCase[] = []
  let cursor = f.before === undefined ? '+' : `(${f.before}`
  const index = listIndex(keys, f)
  while (out.length < f.limit && cursor !== '') {
    const [next, ...docs] = await scripts.run(LIST_SCRIPT, [index, keys.caseMeta], [
      keys.prefix, cursor, String(LIST_CHUNK), String(f.limit - out.length),
      f.acceptingRegion ?? '', f.acceptingWindow ?? '', f.competentRegion ?? '',
    ]) as string[]
    for (const d of docs) out.push(parseCase(d))
    cursor = next ?? ''
  }
  return out
}

/** Most case documents one MGET fetches. */
const MAX_READ_BATCH = 256

function parseCase(json: string): RemoteCase {
  try {
    return JSON.parse(json) as RemoteCase
  } catch (err) {
    throw new StoreError('STORE_CORRUPT', 'stored case is not JSON', { cause: err })
  }
}

async function closeConnection(c: RedisConnection): Promise<void> {
  // close() waits for replies to commands in flight; a connection that is down may never
  // answer, so give it a moment and then drop it.
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, 1_000) })
  await Promise.race([c.close().catch(() => undefined), late])
  clearTimeout(timer)
  if (c.isOpen) c.destroy()
}

/**
 * The durable store: state in Redis, shared by every gateway replica using the same URL and
 * prefix. Two connections: one for commands (node-redis pipelines concurrent commands on it)
 * and one subscribed to case events and outbox announcements, which a subscribed connection
 * cannot mix with commands.
 * Scripts are loaded at start, so a Redis that cannot run them fails start-up.
 * @throws StoreError `STORE_UNAVAILABLE` when Redis cannot be reached within connectTimeoutMs;
 * `INVALID_OPTIONS` for bad options.
 * @example
 * const store = await createRedisStore({ url: process.env.REDIS_URL! })
 * const r = await store.commit({ cases: [{ value: c, expectedVersion: null }], enqueue: [], audit: [] })
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<CaseStore> {
  const o = checkOptions(options)
  const keys = redisKeys(o.keyPrefix)
  const connect = () => openConnection({ url: o.url, commandTimeoutMs: o.commandTimeoutMs, connectTimeoutMs: o.connectTimeoutMs, onError: options.onError })
  const main = await connect()
  let sub: RedisConnection | undefined
  const link: RedisLink = linkOf(main, o.commandTimeoutMs)
  const scripts = createScriptRunner(link)
  const fanout = createFanout()
  const ready = createFanout()
  try {
    await scripts.load([COMMIT_SCRIPT, LIST_SCRIPT, CHECKPOINT_SCRIPT, ...OUTBOX_SCRIPTS])
    sub = await connect()
    // Subscribed before the store is handed out, so no event published after that is missed.
    // One message per applied batch: the ids of the cases it wrote, one per line (COMMIT_SCRIPT).
    await sub.subscribe(keys.events, (message) => { for (const caseId of message.split('\n')) fanout.emit(caseId) })
    // One message per applied batch that queued messages due now: their regions, one per line.
    await sub.subscribe(keys.outboxReady, (message) => { for (const region of message.split('\n')) ready.emit(region) })
  } catch (err) {
    await closeConnection(main)
    if (sub) await closeConnection(sub)
    throw toStoreError(err, 'createRedisStore')
  }

  let closed = false
  const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreError('STORE_CLOSED', `${what}: store is closed`)
    try {
      return await fn()
    } catch (err) {
      throw toStoreError(err, what)
    }
  }
  // Two batches in flight: enough to overlap preparing one with Redis running the other.
  const group = createGroupCommit({ link, scripts, keys, maxBatch: o.maxBatch, inFlight: 2, maxAttempts: 100 })
  const subscriber = sub
  // Cases read in the same turn go as one MGET: a delivery round reads every case it claimed at once.
  const caseReads = new DataLoader<string, RemoteCase | undefined>(
    async (ids) => {
      const docs = (await link.send(['MGET', ...ids.map((id) => keys.case(id))])) as (string | null)[]
      return docs.map((d) => {
        if (d === null) return undefined
        try {
          return parseCase(String(d))
        } catch (err) {
          return err as StoreError // this read fails; the others in the batch stand
        }
      })
    },
    { cache: false, maxBatchSize: MAX_READ_BATCH },
  )

  return {
    durable: true,
    kind: 'redis',
    commit: (c) => guard('commit', async () => {
      validateCommit(c)
      return group.submit(c)
    }),
    getCase: (id) => guard('getCase', () => caseReads.load(id)),
    idempotency: (key) => guard('idempotency', async () => {
      const v = await link.send(['HGET', keys.idempotency, key]) as string | null
      if (v === null) return undefined
      const nl = v.indexOf('\n')
      if (nl < 0) throw new StoreError('STORE_CORRUPT', 'idempotency record is malformed')
      return { caseId: v.slice(0, nl), requestHash: v.slice(nl + 1) }
    }),
    listCases: (f) => guard('listCases', () => listCases(scripts, keys, f)),
    outbox: { ...createRedisOutbox({ link, scripts, keys, group: o.consumerGroup, guard }), onReady: (listener) => ready.subscribe(listener) },
    audit: createRedisAudit({ link, scripts, keys, guard }),
    events: {
      subscribe: (listener) => fanout.subscribe(listener),
    },
    async ping() {
      if (closed) return false
      try {
        return (await link.send(['PING'])) === 'PONG'
      } catch {
        return false
      }
    },
    async close() {
      if (closed) return
      closed = true
      await group.drain()
      await Promise.all([closeConnection(main), closeConnection(subscriber)])
    },
  }
}
