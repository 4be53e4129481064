import type { RegionRef } from '../shared/model.js'

export interface Matter {
  code: string
  name: string
  nameEn: string
  department: string
  competenceBasis: string
  handlingModes: string[]
  applicantKinds: string[]
  steps: { order: number; name: string; competenceBasis: string }[]
  materials: { name: string; certificateType: string | null; required: boolean }[]
}

export const MATTERS = `query Matters($search: String) { matters(filter: { search: $search }) {
  code name nameEn department competenceBasis handlingModes applicantKinds
  steps { order name competenceBasis } materials { name certificateType required } } }`

export interface CompetenceDecision {
  region: RegionRef
  district: { code: string; name: string } | null
  rule: string
  explanation: string
  factsUsed: { name: string; value: string; resolvedCode: string }[]
  steps: { order: number; name: string; rule: string; region: RegionRef }[]
}

export const COMPETENT_REGION = `query Competent($matterCode: String!, $facts: CompetenceFactsInput!) { competentRegion(matterCode: $matterCode, facts: $facts) {
  region { code name nameEn } district { code name } rule explanation factsUsed { name value resolvedCode }
  steps { order name rule region { code name nameEn } } } }`

export interface HolderLicence {
  id: string
  typeName: string
  number: string
  issuingRegion: RegionRef
  validUntil: string | null
  status: string
}

export const HOLDER_LICENCES = `query Licences($holderId: String!) { certificates(holderId: $holderId) {
  id typeName number issuingRegion { code name nameEn } validUntil status } }`

export interface RemoteCase {
  id: string
  state: string
  receivedAt: string
  mode: string
  acceptingWindow: string
  matter: { code: string; name: string; nameEn: string }
  applicant: { __typename: 'Person'; name: string; idNumber: string } | { __typename: 'Enterprise'; name: string; creditCode: string }
  acceptingRegion: RegionRef
  competentRegion: RegionRef
  steps: { order: number; name: string; state: string; localId: string | null; region: RegionRef; delivery: { status: string; attempts: number }; compensation: string | null }[]
  materials: { name: string; kind: string; certificateId: string | null; digest: string; indication: string | null }[]
  history: { state: string; at: string; note: string | null; source: string; step: number | null }[]
}

const CASE_FIELDS = `id state receivedAt mode acceptingWindow
  matter { code name nameEn }
  applicant { __typename ... on Person { name idNumber } ... on Enterprise { name creditCode } }
  acceptingRegion { code name nameEn } competentRegion { code name nameEn }
  steps { order name state localId region { code name nameEn } delivery { status attempts } compensation }
  materials { name kind certificateId digest indication }
  history { state at note source step }`

export const SUBMIT = `mutation Submit($input: RemoteApplicationInput!) { submitRemoteApplication(input: $input) { jws replayed case { ${CASE_FIELDS} } } }`

export const REMOTE_CASES = `query Cases($first: Int) { remoteCases(first: $first) { ${CASE_FIELDS} } }`

export const CASE_UPDATED = `subscription Updated($id: ID!) { caseUpdated(id: $id) { ${CASE_FIELDS} } }`

export interface Receipt {
  jws: string
  replayed: boolean
  case: RemoteCase
}

/** Cases that will not change any more: no live subscription is spent on them. */
export const FINAL_STATES = new Set(['REFUSED', 'DENIED', 'RESULT_ISSUED'])
