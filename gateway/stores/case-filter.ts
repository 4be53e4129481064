import type { CaseState, CaseStep, RemoteCase } from '../acceptance/remote-case.js'
import type { CaseListFilter } from './case-store.js'

/** The fields of a case that listCases can filter on (the Redis store keeps them beside the document). */
export interface CaseListKeys {
  acceptingRegion: string
  acceptingWindow: string
  competentRegion: string
  /** Regions holding a step of the case whose progress the gateway still follows (sorted). */
  openIn: string[]
}

const TERMINAL: ReadonlySet<CaseState> = new Set(['RESULT_ISSUED', 'REFUSED', 'DENIED'])

/** A step delivered to its city and not finished there: the gateway waits for its reports. */
export const isOpenStep = (s: CaseStep): boolean => Boolean(s.localId) && s.delivery.status === 'DELIVERED' && !TERMINAL.has(s.state)

export const caseListKeys = (c: RemoteCase): CaseListKeys => ({
  acceptingRegion: c.accepting.region,
  acceptingWindow: c.accepting.window,
  competentRegion: c.competentRegion,
  openIn: [...new Set(c.steps.filter(isOpenStep).map((s) => s.region))].sort(),
})

/** True when the case passes the filter's equality conditions (paging is the caller's part). */
export function matchesCaseFilter(k: CaseListKeys, f: CaseListFilter): boolean {
  return (f.acceptingRegion === undefined || k.acceptingRegion === f.acceptingRegion)
    && (f.acceptingWindow === undefined || k.acceptingWindow === f.acceptingWindow)
    && (f.competentRegion === undefined || k.competentRegion === f.competentRegion)
    && (f.openIn === undefined || k.openIn.includes(f.openIn))
}
