import type { Rng } from './prng.js'
import { SEED_NOW_MS } from './seed-clock.js'
import type { CaseState, SeedCaseEvent } from './seed-types.js'

// A case ends in one of these states (or is still open in one of them); the path to each is
// fixed by the workflow: received → accepted | refused → in review → approved | denied → issued
// → served.
const PATHS: Readonly<Record<CaseState, readonly CaseState[]>> = {
  DELIVERED: ['DELIVERED'],
  REFUSED: ['DELIVERED', 'REFUSED'],
  ACCEPTED: ['DELIVERED', 'ACCEPTED'],
  IN_REVIEW: ['DELIVERED', 'ACCEPTED', 'IN_REVIEW'],
  APPROVED: ['DELIVERED', 'ACCEPTED', 'IN_REVIEW', 'APPROVED'],
  DENIED: ['DELIVERED', 'ACCEPTED', 'IN_REVIEW', 'DENIED'],
  RESULT_ISSUED: ['DELIVERED', 'ACCEPTED', 'IN_REVIEW', 'APPROVED', 'RESULT_ISSUED'],
  RESULT_SERVED: ['DELIVERED', 'ACCEPTED', 'IN_REVIEW', 'APPROVED', 'RESULT_ISSUED', 'RESULT_SERVED'],
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** How long after the previous change each state is reached: [min, max] in milliseconds. */
const GAP: Readonly<Record<CaseState, readonly [number, number]>> = {
  DELIVERED: [0, 0],
  ACCEPTED: [10 * MINUTE, 3 * DAY],
  REFUSED: [10 * MINUTE, 3 * DAY],
  IN_REVIEW: [1 * HOUR, 2 * DAY],
  APPROVED: [1 * DAY, 15 * DAY],
  DENIED: [1 * DAY, 15 * DAY],
  RESULT_ISSUED: [1 * HOUR, 3 * DAY],
  RESULT_SERVED: [1 * DAY, 5 * DAY],
}

/** Notes a clerk writes on each state change; the first of each is the plainest. */
export const STATE_NOTES: Readonly<Record<CaseState, readonly [string, ...(string | null)[]]>> = {
  DELIVERED: ['窗口收件', '已收件,待受理'],
  ACCEPTED: ['材料齐全,予以受理', '符合受理条件,予以受理', null],
  REFUSED: ['申请材料不齐全或不符合法定形式,不予受理', '不属于本机关职权范围,不予受理'],
  IN_REVIEW: ['进入审查', '转业务科室审核', null],
  APPROVED: ['审核通过', '准予许可', null],
  DENIED: ['不符合法定条件,不予许可', '经审查不予批准'],
  RESULT_ISSUED: ['已办结,结果已出具', '已出证'],
  RESULT_SERVED: ['结果已邮寄送达', '申请人已窗口领取', '已通过电子证照送达'],
}

export interface HistoryOptions {
  /** Whether the city has a separate "served" state (see CaseState). */
  recordsServed: boolean
  /** The first note: how the application came in (online, at a window, or another city's window). */
  intakeNote: string
}

function targetState(rng: Rng, recordsServed: boolean): CaseState {
  return rng.weighted<CaseState>([
    ['DELIVERED', 5],
    ['REFUSED', 8],
    ['ACCEPTED', 3],
    ['IN_REVIEW', 6],
    ['APPROVED', 4],
    ['DENIED', 7],
    ['RESULT_ISSUED', recordsServed ? 20 : 67],
    ['RESULT_SERVED', recordsServed ? 47 : 0],
  ])
}

/**
 * A case's state changes, oldest first, at strictly increasing whole-second times, starting at
 * `receivedAt`. The path stops early where the next change would fall after the sandbox's
 * "now", so recent cases are still open — as they would be on a live platform.
 */
export function caseHistory(rng: Rng, receivedAt: number, options: HistoryOptions): SeedCaseEvent[] {
  const path = PATHS[targetState(rng, options.recordsServed)]
  const events: SeedCaseEvent[] = [{ state: 'DELIVERED', at: receivedAt, note: options.intakeNote }]
  let at = receivedAt
  for (const state of path.slice(1)) {
    const [min, max] = GAP[state]
    at += Math.max(MINUTE, Math.floor((min + rng.next() * (max - min)) / 1000) * 1000)
    if (at >= SEED_NOW_MS) break
    events.push({ state, at, note: rng.pick(STATE_NOTES[state]) })
  }
  return events
}

/** A note for the intake event when nothing more specific applies. */
export function windowIntakeNote(rng: Rng): string {
  return rng.pick(STATE_NOTES.DELIVERED) ?? '窗口收件'
}
