import { pageWindow } from '../record-tables.js'
import type { MeishanData } from './meishan-data.js'

interface CaseFilterInput {
  applicant_id_no?: string | null
  item_code?: string | null
  /** A single status code: Meishan's filter takes one status, not a list. */
  status?: number | null
}

/** Resolvers for region-configs/meishan/schema.graphql. */
export function meishanResolvers(data: MeishanData) {
  return {
    Query: {
      case_page(_: unknown, { filter, offset, limit }: { filter?: CaseFilterInput | null; offset?: number | null; limit?: number | null }) {
        const all = data.cases.select({
          applicantId: filter?.applicant_id_no,
          matter: filter?.item_code,
          states: filter?.status != null ? new Set([filter.status]) : null,
        })
        return { total: all.length, items: pageWindow(all, offset, limit) }
      },
      cases_by_no: (_: unknown, { case_nos }: { case_nos: string[] }) => data.cases.lookup(case_nos),
      persons_by_id: (_: unknown, { ids }: { ids: number[] }) => data.persons.lookup(ids),
      enterprises_by_id: (_: unknown, { ids }: { ids: number[] }) => data.enterprises.lookup(ids),
      licences_of_holder: (_: unknown, { holder_id_no }: { holder_id_no: string }) => data.licences.ofHolder(holder_id_no),
      licences_by_no: (_: unknown, { licence_nos }: { licence_nos: string[] }) => data.licences.lookup(licence_nos),
    },
  }
}
