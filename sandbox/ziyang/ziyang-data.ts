import { createCaseTable, createLicenceTable, type CaseTable, type LicenceTable } from '../record-tables.js'
import { parseBeijing, spacedDateTime } from '../seed/beijing-time.js'
import { sandboxSeed } from '../seed/create-seed.js'
import type { CaseFacts, CaseState, HandlingMode, LicenceStatus, PartyKind, SandboxSeed, SeedLicence } from '../seed/seed-types.js'

// 资阳市政务服务平台's records in its own shape (region-configs/ziyang/schema.graphql): its own
// vocabulary (CaseRecord, Party, EDocument), times as "yyyy-MM-dd HH:mm:ss" Beijing wall clock.

export const ZIYANG_CODE = '512000'

export type ZyPhase = 'WAITING' | 'TAKEN' | 'DECLINED' | 'EXAMINING' | 'GRANTED' | 'REJECTED' | 'CLOSED'

export interface ZyIndividualParty {
  __typename: 'IndividualParty'
  partyName: string
  partyCode: string
  mobile: string | null
}

export interface ZyCorporateParty {
  __typename: 'CorporateParty'
  partyName: string
  partyCode: string
  legalPerson: string | null
}

export interface ZyCaseRecord {
  recordNo: string
  itemNo: string
  phase: ZyPhase
  /** web | relay | joint; null for ordinary window handling. */
  route: string | null
  filedTime: string
  touchedTime: string | null
  originArea: string | null
  party: ZyIndividualParty | ZyCorporateParty
  trail: Array<{ phase: ZyPhase; time: string; memo: string | null }>
  proofs: Array<{ label: string; documentNo: string | null; fingerprint: string | null }>
}

export interface ZyEDocument {
  docNo: string
  category: string
  serial: string
  partyName: string
  partyCode: string
  partyType: 'INDIVIDUAL' | 'CORPORATE'
  issuedBy: string
  /** yyyy-MM-dd */
  issuedDate: string
  effectiveFrom: string
  effectiveTo: string | null
  condition: 'IN_FORCE' | 'WITHDRAWN' | 'LAPSED' | 'ON_HOLD'
}

export interface ZiyangData {
  records: CaseTable<ZyCaseRecord, ZyPhase>
  documents: LicenceTable<ZyEDocument>
}

// Ziyang has no separate "served" phase: a served result stays CLOSED.
const PHASE: Readonly<Record<CaseState, ZyPhase>> = {
  DELIVERED: 'WAITING',
  ACCEPTED: 'TAKEN',
  REFUSED: 'DECLINED',
  IN_REVIEW: 'EXAMINING',
  APPROVED: 'GRANTED',
  DENIED: 'REJECTED',
  RESULT_ISSUED: 'CLOSED',
  RESULT_SERVED: 'CLOSED',
}
export const ROUTE: Readonly<Record<HandlingMode, string>> = { FULLY_ONLINE: 'web', REMOTE_INTAKE: 'relay', MULTI_CITY: 'joint' }
export const PARTY_TYPE: Readonly<Record<PartyKind, ZyEDocument['partyType']>> = { PERSON: 'INDIVIDUAL', ENTERPRISE: 'CORPORATE' }
const CONDITION: Readonly<Record<LicenceStatus, ZyEDocument['condition']>> = {
  VALID: 'IN_FORCE',
  REVOKED: 'WITHDRAWN',
  EXPIRED: 'LAPSED',
  SUSPENDED: 'ON_HOLD',
}

/** The case record as Ziyang stores it, for a seeded case or one another city's window took in. */
export function toRecord(c: CaseFacts): ZyCaseRecord {
  const common = { partyName: c.applicantName, partyCode: c.applicantIdNumber }
  const party: ZyCaseRecord['party'] =
    c.applicant.kind === 'PERSON'
      ? { __typename: 'IndividualParty', ...common, mobile: c.applicantPhone }
      : { __typename: 'CorporateParty', ...common, legalPerson: c.applicantLegalRepresentative }
  return {
    recordNo: c.localId,
    itemNo: c.localMatterCode,
    phase: PHASE[c.state],
    route: c.mode && ROUTE[c.mode],
    filedTime: spacedDateTime(c.receivedAt),
    touchedTime: spacedDateTime(c.updatedAt),
    originArea: c.acceptingRegion,
    party,
    trail: c.history.map((e) => ({ phase: PHASE[e.state], time: spacedDateTime(e.at), memo: e.note })),
    proofs: c.materials.map((m) => ({ label: m.name, documentNo: m.licenceId, fingerprint: m.digest })),
  }
}

function toDocument(l: SeedLicence): ZyEDocument {
  return {
    docNo: l.localId,
    category: l.type,
    serial: l.number,
    partyName: l.holderName,
    partyCode: l.holderIdNumber,
    partyType: PARTY_TYPE[l.holder.kind],
    issuedBy: l.authority,
    issuedDate: l.issuedOn,
    effectiveFrom: l.validFrom,
    effectiveTo: l.validUntil,
    condition: CONDITION[l.status],
  }
}

/** Ziyang's local records built from the neutral seed, with their indexes. */
export function createZiyangData(seed: SandboxSeed = sandboxSeed()): ZiyangData {
  const city = seed.cities[ZIYANG_CODE]!
  return {
    records: createCaseTable(
      city.cases.map(toRecord),
      { no: (r) => r.recordNo, receivedAt: (r) => parseBeijing(r.filedTime, 'spaced')!, applicantId: (r) => r.party.partyCode, matter: (r) => r.itemNo, state: (r) => r.phase },
    ),
    documents: createLicenceTable(city.licences.map(toDocument), { no: (d) => d.docNo, holderId: (d) => d.partyCode }),
  }
}
