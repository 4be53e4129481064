// The neutral seed: one federation population and, per city, cases and licences in a shape no
// city uses. Each city module maps it to its own local schema. Leaf module: types only.

export type PartyKind = 'PERSON' | 'ENTERPRISE'

/**
 * Case states. RESULT_SERVED (result handed to the applicant) exists only on platforms that
 * record it separately (Chengdu DELIVERED_TO_APPLICANT, Deyang "08"); the others stop at
 * RESULT_ISSUED, so the generator never produces it for them.
 */
export type CaseState =
  | 'DELIVERED'
  | 'ACCEPTED'
  | 'REFUSED'
  | 'IN_REVIEW'
  | 'APPROVED'
  | 'DENIED'
  | 'RESULT_ISSUED'
  | 'RESULT_SERVED'

export type HandlingMode = 'FULLY_ONLINE' | 'REMOTE_INTAKE' | 'MULTI_CITY'

export type LicenceStatus = 'VALID' | 'REVOKED' | 'EXPIRED' | 'SUSPENDED'

export type LicenceType = '营业执照' | '食品经营许可证' | '结婚证' | '不动产权证书' | '机动车驾驶证' | '社会保障卡'

export type CompetenceBasis =
  | 'HOUSEHOLD_REGISTRATION'
  | 'RESIDENCE'
  | 'ENTERPRISE_DOMICILE'
  | 'PROPERTY_LOCATION'
  | 'PLACE_INSURED'
  | 'ANY_OFFICE'

export interface SeedDistrict {
  code: string
  name: string
  formerCodes: ReadonlyArray<{ code: string; name: string; until: string }>
}

export interface SeedRegion {
  /** Folder under region-configs/. */
  folder: 'chengdu' | 'deyang' | 'meishan' | 'ziyang'
  code: string
  name: string
  districts: readonly SeedDistrict[]
  /** Catalogue matter code → this city's local matter code. */
  matterCodes: Readonly<Record<string, string>>
}

export interface SeedMatter {
  code: string
  name: string
  basis: CompetenceBasis
  modes: readonly HandlingMode[]
  applicantKinds: readonly PartyKind[]
  materials: ReadonlyArray<{ name: string; required: boolean; certificateType?: string }>
}

export interface SeedPerson {
  /** Index in `SandboxSeed.persons`. */
  ref: number
  name: string
  sex: 'M' | 'F'
  birthDate: string
  /** GB 11643; digits 1–6 are where the number was first issued, not where the person lives. */
  idNumber: string
  phone: string
  householdDistrict: string
  residenceDistrict: string
}

export interface SeedEnterprise {
  /** Index in `SandboxSeed.enterprises`. */
  ref: number
  name: string
  /** GB 32100; characters 3–8 are the registering authority's area code. */
  creditCode: string
  legalRepresentativeRef: number
  legalRepresentative: string
  domicileDistrict: string
  establishedOn: string
  phone: string
}

export interface SeedPartyRef {
  kind: PartyKind
  ref: number
}

export interface SeedCaseEvent {
  state: CaseState
  /** Epoch milliseconds; strictly increasing along a history. */
  at: number
  note: string | null
}

export interface SeedMaterial {
  name: string
  /** The local id of a licence issued by the same city, when the material is one. */
  licenceId: string | null
  /** sha256 hex of an uploaded file, for materials that are not licences. */
  digest: string | null
}

export interface SeedCase {
  region: string
  localId: string
  matterCode: string
  localMatterCode: string
  matterName: string
  applicant: SeedPartyRef
  applicantName: string
  /** Resident ID number or credit code. */
  applicantIdNumber: string
  /** The person's mobile, or the enterprise's contact number. */
  applicantPhone: string
  /** null for persons. */
  applicantLegalRepresentative: string | null
  /** null: ordinary window handling, not one of the 通办 modes. */
  mode: HandlingMode | null
  /** Always the last history entry's state. */
  state: CaseState
  receivedAt: number
  updatedAt: number
  /** As the city stores it: a city, district or historical code, or null. */
  acceptingRegion: string | null
  /** True when another city's window took the application in. */
  remote: boolean
  history: readonly SeedCaseEvent[]
  materials: readonly SeedMaterial[]
}

/**
 * What a city builds its local case record from: a seed case, or a case another city's window
 * took in (异地受理), whose applicant has no place in the seed population (no `ref`) and may have
 * given no phone number.
 */
export type CaseFacts = Omit<SeedCase, 'applicant' | 'applicantPhone'> & {
  applicant: { kind: PartyKind }
  applicantPhone: string | null
}

export interface SeedLicence {
  region: string
  localId: string
  type: LicenceType
  number: string
  holder: SeedPartyRef
  holderName: string
  holderIdNumber: string
  authority: string
  /** ISO dates (Beijing calendar). */
  issuedOn: string
  validFrom: string
  /** null: long-term (长期). */
  validUntil: string | null
  status: LicenceStatus
}

export interface CitySeed {
  region: SeedRegion
  /** Newest first: received time descending, then local id descending. */
  cases: readonly SeedCase[]
  /** Issue date descending, then local id descending. */
  licences: readonly SeedLicence[]
}

export interface SandboxSeed {
  regions: readonly SeedRegion[]
  matters: readonly SeedMatter[]
  persons: readonly SeedPerson[]
  enterprises: readonly SeedEnterprise[]
  /** Keyed by city code (510100, 510600, 511400, 512000). */
  cities: Readonly<Record<string, CitySeed>>
}
