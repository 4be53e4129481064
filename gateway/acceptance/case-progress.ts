import type { AuditDraft, OutboxMessage } from '../stores/case-store.js'
import type { CaseEvent, CaseState, CaseStep, RemoteCase } from './remote-case.js'

/** The result of applying something to a case: the new case, and what else must be committed. */
export interface Change {
  value: RemoteCase
  audit: AuditDraft[]
  enqueue: OutboxMessage[]
}

const FINISHED: ReadonlySet<CaseState> = new Set(['APPROVED', 'RESULT_ISSUED'])
const NEGATIVE: ReadonlySet<CaseState> = new Set(['REFUSED', 'DENIED'])

/** Beijing-time ISO-8601, the canonical DateTime form. */
export function nowIso(ms = Date.now()): string {
  const d = new Date(ms + 8 * 3600_000)
  return `${d.toISOString().slice(0, 19)}+08:00`
}

/**
 * The case as a whole: a refusal anywhere decides it; otherwise the step in progress speaks;
 * between the steps of 多地联办 the case is IN_REVIEW; before any delivery it is RECEIVED.
 */
export function overallState(steps: readonly CaseStep[]): CaseState {
  const negative = steps.find((s) => NEGATIVE.has(s.state))
  if (negative) return negative.state
  const current = steps.find((s) => !FINISHED.has(s.state))
  if (!current) return steps[steps.length - 1]!.state
  if (current.delivery.status === 'DELIVERED') return current.state
  return current.order === 1 ? 'RECEIVED' : 'IN_REVIEW'
}

function withSteps(c: RemoteCase, steps: CaseStep[], events: CaseEvent[]): RemoteCase {
  return { ...c, steps, state: overallState(steps), history: [...c.history, ...events], version: c.version + 1 }
}

const audit = (type: string, c: RemoteCase, at: string, data: Record<string, unknown>): AuditDraft => ({ type, caseId: c.id, at, data })

/** A step was handed to its city, which answered with its own case number. */
export function delivered(c: RemoteCase, order: number, localId: string | null, duplicate: boolean): Change {
  const at = nowIso()
  const steps = c.steps.map((s) =>
    s.order === order
      ? { ...s, localId: localId ?? s.localId, state: s.state === 'RECEIVED' ? ('DELIVERED' as const) : s.state, delivery: { ...s.delivery, status: 'DELIVERED' as const, attempts: s.delivery.attempts + 1, lastError: null, nextAttemptAt: null } }
      : s,
  )
  const step = steps[order - 1]!
  return {
    value: withSteps(c, steps, [{ state: 'DELIVERED', at, note: `delivered to ${step.region}${localId ? ` as ${localId}` : ''}`, source: 'gateway', step: order }]),
    audit: [audit('step.delivered', c, at, { step: order, region: step.region, localId, duplicate })],
    enqueue: [],
  }
}

/** A delivery attempt failed; it will be retried at `nextAttemptAt`, or it is dead. */
export function deliveryFailed(c: RemoteCase, order: number, error: string, o: { countAttempt: boolean; nextAttemptAt: number | null; dead: boolean }): Change {
  const at = nowIso()
  const steps = c.steps.map((s) =>
    s.order === order
      ? {
          ...s,
          delivery: {
            status: o.dead ? ('DEAD' as const) : s.delivery.status,
            attempts: s.delivery.attempts + (o.countAttempt ? 1 : 0),
            lastError: error,
            nextAttemptAt: o.dead ? null : o.nextAttemptAt,
          },
        }
      : s,
  )
  return {
    value: { ...c, steps, version: c.version + 1 },
    audit: o.dead ? [audit('delivery.dead', c, at, { step: order, region: c.steps[order - 1]!.region, error })] : [],
    enqueue: [],
  }
}

/** A compensating withdrawal reached the city of step `order`. */
export function compensated(c: RemoteCase, order: number): Change {
  const at = nowIso()
  const steps = c.steps.map((s) => (s.order === order ? { ...s, compensation: 'DELIVERED' as const } : s))
  return {
    value: withSteps(c, steps, [{ state: 'COMPENSATED', at, note: `step ${order} withdrawn at ${steps[order - 1]!.region}`, source: 'gateway', step: order }]),
    audit: [audit('step.compensated', c, at, { step: order, region: steps[order - 1]!.region })],
    enqueue: [],
  }
}

export interface StatusReport {
  step: number
  state: CaseState
  at: string
  note: string | null
  localId: string | null
  source: string
}

/**
 * A city reported (or polling found) a state of one step. Duplicate reports change nothing.
 * For 多地联办: a finished step releases the next one; a refusal cancels the rest and withdraws
 * the earlier steps (compensation).
 * @returns undefined when the report adds nothing new.
 */
export function reported(c: RemoteCase, r: StatusReport): Change | undefined {
  const step = c.steps[r.step - 1]!
  if (c.history.some((e) => e.step === r.step && e.state === r.state && e.at === r.at && e.source === r.source)) return undefined
  if (step.state === r.state && step.localId === (r.localId ?? step.localId)) {
    // Same state again (e.g. a poll after a push): only note it if the time is new.
    if (c.history.some((e) => e.step === r.step && e.state === r.state)) return undefined
  }
  // A late report of an older state must not roll the step back.
  const latest = c.history.filter((e) => e.step === r.step && e.source !== 'gateway').reduce((m, e) => (e.at > m ? e.at : m), '')
  const advances = r.at >= latest
  let steps = c.steps.map((s) => (s.order === r.step ? { ...s, state: advances ? r.state : s.state, localId: r.localId ?? s.localId } : s))
  const enqueue: OutboxMessage[] = []
  const drafts: AuditDraft[] = [audit('step.state', c, r.at, { step: r.step, region: step.region, state: r.state, source: r.source, note: r.note })]
  if (advances && FINISHED.has(r.state)) {
    const next = steps[r.step]
    if (next && next.delivery.status === 'WAITING') {
      steps = steps.map((s) => (s.order === next.order ? { ...s, delivery: { ...s.delivery, status: 'PENDING' as const } } : s))
      enqueue.push({ caseId: c.id, step: next.order, region: next.region, kind: 'deliver', attempt: 0 })
      drafts.push(audit('step.released', c, r.at, { step: next.order, region: next.region }))
    }
  }
  if (advances && NEGATIVE.has(r.state)) {
    steps = steps.map((s) => {
      if (s.order > r.step && (s.delivery.status === 'WAITING' || s.delivery.status === 'PENDING')) return { ...s, delivery: { ...s.delivery, status: 'CANCELLED' as const } }
      if (s.order < r.step && s.delivery.status === 'DELIVERED' && s.compensation === null) {
        enqueue.push({ caseId: c.id, step: s.order, region: s.region, kind: 'compensate', attempt: 0 })
        drafts.push(audit('step.compensation', c, r.at, { step: s.order, region: s.region, because: r.step }))
        return { ...s, compensation: 'PENDING' as const }
      }
      return s
    })
  }
  const event: CaseEvent = { state: r.state, at: r.at, note: r.note, source: r.source, step: r.step }
  return { value: withSteps(c, steps, [event]), audit: drafts, enqueue }
}
