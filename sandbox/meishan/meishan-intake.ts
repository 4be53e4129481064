import type { IntakeLedger, IntakeRequest, IntakeStore } from '../intake/intake-types.js'
import { intakeMutations } from '../intake/intake-mutations.js'
import { fromLocal, requireTime } from '../intake/local-codes.js'
import type { CaseFacts } from '../seed/seed-types.js'
import { APPLICANT_KIND, MODE, toCase, type MeishanData, type MsServiceCase } from './meishan-data.js'

// 眉山's side of 异地受理: accept_remote_case / cancel_remote_case
// (region-configs/meishan/schema.graphql, type Mutation).

interface RemoteCaseInput {
  gateway_case_id: string
  item_code: string
  mode: string
  created_ms: number
  accepting_area: string
  accepting_window: string
  applicant_kind: string
  applicant_name: string
  applicant_id_no: string
  applicant_phone?: string | null
  materials: Array<{ title: string; licence_no?: string | null; digest_hex?: string | null }>
}

/**
 * The applicant's id in its register: the one registered under the identity number, or a new
 * registration. Meishan's cases hold only this reference, so the applicant must exist first.
 */
function applicantRef(data: MeishanData, c: CaseFacts): number {
  const no = c.applicantIdNumber
  if (c.applicant.kind === 'PERSON') {
    const known = data.persons.find(no)
    return (known ?? data.persons.add((id) => ({ id, name: c.applicantName, id_no: no, phone: c.applicantPhone }))).id
  }
  const known = data.enterprises.find(no)
  return (known ?? data.enterprises.add((id) => ({ id, name: c.applicantName, uscc: no, legal_rep: c.applicantLegalRepresentative }))).id
}

/** Meishan's records as the shared intake reaches them. */
export function meishanIntakeStore(data: MeishanData): IntakeStore<MsServiceCase> {
  return {
    // Rebuilding the record after a state change finds the applicant registered the first time.
    toLocal: (facts) => toCase(facts, applicantRef(data, facts)),
    insert: (record) => data.cases.insert(record),
  }
}

function toRequest(c: RemoteCaseInput): IntakeRequest {
  return {
    gatewayCaseId: c.gateway_case_id,
    localMatterCode: c.item_code,
    mode: fromLocal(MODE, c.mode, 'mode'),
    submittedAt: requireTime(Number.isInteger(c.created_ms) ? c.created_ms : undefined, 'created_ms', c.created_ms),
    acceptingRegion: c.accepting_area,
    acceptingWindow: c.accepting_window,
    applicant: { kind: fromLocal(APPLICANT_KIND, c.applicant_kind, 'applicant_kind'), name: c.applicant_name, idNumber: c.applicant_id_no, phone: c.applicant_phone ?? null },
    materials: c.materials.map((m) => ({ name: m.title, licenceId: m.licence_no ?? null, digest: m.digest_hex ?? null })),
  }
}

/** Mutation resolvers over the city's intake ledger. */
export function meishanIntakeResolvers(intake: IntakeLedger<MsServiceCase>) {
  return intakeMutations(intake, {
    receive: { field: 'accept_remote_case', arg: 'case', read: toRequest, receipt: (r) => ({ case_no: r.localId, duplicate: r.duplicate }) },
    withdraw: { field: 'cancel_remote_case', id: 'gateway_case_id', reason: 'reason' },
  })
}
