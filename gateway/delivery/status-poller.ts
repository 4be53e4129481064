import type { GraphQLSchema } from 'graphql'
import { findById, RequestScope, type Federation } from '../../federation/index.js'
import type { AcceptanceService } from '../acceptance/acceptance-service.js'
import type { CaseState, RemoteCase } from '../acceptance/remote-case.js'
import { internalField } from '../internal-query.js'
import type { Logger } from '../logger.js'
import { isOpenStep } from '../stores/case-filter.js'
import type { CaseStore } from '../stores/case-store.js'

const caseInfo = internalField('{ case(id: "") { state history { state at note } } }')
/** How often cities that push are polled anyway, to catch reports they dropped. */
export const RECONCILE_MS = 60_000

/**
 * For cities that cannot push (`statusUpdates: { mode: poll }`): every interval, reads the
 * delivered, unfinished steps of that city through the ordinary translation (one batched
 * request per city per round) and applies any state the gateway has not seen yet.
 * The steps come from the store's index of cases open in that region (`openIn`), so every open
 * case is followed however many were accepted since, and a round costs what is open. Over
 * `scanLimit` open cases, rounds take them `scanLimit` at a time, newest first, and start over.
 */
export class StatusPoller {
  /** Each region's polling timer and the interval it was set with. */
  readonly #timers = new Map<string, { interval: number; timer: NodeJS.Timeout }>()
  #watch: NodeJS.Timeout | undefined
  readonly #busy = new Set<string>()
  /** Per region: where the next round goes on when the last one stopped at `scanLimit`. */
  readonly #resumeBefore = new Map<string, string>()

  constructor(readonly deps: { federation: Federation; store: CaseStore; service: AcceptanceService; schema: GraphQLSchema; logger: Logger; scanLimit?: number }) {}

  start(): void {
    this.#schedule()
    // The regions and their intervals follow the configuration: a reload is seen within a second.
    this.#watch ??= setInterval(() => this.#schedule(), 1000).unref()
  }

  /** One timer per region that has status updates, at its interval; none for regions that left. */
  #schedule(): void {
    const wanted = new Map<string, number>()
    for (const rt of this.deps.federation.runtimes.values()) {
      const updates = rt.config.statusUpdates
      if (!updates || !rt.config.operations.case) continue
      // Cities that push are still reconciled now and then: a report the city gave up on
      // (the gateway was down too long) is found this way instead of being lost.
      wanted.set(rt.region.code, updates.mode === 'poll' ? updates.intervalMs : RECONCILE_MS)
    }
    for (const [region, t] of this.#timers) {
      if (wanted.get(region) === t.interval) continue
      clearInterval(t.timer)
      this.#timers.delete(region)
    }
    for (const [region, interval] of wanted) {
      if (!this.#timers.has(region)) this.#timers.set(region, { interval, timer: setInterval(() => void this.pollOnce(region), interval).unref() })
    }
  }

  stop(): void {
    clearInterval(this.#watch)
    this.#watch = undefined
    for (const t of this.#timers.values()) clearInterval(t.timer)
    this.#timers.clear()
  }

  /** One polling round for a region (also used by tests). */
  async pollOnce(region: string): Promise<number> {
    if (this.#busy.has(region)) return 0
    this.#busy.add(region)
    try {
      const limit = this.deps.scanLimit ?? 500
      const before = this.#resumeBefore.get(region)
      const cases = await this.deps.store.listCases({ openIn: region, limit, ...(before !== undefined && { before }) })
      if (cases.length === limit) this.#resumeBefore.set(region, cases[limit - 1]!.id)
      else this.#resumeBefore.delete(region)
      const open = cases.flatMap((c) => c.steps.filter((s) => s.region === region && isOpenStep(s)).map((s) => ({ c, s })))
      if (open.length === 0) return 0
      const scope = new RequestScope(this.deps.federation)
      const info = caseInfo(this.deps.schema)
      let applied = 0
      await Promise.all(
        open.map(async ({ c, s }) => {
          const local = (await findById(scope, 'case', `${region}:${s.localId}`, info).catch(() => null)) as { history?: { state: CaseState; at: string; note: string | null }[] } | null
          for (const e of local?.history ?? []) {
            if (!e || e instanceof Error || known(c, s.order, e.state, e.at)) continue
            const updated = await this.deps.service.applyReport(c.id, { step: s.order, state: e.state, at: e.at, note: e.note, localId: s.localId, source: region })
            if (updated) applied++
          }
        }),
      )
      return applied
    } catch (err) {
      this.deps.logger.warn({ err, region }, 'status polling failed; next round will try again')
      return 0
    } finally {
      this.#busy.delete(region)
    }
  }
}

function known(c: RemoteCase, step: number, state: string, at: string): boolean {
  return c.history.some((e) => e.step === step && e.state === state && (e.at === at || e.source === 'gateway'))
}
