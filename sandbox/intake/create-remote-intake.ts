import { isoBeijingMillis } from '../seed/beijing-time.js'
import { STATE_NOTES } from '../seed/case-history.js'
import { cityConventions } from '../seed/city-conventions.js'
import { sandboxSeed } from '../seed/create-seed.js'
import type { CaseFacts, SandboxSeed } from '../seed/seed-types.js'
import { createAutoProgress, nextAutoState } from './auto-progress.js'
import { createIntakeFacts } from './intake-facts.js'
import type { CanonicalState, IntakeLedger, IntakeStore, ProgressState, ReceivedCase } from './intake-types.js'
import { createStatusPusher } from './status-push.js'

export interface RemoteIntakeOptions<R> {
  /** GB/T 2260 code of the city. */
  code: string
  store: IntakeStore<R>
  seed?: SandboxSeed
  /** Epoch ms; the real clock by default (remote cases arrive now, unlike the seeded ones). */
  clock?: () => number
}

interface Entry<R> {
  gatewayCaseId: string
  window: string
  deliveries: number
  withdrawn: boolean
  facts: CaseFacts
  /** The object the city's tables hold: updated in place, so every index sees each change. */
  record: R
}

// Remote cases never reach RESULT_SERVED: progress and auto-progress stop at RESULT_ISSUED.
const stateOf = (e: Entry<unknown>): CanonicalState => e.facts.state as CanonicalState

const PROGRESS_STATES: ReadonlySet<string> = new Set<ProgressState>(['ACCEPTED', 'REFUSED', 'IN_REVIEW', 'APPROVED', 'DENIED', 'RESULT_ISSUED'])

/**
 * The remote cases of one city: idempotent intake and withdrawal for its Mutation resolvers,
 * and the progress simulation and status push every city shares. The city supplies only the
 * mapping to its own records (IntakeStore), the same one its seeded records go through.
 * @example
 * const intake = createRemoteIntake({ code: '510600', store: deyangIntakeStore(data) })
 * intake.receive(request) // { localId: '510600…', duplicate: false }
 */
export function createRemoteIntake<R>({ code, store, seed = sandboxSeed(), clock = Date.now }: RemoteIntakeOptions<R>): IntakeLedger<R> {
  const conventions = cityConventions(code)
  const factsOf = createIntakeFacts(seed, code)
  const cases = new Map<string, Entry<R>>()
  const pusher = createStatusPusher()
  // The city's counter goes on from its seeded cases, so a new number never repeats one.
  let seq = conventions.caseCount

  const view = (e: Entry<R>): ReceivedCase => ({
    gatewayCaseId: e.gatewayCaseId,
    localId: e.facts.localId,
    state: stateOf(e),
    deliveries: e.deliveries,
    acceptingRegion: e.facts.acceptingRegion!,
    acceptingWindow: e.window,
    withdrawn: e.withdrawn,
  })

  const report = (e: Entry<R>): void => {
    const last = e.facts.history[e.facts.history.length - 1]!
    pusher.enqueue({ caseId: e.gatewayCaseId, localId: e.facts.localId, state: stateOf(e), at: isoBeijingMillis(last.at), note: last.note })
  }

  const change = (e: Entry<R>, state: ProgressState, note: string): void => {
    const { history } = e.facts
    // Strictly after the previous entry, even within one clock tick: history order is the order
    // the gateway must apply the reports in.
    const at = Math.max(clock(), history[history.length - 1]!.at + 1)
    e.facts = { ...e.facts, state, updatedAt: at, history: [...history, { state, at, note }] }
    Object.assign(e.record as object, store.toLocal(e.facts))
    report(e)
  }

  const entryOf = (gatewayCaseId: string): Entry<R> => {
    const e = cases.get(gatewayCaseId)
    if (!e) throw new Error(`city ${code} has no remote case ${gatewayCaseId}`)
    return e
  }

  const auto = createAutoProgress(({ refuseEvery }) => {
    for (const e of cases.values()) {
      const next = nextAutoState(stateOf(e), e.gatewayCaseId, refuseEvery)
      if (next) change(e, next, STATE_NOTES[next][0])
    }
  })

  return {
    receive(request) {
      const known = cases.get(request.gatewayCaseId)
      if (known) {
        known.deliveries++
        return { localId: known.facts.localId, duplicate: true }
      }
      const now = clock()
      // Numbered only once the request is known to be good, so a refused one leaves no gap.
      const facts = factsOf(request, conventions.caseId(seq + 1, now), now)
      seq++
      const record = store.toLocal(facts)
      store.insert(record, facts)
      const entry: Entry<R> = { gatewayCaseId: request.gatewayCaseId, window: request.acceptingWindow, deliveries: 1, withdrawn: false, facts, record }
      cases.set(request.gatewayCaseId, entry)
      report(entry)
      return { localId: facts.localId, duplicate: false }
    },
    withdraw(gatewayCaseId, reason) {
      const e = cases.get(gatewayCaseId)
      if (!e) return null
      // Idempotent: a case already refused (withdrawn before, or refused at intake) stays as it is.
      if (stateOf(e) !== 'REFUSED') {
        e.withdrawn = true
        change(e, 'REFUSED', `已撤回:${reason}`)
      }
      return e.record
    },
    progress(gatewayCaseId, state, note) {
      if (!PROGRESS_STATES.has(state)) throw new RangeError(`not a state a case can move to: ${String(state)}`)
      const e = entryOf(gatewayCaseId)
      if (stateOf(e) !== state) change(e, state, note ?? STATE_NOTES[state][0])
      return view(e)
    },
    setAutoProgress: (options) => auto.set(options),
    received: () => [...cases.values()].map(view),
    setStatusPush: (options) => pusher.configure(options),
    pushStats: pusher.stats,
    settled: () => pusher.settled(),
    async close() {
      auto.set(null)
      await pusher.close()
    },
  }
}
