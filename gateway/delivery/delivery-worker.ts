import { FederationError, type Federation, type RegionRuntime } from '../../federation/index.js'
import { compileDelivery, type DeliveryCall } from '../../federation/delivery/compile-delivery.js'
import type { AcceptanceService } from '../acceptance/acceptance-service.js'
import { compensated, delivered, deliveryFailed } from '../acceptance/case-progress.js'
import type { RemoteCase } from '../acceptance/remote-case.js'
import type { Logger } from '../logger.js'
import { observeDelivery } from '../observability/delivery-observation.js'
import type { DeliveryOutcome } from '../observability/gateway-events.js'
import type { CaseStore, ClaimedMessage } from '../stores/case-store.js'
import { DEFAULT_BACKOFF, nextDelay, type BackoffPolicy } from './backoff.js'
import { DeliveryBatches } from './delivery-batches.js'
import { deliveryPayload } from './delivery-payload.js'

export interface DeliveryWorkerOptions {
  /** This worker's name in the consumer group (unique per gateway process). */
  consumer: string
  /** How often an idle region's queue is looked at; new cases, accepted by any replica, wake it at once. */
  pollMs?: number
  /** Messages claimed and delivered together per region (those ready together share one request: delivery-batches.ts). */
  batch?: number
  /** A message another worker claimed and left this long is taken over (it crashed). */
  minIdleMs?: number
  backoff?: BackoffPolicy
}

/** Codes a city uses for input it will never accept: retrying cannot help. */
const PERMANENT = new Set(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED'])

/**
 * Delivers queued case steps to their cities, in each city's own schema, at least once; the
 * city drops repeats by the gateway case id, so each case reaches it exactly once. One loop
 * per region with a `deliver` mapping. The case is updated before the message is acknowledged:
 * a crash in between means one more (deduplicated) delivery, never a lost one.
 *
 * The regions follow the configuration: a city added by a reload gets its loop within one
 * poll interval (or at once when a case for it is accepted here); a city removed stops being
 * claimed for, its queue kept for when it returns. Compiled delivery calls belong to the
 * configuration they were compiled from, so a changed mapping is used from the reload on.
 */
export class DeliveryWorkers {
  readonly #calls = new WeakMap<RegionRuntime, Map<string, DeliveryCall>>()
  readonly #wakers = new Map<string, () => void>()
  readonly #loops = new Map<string, Promise<void>>()
  readonly #batches = new DeliveryBatches()
  #running = false
  #unsubscribe: (() => void) | undefined
  readonly #o: Required<DeliveryWorkerOptions>

  constructor(
    readonly deps: { federation: Federation; store: CaseStore; service: AcceptanceService; logger: Logger },
    options: DeliveryWorkerOptions,
  ) {
    this.#o = { pollMs: 250, batch: 64, minIdleMs: 30_000, backoff: DEFAULT_BACKOFF, ...options }
  }

  start(): void {
    if (this.#running) return
    this.#running = true
    // New work committed by any replica sharing the store (this one included) wakes the region's
    // loop at once; the poll remains for retries coming due and for announcements missed.
    this.#unsubscribe = this.deps.store.outbox.onReady((region) => this.wake(region))
    this.#ensureLoops()
  }

  /** A loop for every configured region that delivers and has none yet. */
  #ensureLoops(): void {
    if (!this.#running) return
    for (const rt of this.deps.federation.runtimes.values()) {
      const region = rt.region.code
      if (!rt.config.deliver || this.#loops.has(region)) continue
      this.#loops.set(region, this.#loop(region).finally(() => this.#loops.delete(region)))
    }
  }

  /** New work for a region: look now instead of at the next poll. */
  wake(region: string): void {
    this.#ensureLoops()
    this.#wakers.get(region)?.()
  }

  async stop(): Promise<void> {
    this.#running = false
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    for (const w of this.#wakers.values()) w()
    await Promise.all(this.#loops.values())
  }

  async #loop(region: string): Promise<void> {
    // Ends when the region leaves the configuration (its messages wait in the outbox).
    while (this.#running && this.deps.federation.runtimes.get(region)?.config.deliver) {
      let claimed: ClaimedMessage[] = []
      try {
        claimed = await this.deps.store.outbox.claim(region, this.#o.consumer, { count: this.#o.batch, minIdleMs: this.#o.minIdleMs })
      } catch (err) {
        this.deps.logger.warn({ err, region }, 'outbox unavailable; retrying')
      }
      if (claimed.length === 0) {
        // Idle: the moment to notice regions a reload added.
        this.#ensureLoops()
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, this.#o.pollMs)
          function done() {
            clearTimeout(timer)
            resolve()
          }
          this.#wakers.set(region, done)
        })
        continue
      }
      await Promise.all(claimed.map((m) => this.#deliver(region, m)))
    }
  }

  #call(region: string, kind: 'deliver' | 'compensate'): DeliveryCall | undefined {
    const rt = this.deps.federation.runtimes.get(region)
    const mapping = kind === 'deliver' ? rt?.config.deliver : rt?.config.withdraw
    if (!rt || !mapping) return undefined
    let calls = this.#calls.get(rt)
    if (!calls) this.#calls.set(rt, (calls = new Map()))
    let call = calls.get(kind)
    if (!call) calls.set(kind, (call = compileDelivery(rt, mapping)))
    return call
  }

  /** One delivery attempt, traced and counted (observability/delivery-observation.ts). */
  #deliver(region: string, claimed: ClaimedMessage): Promise<void> {
    const { message } = claimed
    return observeDelivery({ region, kind: message.kind, caseId: message.caseId, step: message.step, attempt: message.attempt + 1 }, () => this.#tryDelivery(region, claimed))
  }

  async #tryDelivery(region: string, claimed: ClaimedMessage): Promise<DeliveryOutcome> {
    const { store, service, logger } = this.deps
    const { message } = claimed
    try {
      const c = await store.getCase(message.caseId)
      const step = c?.steps[message.step - 1]
      if (!c || !step || (message.kind === 'deliver' ? step.delivery.status !== 'PENDING' : step.compensation !== 'PENDING')) {
        // Already done (a repeat after a crash between update and ack), cancelled, or gone.
        await store.outbox.ack(region, claimed.id)
        return 'skipped'
      }
      const call = this.#call(region, message.kind)
      if (!call) return await this.#dead(region, claimed, c, `${region} has no ${message.kind === 'deliver' ? 'deliver' : 'withdraw'} mapping`)
      let variables: Record<string, unknown>
      try {
        variables = call.variables(deliveryPayload(c, message.step, message.kind === 'compensate' ? 'a later step of this 多地联办 case was refused' : null))
      } catch (err) {
        return await this.#dead(region, claimed, c, (err as Error).message)
      }
      const client = this.deps.federation.clients.get(region)!
      let outcome: { localId: string | null; duplicate: boolean; found: boolean }
      // Case, step and attempt: the city's logs tell which case a request carried.
      const requestId = `${c.id}.${message.kind === 'deliver' ? 'd' : 'w'}${message.step}.${message.attempt + 1}`
      try {
        const res = await this.#batches.send(client, call, variables, requestId)
        outcome = call.read(res.data)
        if (!outcome.found) {
          const codes = res.errors.map((e) => String(e.extensions?.code ?? ''))
          const why = res.errors.map((e) => e.message).join('; ') || 'empty answer'
          if (codes.some((code) => PERMANENT.has(code))) return await this.#dead(region, claimed, c, `${region} refused the delivery: ${why}`)
          throw new Error(`${region} answered without a result: ${why}`)
        }
      } catch (err) {
        return await this.#retry(region, claimed, c, err)
      }
      await service.update(c.id, (cur) => (message.kind === 'deliver' ? delivered(cur, message.step, outcome.localId, outcome.duplicate) : compensated(cur, message.step)), c)
      await store.outbox.ack(region, claimed.id)
      return outcome.duplicate ? 'duplicate' : 'delivered'
    } catch (err) {
      // The store itself failed: leave the message claimed; it is reclaimed after minIdleMs.
      logger.error({ err, region, caseId: message.caseId }, 'delivery bookkeeping failed; the message will be reclaimed')
      return 'error'
    }
  }

  async #retry(region: string, claimed: ClaimedMessage, c: RemoteCase, err: unknown): Promise<'retry' | 'dead'> {
    const { message } = claimed
    const reason = err instanceof FederationError ? String(err.details.reason ?? err.code) : 'ERROR'
    // An open breaker is not an attempt: the city is known to be down; wait for its cooldown.
    const counts = reason !== 'BREAKER_OPEN'
    const attempts = message.attempt + (counts ? 1 : 0)
    const text = err instanceof Error ? err.message : String(err)
    if (attempts >= this.#o.backoff.maxAttempts) return this.#dead(region, claimed, c, `gave up after ${attempts} attempts: ${text}`)
    const delay = counts ? nextDelay(this.#o.backoff, attempts - 1) : this.deps.federation.runtimes.get(region)!.config.upstream.breaker.cooldownMs
    const dueAt = Date.now() + delay
    if (message.kind === 'deliver') await this.deps.service.update(c.id, (cur) => deliveryFailed(cur, message.step, text, { countAttempt: counts, nextAttemptAt: dueAt, dead: false }))
    await this.deps.store.outbox.retry(region, claimed.id, { ...message, attempt: attempts }, dueAt)
    this.deps.logger.info({ region, caseId: c.id, attempts, delayMs: delay, reason }, 'delivery failed; will retry')
    return 'retry'
  }

  async #dead(region: string, claimed: ClaimedMessage, c: RemoteCase | undefined, reason: string): Promise<'dead'> {
    const { message } = claimed
    if (c && message.kind === 'deliver') await this.deps.service.update(c.id, (cur) => deliveryFailed(cur, message.step, reason, { countAttempt: true, nextAttemptAt: null, dead: true }))
    await this.deps.store.outbox.deadLetter(region, claimed.id, message, reason)
    this.deps.logger.warn({ region, caseId: message.caseId, reason }, 'delivery dead-lettered')
    return 'dead'
  }
}
