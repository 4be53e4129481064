import type { RemoteCase } from '../acceptance/remote-case.js'
import type { CaseListFilter } from './case-store.js'

/** The fields of a case that listCases can filter on (the Redis store keeps them beside the document). */
export interface CaseListKeys {
  acceptingRegion: string
  acceptingWindow: string
  competentRegion: string
}

export const caseListKeys = (c: RemoteCase): CaseListKeys => ({
  acceptingRegion: c.accepting.region,
  acceptingWindow: c.accepting.window,
  competentRegion: c.competentRegion,
})

/** True when the case passes the filter's equality conditions (paging is the caller's part). */
export function matchesCaseFilter(k: CaseListKeys, f: CaseListFilter): boolean {
  return (f.acceptingRegion === undefined || k.acceptingRegion === f.acceptingRegion)
    && (f.acceptingWindow === undefined || k.acceptingWindow === f.acceptingWindow)
    && (f.competentRegion === undefined || k.competentRegion === f.competentRegion)
}
