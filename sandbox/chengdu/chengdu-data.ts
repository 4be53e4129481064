import { createCaseTable, createLicenceTable, type CaseTable, type LicenceTable } from '../record-tables.js'
import { isoBeijing } from '../seed/beijing-time.js'
import { sandboxSeed } from '../seed/create-seed.js'
import type { CaseFacts, CaseState, HandlingMode, LicenceStatus, PartyKind, SandboxSeed, SeedLicence } from '../seed/seed-types.js'

// 天府蓉易办's records in its own shape (region-configs/chengdu/schema.graphql).

export const CHENGDU_CODE = '510100'

export type CdStatus =
  | 'PENDING_INTAKE'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'UNDER_REVIEW'
  | 'APPROVED'
  | 'DISAPPROVED'
  | 'CERTIFICATE_ISSUED'
  | 'DELIVERED_TO_APPLICANT'

export interface CdNaturalPerson {
  __typename: 'NaturalPerson'
  fullName: string
  idCardNumber: string
  mobile: string | null
}

export interface CdLegalEntity {
  __typename: 'LegalEntity'
  entityName: string
  creditCode: string
  legalRepresentative: string | null
}

export interface CdApplication {
  applicationNumber: string
  serviceItemCode: string
  status: CdStatus
  channel: 'ONLINE' | 'PROXY' | 'JOINT' | null
  /** ISO-8601 with +08:00. */
  submittedAt: string
  lastUpdatedAt: string | null
  partnerRegionCode: string | null
  applicant: CdNaturalPerson | CdLegalEntity
  statusHistory: Array<{ status: CdStatus; changedAt: string; remark: string | null }>
  attachments: Array<{ title: string; licenceId: string | null; sha256: string | null }>
}

export interface CdLicence {
  licenceId: string
  licenceType: string
  licenceNumber: string
  holderName: string
  holderIdNumber: string
  holderType: 'INDIVIDUAL' | 'ORGANISATION'
  issuer: string
  /** yyyy-MM-dd */
  issueDate: string
  validFrom: string
  /** null for long-term licences. */
  validTo: string | null
  state: 'ACTIVE' | 'REVOKED' | 'EXPIRED' | 'SUSPENDED'
}

export interface ChengduData {
  applications: CaseTable<CdApplication, CdStatus>
  licences: LicenceTable<CdLicence>
  /**
   * Receipt time in epoch ms per application: the sort key the Relay cursors encode. Mutable only
   * so that the intake can add its applications (chengdu-intake.ts).
   */
  receivedMs: Map<CdApplication, number>
}

const STATUS: Readonly<Record<CaseState, CdStatus>> = {
  DELIVERED: 'PENDING_INTAKE',
  ACCEPTED: 'ACCEPTED',
  REFUSED: 'REJECTED',
  IN_REVIEW: 'UNDER_REVIEW',
  APPROVED: 'APPROVED',
  DENIED: 'DISAPPROVED',
  RESULT_ISSUED: 'CERTIFICATE_ISSUED',
  RESULT_SERVED: 'DELIVERED_TO_APPLICANT',
}
export const CHANNEL: Readonly<Record<HandlingMode, 'ONLINE' | 'PROXY' | 'JOINT'>> = {
  FULLY_ONLINE: 'ONLINE',
  REMOTE_INTAKE: 'PROXY',
  MULTI_CITY: 'JOINT',
}
export const HOLDER_TYPE: Readonly<Record<PartyKind, CdLicence['holderType']>> = { PERSON: 'INDIVIDUAL', ENTERPRISE: 'ORGANISATION' }
const STATE: Readonly<Record<LicenceStatus, CdLicence['state']>> = {
  VALID: 'ACTIVE',
  REVOKED: 'REVOKED',
  EXPIRED: 'EXPIRED',
  SUSPENDED: 'SUSPENDED',
}

/** The application as Chengdu stores it, for a seeded case or one a partner city's window took in. */
export function toApplication(c: CaseFacts): CdApplication {
  const [name, id] = [c.applicantName, c.applicantIdNumber]
  const applicant: CdApplication['applicant'] =
    c.applicant.kind === 'PERSON'
      ? { __typename: 'NaturalPerson', fullName: name, idCardNumber: id, mobile: c.applicantPhone }
      : { __typename: 'LegalEntity', entityName: name, creditCode: id, legalRepresentative: c.applicantLegalRepresentative }
  return {
    applicationNumber: c.localId,
    serviceItemCode: c.localMatterCode,
    status: STATUS[c.state],
    channel: c.mode && CHANNEL[c.mode],
    submittedAt: isoBeijing(c.receivedAt),
    lastUpdatedAt: isoBeijing(c.updatedAt),
    // Chengdu records only a partner city's window; its own windows leave this empty.
    partnerRegionCode: c.remote ? c.acceptingRegion : null,
    applicant,
    statusHistory: c.history.map((e) => ({ status: STATUS[e.state], changedAt: isoBeijing(e.at), remark: e.note })),
    attachments: c.materials.map((m) => ({ title: m.name, licenceId: m.licenceId, sha256: m.digest })),
  }
}

function toLicence(l: SeedLicence): CdLicence {
  return {
    licenceId: l.localId,
    licenceType: l.type,
    licenceNumber: l.number,
    holderName: l.holderName,
    holderIdNumber: l.holderIdNumber,
    holderType: HOLDER_TYPE[l.holder.kind],
    issuer: l.authority,
    issueDate: l.issuedOn,
    validFrom: l.validFrom,
    validTo: l.validUntil,
    state: STATE[l.status],
  }
}

/** Chengdu's local records built from the neutral seed, with their indexes. */
export function createChengduData(seed: SandboxSeed = sandboxSeed()): ChengduData {
  const city = seed.cities[CHENGDU_CODE]!
  const receivedMs = new Map<CdApplication, number>()
  const applications = city.cases.map((c) => {
    const a = toApplication(c)
    receivedMs.set(a, c.receivedAt)
    return a
  })
  return {
    applications: createCaseTable(applications, {
      no: (a) => a.applicationNumber,
      receivedAt: (a) => receivedMs.get(a)!,
      applicantId: (a) => (a.applicant.__typename === 'NaturalPerson' ? a.applicant.idCardNumber : a.applicant.creditCode),
      matter: (a) => a.serviceItemCode,
      state: (a) => a.status,
    }),
    licences: createLicenceTable(city.licences.map(toLicence), { no: (l) => l.licenceId, holderId: (l) => l.holderIdNumber }),
    receivedMs,
  }
}
