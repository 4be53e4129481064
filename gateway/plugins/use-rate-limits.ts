import { GraphQLError } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { GatewayContext } from '../context.js'

/** Operations per second; 0 turns a limit off. */
export interface RateLimits {
  /** Per authenticated caller (issuing region + token subject). */
  perCaller: number
  /** Per client address, for callers without a token (the public). */
  perPublicClient: number
  /** All callers of one region together (the province counts as one region). */
  perRegion: number
}

/**
 * Generous enough for a busy window or a city platform's batch jobs, small enough that one
 * runaway client cannot starve a region: a region's budget is shared by its windows and
 * platform, so a clerk's script cannot exceed it either.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = { perCaller: 200, perPublicClient: 50, perRegion: 2000 }

/**
 * How long a count may wait for Redis before the in-memory insurance limiter answers instead:
 * the connection has no per-command timeout of its own (REDIS_CONNECTION_DEFAULTS).
 */
const REDIS_COUNT_TIMEOUT_MS = 500

/** A node-redis client (v4+), for limits shared by every replica. */
type RedisClient = object

export interface RateLimitOptions {
  limits: RateLimits
  /** Counters in Redis, shared by every gateway replica; in memory (per process) without. */
  redis?: RedisClient
  keyPrefix?: string
}

/**
 * Rate limits per caller and per region, counted per GraphQL operation (a batch of aliased
 * fields is one operation; its size is bounded by the document limits). Counters live in
 * Redis when the gateway has Redis, so replicas behind a load balancer share them.
 * Over a limit the operation does not run: `RATE_LIMITED` with `extensions.retryAfterMs`
 * and HTTP 429 with `Retry-After`.
 * If Redis fails, the limiter lets requests through (insurance limiter in memory): a rate
 * limiter must not take the gateway down with it.
 */
export function useRateLimits(o: RateLimitOptions): Plugin {
  const make = (points: number, name: string): RateLimiterAbstract | undefined => {
    if (points <= 0) return undefined
    const base = { points, duration: 1, keyPrefix: `${o.keyPrefix ?? 'tongban:rl'}:${name}` }
    if (!o.redis) return new RateLimiterMemory(base)
    const shared = new RateLimiterRedis({ ...base, storeClient: o.redis, useRedisPackage: true, insuranceLimiter: new RateLimiterMemory(base) })
    // A stalled Redis (connected, not answering) must not stall requests: after the timeout the
    // same insurance limiter counts, as it does when Redis refuses the connection.
    return new RLWrapperTimeouts({ limiter: shared, timeoutMs: REDIS_COUNT_TIMEOUT_MS })
  }
  const caller = make(o.limits.perCaller, 'caller')
  const publicClient = make(o.limits.perPublicClient, 'public')
  const region = make(o.limits.perRegion, 'region')

  /**
   * The caller's and the region's counts at the same time: one round trip to Redis instead of
   * two in a row, which cost a request 0.7–1.3 ms at low load on the benchmark machine (each
   * hop to Redis and back is a pair of process wake-ups). An operation the caller's own limit
   * refuses gives its region point back, so it costs the region nothing once the refusal is
   * known; one the region refuses still counts against the caller, as any refused attempt does.
   * @throws RateLimiterRes when either limit refuses.
   */
  const consumeBoth = async (callerKey: string, regionKey: string | null): Promise<void> => {
    const [own, shared] = await Promise.allSettled([caller?.consume(callerKey), regionKey ? region?.consume(regionKey) : undefined])
    if (own.status === 'rejected') {
      if (shared.status === 'fulfilled' && shared.value && regionKey) void region!.reward(regionKey).catch(() => undefined)
      throw own.reason
    }
    if (shared.status === 'rejected') throw shared.reason
  }

  const check = async (ctx: GatewayContext): Promise<GraphQLError | undefined> => {
    let who
    try {
      who = await ctx.caller()
    } catch {
      // An invalid token is answered by the resolvers that need one (UNAUTHENTICATED);
      // for counting, such a caller is anonymous.
      who = undefined
    }
    try {
      if (!who || who.role === 'public') {
        await publicClient?.consume(ctx.clientAddress)
      } else {
        await consumeBoth(`${who.region}:${who.subject ?? ''}`, who.region)
      }
      return undefined
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err
      const retryAfterMs = Math.max(1, Math.ceil(err.msBeforeNext))
      return new GraphQLError(`rate limit exceeded; retry in ${retryAfterMs} ms`, {
        extensions: { code: 'RATE_LIMITED', retryAfterMs, http: { status: 429, headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } } },
      })
    }
  }

  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const refused = await check(args.contextValue as unknown as GatewayContext)
      if (refused) setResultAndStopExecution({ errors: [refused] })
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refused = await check(args.contextValue as unknown as GatewayContext)
      if (refused) setResultAndStopExecution({ errors: [refused] })
    },
  }
}
