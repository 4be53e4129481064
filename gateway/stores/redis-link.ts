import { createClient, ErrorReply } from 'redis'
import { StoreError } from './errors.js'

/**
 * What every connection of the gateway to Redis (the store's, the rate limits') sets.
 * - No offline queue: while Redis is away a command fails at once; nothing waits for it to return.
 * - No per-command timeout of node-redis's (≥ 5 gives each command one, made of an AbortSignal
 *   and two listeners: about 4% of the gateway's CPU at a thousand submissions a second). Callers
 *   bound their own waits with one timer each: linkOf below, the rate limiter's.
 * - So a late command stays in node-redis's queue until Redis answers or the connection ends:
 *   the queue is bounded, and past it a command fails at once while Redis is stalled.
 */
export const REDIS_CONNECTION_DEFAULTS = {
  disableOfflineQueue: true,
  commandOptions: { timeout: 0 },
  commandsQueueMaxLength: 10_000,
}

/** The one thing the store needs from a connection: send a command, get the RESP2 reply. */
export interface RedisLink {
  send(args: readonly (string | Buffer)[]): Promise<unknown>
}

export interface LinkOptions {
  url: string
  /** Per-command timeout; a timed-out write has an unknown outcome (STORE_UNAVAILABLE). */
  commandTimeoutMs: number
  /** How long connecting at start-up may take before createRedisStore gives up. */
  connectTimeoutMs: number
  /** Told about connection errors (never logs the URL, which may hold a password). */
  onError?: (err: Error) => void
}

export type RedisConnection = ReturnType<typeof newClient>

/** Server errors that mean "not now" rather than "not this data". */
const TRANSIENT = /^(NOSCRIPT|LOADING|BUSY|OOM|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|NOREPLICAS|MISCONF)\b/

export const isNoScript = (err: unknown): boolean =>
  err instanceof ErrorReply && err.message.startsWith('NOSCRIPT')

/** Maps anything a Redis call threw to a coded StoreError, keeping it as the cause. */
export function toStoreError(err: unknown, what: string): StoreError {
  if (err instanceof StoreError) return err
  const msg = err instanceof Error ? err.message : String(err)
  if (err instanceof ErrorReply && !TRANSIENT.test(msg)) {
    // WRONGTYPE and script errors on reading our own keys: what is stored is not what we wrote.
    return new StoreError('STORE_CORRUPT', `${what}: Redis refused: ${msg}`, { cause: err })
  }
  return new StoreError('STORE_UNAVAILABLE', `${what}: ${msg || (err as Error)?.name || 'Redis unavailable'}`, { cause: err })
}

/**
 * Opens one connection. Reconnects with capped backoff for as long as the store is open, but
 * gives up on the first connect after `connectTimeoutMs`, so a wrong URL fails start-up
 * instead of hanging it. Commands are not queued while disconnected (`disableOfflineQueue`):
 * they fail at once with STORE_UNAVAILABLE and the caller retries with its idempotency key.
 */
export async function openConnection(o: LinkOptions): Promise<RedisConnection> {
  const client = newClient(o)
  client.on('error', (err: Error) => o.onError?.(err))
  try {
    await client.connect()
  } catch (err) {
    client.destroy()
    throw new StoreError('STORE_UNAVAILABLE', 'cannot connect to Redis', { cause: err })
  }
  return client
}

function newClient(o: LinkOptions) {
  let ready = false
  const startedAt = Date.now()
  const client = createClient({
    url: o.url,
    RESP: 2,
    ...REDIS_CONNECTION_DEFAULTS,
    socket: {
      connectTimeout: Math.min(o.connectTimeoutMs, 5_000),
      reconnectStrategy: (retries, cause) => {
        if (!ready && Date.now() - startedAt > o.connectTimeoutMs) return new Error(`cannot connect to Redis: ${cause.message}`)
        return Math.min(25 * 2 ** retries, 500) + Math.floor(Math.random() * 25)
      },
    },
  })
  client.on('ready', () => { ready = true })
  return client
}

/**
 * Sends with a per-command timeout. node-redis has one (`{ timeout }`), but it makes an
 * `AbortSignal.timeout` and two event listeners per command: about 4% of the gateway's CPU at a
 * thousand submissions a second (CPU profile, acceptance benchmark). Here one timer watches the
 * oldest command in flight instead: commands are kept in send order, so when the oldest is not
 * late, none is. A late command is answered STORE_UNAVAILABLE at once, as node-redis's timeout
 * would; its reply, if one ever comes, is ignored. The outcome of a timed-out write is unknown,
 * and callers retry with their idempotency key.
 */
export function linkOf(client: RedisConnection, commandTimeoutMs: number): RedisLink {
  interface Pending { sentAt: number; reject(err: Error): void }
  const pending = new Set<Pending>()
  let timer: NodeJS.Timeout | undefined
  const watch = (): void => {
    timer = undefined
    const now = Date.now()
    for (const p of pending) {
      const left = p.sentAt + commandTimeoutMs - now
      if (left > 0) {
        timer = setTimeout(watch, left).unref()
        return
      }
      pending.delete(p)
      p.reject(new Error(`Redis did not answer within ${commandTimeoutMs} ms`))
    }
  }
  return {
    send: (args) =>
      new Promise((resolve, reject) => {
        const p: Pending = { sentAt: Date.now(), reject }
        pending.add(p)
        timer ??= setTimeout(watch, commandTimeoutMs).unref()
        client.sendCommand(args).then(
          (value) => { if (pending.delete(p)) resolve(value) },
          (err: unknown) => { if (pending.delete(p)) reject(err) },
        )
      }),
  }
}
