import { pageWindow } from '../record-tables.js'
import type { ZiyangData, ZyPhase } from './ziyang-data.js'

interface CaseCriteria {
  partyCode?: string | null
  itemNo?: string | null
  phase?: ZyPhase[] | null
}

/**
 * Resolvers for region-configs/ziyang/schema.graphql, a federation v2 subgraph:
 * `__resolveReference` serves `_entities` for CaseRecord (by recordNo) and EDocument (by docNo),
 * answering null for keys the city does not hold.
 */
export function ziyangResolvers(data: ZiyangData) {
  const select = (criteria: CaseCriteria | null | undefined) =>
    data.records.select({
      applicantId: criteria?.partyCode,
      matter: criteria?.itemNo,
      states: criteria?.phase ? new Set(criteria.phase) : null,
    })
  return {
    Query: {
      caseRecords: (_: unknown, { criteria, page }: { criteria?: CaseCriteria | null; page?: { skip: number; take: number } | null }) =>
        pageWindow(select(criteria), page?.skip, page?.take),
      caseRecordCount: (_: unknown, { criteria }: { criteria?: CaseCriteria | null }) => select(criteria).length,
      documentsOfParty: (_: unknown, { partyCode }: { partyCode: string }) => data.documents.ofHolder(partyCode),
    },
    CaseRecord: {
      __resolveReference: ({ recordNo }: { recordNo: string }) => data.records.get(recordNo) ?? null,
    },
    EDocument: {
      __resolveReference: ({ docNo }: { docNo: string }) => data.documents.lookup([docNo])[0] ?? null,
    },
  }
}
