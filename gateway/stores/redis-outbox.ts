import { randomUUID } from 'node:crypto'
import DataLoader from 'dataloader'
import type { ClaimedMessage, DeadLetter, Outbox, OutboxMessage } from './case-store.js'
import { StoreError } from './errors.js'
import type { RedisKeys } from './redis-keys.js'
import type { RedisLink } from './redis-link.js'
import { ACK_SCRIPT, CLAIM_SCRIPT, DEPTH_SCRIPT, REQUEUE_SCRIPT, SETTLE_SCRIPT } from './redis-outbox-scripts.js'
import type { ScriptRunner } from './redis-scripts.js'

export const OUTBOX_SCRIPTS = [CLAIM_SCRIPT, SETTLE_SCRIPT, ACK_SCRIPT, REQUEUE_SCRIPT, DEPTH_SCRIPT]

export interface RedisOutboxOptions {
  link: RedisLink
  scripts: ScriptRunner
  keys: RedisKeys
  /** Consumer group shared by every replica's delivery workers. */
  group: string
  /** Wraps each call so failures come out as StoreErrors. */
  guard: <T>(what: string, fn: () => Promise<T>) => Promise<T>
}

/** Most due delayed messages one claim moves into the stream (the rest move on the next). */
const PROMOTE_AT_MOST = 1000
/** Most acknowledgements one script call carries. */
const ACKS_AT_MOST = 256

function parseMessage(json: unknown): OutboxMessage {
  try {
    return JSON.parse(String(json)) as OutboxMessage
  } catch (err) {
    throw new StoreError('STORE_CORRUPT', 'outbox message is not JSON', { cause: err })
  }
}

/**
 * The outbox on Redis Streams: one stream per competent region (`…outbox:{region}`), read by
 * one consumer group, so each message goes to one worker among all replicas and stays pending
 * until settled; a delayed set per region for retries that are not due yet; one dead-letter
 * stream for all regions, with a count per region. These are the outbox's commands; its
 * announcements (onReady) come from the store's subscription.
 */
export function createRedisOutbox(o: RedisOutboxOptions): Omit<Outbox, 'onReady'> {
  const { keys, scripts, guard, group } = o
  const settle = (region: string, id: string, mode: 'retry' | 'dead', message: OutboxMessage | null, extra: string[]) =>
    guard(`outbox ${mode}`, async () => {
      const reply = await scripts.run(
        SETTLE_SCRIPT,
        [keys.outbox(region), keys.delayed(region), keys.dead, keys.deadCount],
        [group, id, mode, region, message ? JSON.stringify({ ...message, region }) : '', ...extra],
      )
      return reply === 1
    })

  // Acknowledgements of one region in the same turn go in one script call: a delivery round
  // settles its whole batch at once.
  const acks = new Map<string, DataLoader<string, boolean>>()
  const acksFor = (region: string): DataLoader<string, boolean> => {
    let loader = acks.get(region)
    if (!loader) {
      loader = new DataLoader<string, boolean>(
        async (ids) => ((await scripts.run(ACK_SCRIPT, [keys.outbox(region)], [group, ...ids])) as number[]).map((n) => n === 1),
        { cache: false, maxBatchSize: ACKS_AT_MOST },
      )
      acks.set(region, loader)
    }
    return loader
  }

  return {
    claim: (region, consumer, { count, minIdleMs }) => guard('outbox claim', async () => {
      const n = Math.floor(count)
      if (!(n > 0)) return []
      const reply = await scripts.run(
        CLAIM_SCRIPT,
        [keys.outbox(region), keys.delayed(region)],
        [group, consumer, String(n), String(Math.max(0, Math.floor(minIdleMs))), String(Date.now()), String(PROMOTE_AT_MOST)],
      ) as unknown[]
      const out: ClaimedMessage[] = []
      for (let i = 0; i + 1 < reply.length; i += 2) out.push({ id: String(reply[i]), message: parseMessage(reply[i + 1]) })
      return out
    }),
    ack: (region, id) => guard('outbox ack', () => acksFor(region).load(id)),
    retry: (region, id, next, dueAt) => settle(region, id, 'retry', next, [String(dueAt), String(Date.now()), randomUUID()]),
    deadLetter: (region, id, message, reason) => settle(region, id, 'dead', message, [reason, String(Date.now())]),
    deadLetters: () => guard('outbox dead letters', async () => {
      const entries = await o.link.send(['XRANGE', keys.dead, '-', '+']) as [string, string[]][]
      return entries.map(([id, fields]): DeadLetter => {
        const f = new Map<string, string>()
        for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!)
        return { id, message: parseMessage(f.get('m')), reason: f.get('why') ?? '', at: Number(f.get('at')) }
      })
    }),
    requeue: (deadLetterId) => guard('outbox requeue', async () => {
      // A string that is not a stream id is an error reply from XRANGE; it names no letter.
      if (!/^\d+-\d+$/.test(deadLetterId)) return false
      return (await scripts.run(REQUEUE_SCRIPT, [keys.dead, keys.deadCount], [keys.prefix, deadLetterId])) === 1
    }),
    depth: (region) => guard('outbox depth', async () => {
      const [ready, delayed, unacknowledged, dead] = (await scripts.run(
        DEPTH_SCRIPT, [keys.outbox(region), keys.delayed(region), keys.deadCount], [group, String(Date.now()), region],
      )) as number[]
      return { ready: ready!, delayed: delayed!, unacknowledged: unacknowledged!, dead: dead! }
    }),
  }
}
