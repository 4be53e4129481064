import { fnv1a } from '../seed/prng.js'
import type { AutoProgressOptions, CanonicalState, ProgressState } from './intake-types.js'

// The path a remote case takes on its own: DELIVERED → ACCEPTED → IN_REVIEW → APPROVED →
// RESULT_ISSUED, or DELIVERED → REFUSED for the cases chosen for refusal. REFUSED, DENIED and
// RESULT_ISSUED end it (DENIED only ever comes from progress()).
const NEXT: Readonly<Partial<Record<CanonicalState, ProgressState>>> = {
  DELIVERED: 'ACCEPTED',
  ACCEPTED: 'IN_REVIEW',
  IN_REVIEW: 'APPROVED',
  APPROVED: 'RESULT_ISSUED',
}

/**
 * Whether auto-progress refuses this case at intake. A hash of the gateway id rather than a
 * random draw, so a test knows in advance which of its cases will be refused.
 */
export function refusedAtIntake(gatewayCaseId: string, refuseEvery: number | undefined): boolean {
  return refuseEvery !== undefined && fnv1a(gatewayCaseId) % refuseEvery === 0
}

/** The state auto-progress moves a case to next; undefined once the case has ended. */
export function nextAutoState(state: CanonicalState, gatewayCaseId: string, refuseEvery?: number): ProgressState | undefined {
  if (state === 'DELIVERED' && refusedAtIntake(gatewayCaseId, refuseEvery)) return 'REFUSED'
  return NEXT[state]
}

export interface AutoProgress {
  /** The current setting, or null while stopped. */
  readonly options: Readonly<AutoProgressOptions> | null
  set(options: AutoProgressOptions | null): void
}

function checkOptions({ stepMs, refuseEvery }: AutoProgressOptions): void {
  if (!(Number.isFinite(stepMs) && stepMs >= 1)) throw new RangeError(`stepMs must be ≥ 1, got ${stepMs}`)
  if (refuseEvery !== undefined && !(Number.isInteger(refuseEvery) && refuseEvery >= 1)) {
    throw new RangeError(`refuseEvery must be an integer ≥ 1, got ${refuseEvery}`)
  }
}

/**
 * A timer that calls `step` every stepMs while set. Unref'd: a sandbox left progressing must not
 * keep a finished process alive.
 */
export function createAutoProgress(step: (options: Readonly<AutoProgressOptions>) => void): AutoProgress {
  let current: Readonly<AutoProgressOptions> | null = null
  let timer: NodeJS.Timeout | undefined
  return {
    get options() {
      return current
    },
    set(options) {
      if (options) checkOptions(options)
      clearInterval(timer)
      timer = undefined
      current = options && Object.freeze({ ...options })
      if (!current) return
      const fixed = current
      timer = setInterval(() => step(fixed), fixed.stepMs)
      timer.unref()
    },
  }
}
