import { createCaseTable, createIdTable, createLicenceTable, type CaseTable, type IdTable, type LicenceTable } from '../record-tables.js'
import { beijingDateMs } from '../seed/beijing-time.js'
import { sandboxSeed } from '../seed/create-seed.js'
import type { CaseFacts, CaseState, HandlingMode, LicenceStatus, PartyKind, SandboxSeed, SeedLicence } from '../seed/seed-types.js'

// 眉山市政务服务平台's records in its own shape (region-configs/meishan/schema.graphql):
// snake_case, epoch-millisecond times, and a case that holds only a reference to its applicant
// in one of two registers (natural persons, enterprises).

export const MEISHAN_CODE = '511400'

/**
 * Register ids. Persons and enterprises are numbered independently and both from 10001, so the
 * same number can name a person and an enterprise: only `applicant_kind` tells which register
 * `applicant_ref` points into, as on the real platform.
 */
const FIRST_ID = 10001

export interface MsServiceCase {
  case_no: string
  item_code: string
  /** 10 pending intake, 20 accepted, 21 refused, 30 in review, 40 approved, 41 denied, 50 issued */
  status: number
  mode: 'online' | 'proxy' | 'joint' | null
  created_ms: number
  updated_ms: number | null
  accepting_area: string | null
  applicant_kind: 'person' | 'enterprise'
  applicant_ref: number
  timeline: Array<{ status: number; at_ms: number; comment: string | null }>
  materials: Array<{ title: string; licence_no: string | null; digest_hex: string | null }>
}

export interface MsNaturalPerson {
  id: number
  name: string
  id_no: string
  phone: string | null
}

export interface MsEnterprise {
  id: number
  name: string
  uscc: string
  legal_rep: string | null
}

export interface MsLicence {
  licence_no: string
  kind: string
  number: string
  holder_name: string
  holder_id_no: string
  holder_kind: 'person' | 'enterprise'
  authority: string
  /** Epoch ms of Beijing midnight on the date (convert with UTC+8, not UTC, to get the date back). */
  issued_ms: number
  valid_from_ms: number
  valid_to_ms: number | null
  state: 'valid' | 'revoked' | 'expired' | 'suspended'
}

export interface MeishanData {
  cases: CaseTable<MsServiceCase, number>
  /** Keyed by id and by id_no; the intake registers applicants it has not seen. */
  persons: IdTable<MsNaturalPerson>
  /** Keyed by id and by uscc. */
  enterprises: IdTable<MsEnterprise>
  licences: LicenceTable<MsLicence>
}

// Meishan has no separate "served" state: a served result is still 50 (issued).
const STATUS: Readonly<Record<CaseState, number>> = {
  DELIVERED: 10,
  ACCEPTED: 20,
  REFUSED: 21,
  IN_REVIEW: 30,
  APPROVED: 40,
  DENIED: 41,
  RESULT_ISSUED: 50,
  RESULT_SERVED: 50,
}
export const MODE: Readonly<Record<HandlingMode, 'online' | 'proxy' | 'joint'>> = { FULLY_ONLINE: 'online', REMOTE_INTAKE: 'proxy', MULTI_CITY: 'joint' }
export const APPLICANT_KIND: Readonly<Record<PartyKind, MsServiceCase['applicant_kind']>> = { PERSON: 'person', ENTERPRISE: 'enterprise' }
const STATE: Readonly<Record<LicenceStatus, MsLicence['state']>> = { VALID: 'valid', REVOKED: 'revoked', EXPIRED: 'expired', SUSPENDED: 'suspended' }

/**
 * The case as Meishan stores it, for a seeded case or one another city's window took in.
 * @param applicantRef the applicant's id in the register `applicant_kind` names
 */
export function toCase(c: CaseFacts, applicantRef: number): MsServiceCase {
  return {
    case_no: c.localId,
    item_code: c.localMatterCode,
    status: STATUS[c.state],
    mode: c.mode && MODE[c.mode],
    created_ms: c.receivedAt,
    updated_ms: c.updatedAt,
    accepting_area: c.acceptingRegion,
    applicant_kind: APPLICANT_KIND[c.applicant.kind],
    applicant_ref: applicantRef,
    timeline: c.history.map((e) => ({ status: STATUS[e.state], at_ms: e.at, comment: e.note })),
    materials: c.materials.map((m) => ({ title: m.name, licence_no: m.licenceId, digest_hex: m.digest })),
  }
}

function toLicence(l: SeedLicence): MsLicence {
  return {
    licence_no: l.localId,
    kind: l.type,
    number: l.number,
    holder_name: l.holderName,
    holder_id_no: l.holderIdNumber,
    holder_kind: APPLICANT_KIND[l.holder.kind],
    authority: l.authority,
    issued_ms: beijingDateMs(l.issuedOn),
    valid_from_ms: beijingDateMs(l.validFrom),
    valid_to_ms: l.validUntil === null ? null : beijingDateMs(l.validUntil),
    state: STATE[l.status],
  }
}

/**
 * Meishan's local records built from the neutral seed. Its registers hold the persons and
 * enterprises its own cases refer to (ordered by id), not the whole federation.
 */
export function createMeishanData(seed: SandboxSeed = sandboxSeed()): MeishanData {
  const city = seed.cities[MEISHAN_CODE]!
  const personRefs = new Set<number>()
  const enterpriseRefs = new Set<number>()
  for (const c of city.cases) (c.applicant.kind === 'PERSON' ? personRefs : enterpriseRefs).add(c.applicant.ref)
  const persons = [...personRefs].sort((a, b) => a - b).map((ref): MsNaturalPerson => {
    const p = seed.persons[ref]!
    return { id: FIRST_ID + ref, name: p.name, id_no: p.idNumber, phone: p.phone }
  })
  const enterprises = [...enterpriseRefs].sort((a, b) => a - b).map((ref): MsEnterprise => {
    const e = seed.enterprises[ref]!
    return { id: FIRST_ID + ref, name: e.name, uscc: e.creditCode, legal_rep: e.legalRepresentative }
  })
  // New registrations are numbered past the whole federation population, so no id a seeded
  // person or enterprise has (or would have, in another city's data) is ever reused.
  const personTable = createIdTable(persons, { id: (p) => p.id, key: (p) => p.id_no, firstFreeId: FIRST_ID + seed.persons.length })
  const enterpriseTable = createIdTable(enterprises, { id: (e) => e.id, key: (e) => e.uscc, firstFreeId: FIRST_ID + seed.enterprises.length })
  // The filter by applicant number is a join on the real platform; here it is precomputed.
  const applicantNo = (c: MsServiceCase): string =>
    c.applicant_kind === 'person' ? personTable.lookup([c.applicant_ref])[0]!.id_no : enterpriseTable.lookup([c.applicant_ref])[0]!.uscc
  return {
    cases: createCaseTable(city.cases.map((c) => toCase(c, FIRST_ID + c.applicant.ref)), {
      no: (c) => c.case_no,
      receivedAt: (c) => c.created_ms,
      applicantId: applicantNo,
      matter: (c) => c.item_code,
      state: (c) => c.status,
    }),
    persons: personTable,
    enterprises: enterpriseTable,
    licences: createLicenceTable(city.licences.map(toLicence), { no: (l) => l.licence_no, holderId: (l) => l.holder_id_no }),
  }
}
