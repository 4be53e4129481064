/**
 * The canonical Tongban schema: the one API every caller sees, whatever each city's own
 * platform calls things. Region configurations map each city's local schema onto it.
 *
 * Ids of city-held records are region-qualified (`510600:DY2025000123`): the prefix routes an
 * id lookup to the owning city without a directory. Times are ISO-8601 with an offset.
 */
export const canonicalSdl = /* GraphQL */ `
"""ISO-8601 date-time with offset, e.g. 2025-03-04T09:30:00+08:00."""
scalar DateTime
"""Calendar date, yyyy-MM-dd."""
scalar Date

type Query {
  "The cities of the federation."
  regions: [Region!]!
  "A city by its GB/T 2260 code: a city code, a district code, or a historical code (512081 → Chengdu)."
  region(code: String!): Region
  "The shared matter catalogue (通办事项清单)."
  matters(filter: MatterFilter): [Matter!]!
  matter(code: String!): Matter
  "A case (办件) by its region-qualified id."
  case(id: ID!): Case
  "Cases across the federation, newest first; one page merges every region queried."
  cases(filter: CaseFilter, first: Int = 20, after: String): CaseConnection!
  "An electronic licence (电子证照) by its region-qualified id."
  certificate(id: ID!): Certificate
  """
  Every electronic licence held by a person or enterprise, from all regions. An entry a city
  sent in a form the gateway cannot translate is null, with the error at its path.
  """
  certificates(holderId: String!): [Certificate]!
  """
  Which city is competent for a matter given the applicant's facts. When facts are missing the
  error has extensions.code COMPETENCE_UNDETERMINED and extensions.missing lists them.
  """
  competentRegion(matterCode: String!, facts: CompetenceFactsInput!): CompetenceDecision!
  """
  Is this electronic licence or sealed document genuine, unrevoked and sealed by the right
  authority? Give the signed material (JWS, CMS with its data, GB/T 38540 seal, OFD), or a
  licence id to check the forms its issuing region publishes. Answers in ETSI EN 319 102-1 terms.
  """
  verifyCertificate(input: VerifyCertificateInput!): CertificateVerification!
  """
  A remote-acceptance case by its gateway id (TB-…), with its steps and deliveries. Window
  clerks see the cases their window accepted; city platforms the cases they handle.
  """
  remoteCase(id: ID!): RemoteCase
  "Remote-acceptance cases the caller may see, newest first."
  remoteCases(filter: RemoteCaseFilter, first: Int = 20, before: ID): [RemoteCase!]!
  "Deliveries that failed too often and wait for an operator (city platforms: their own)."
  deadLetters: [DeadLetter!]!
  "The hash-chained audit log (auditors)."
  auditLog(from: Int = 1, first: Int = 100): [AuditEntry!]!
  "Signed checkpoints of the audit log's head (auditors)."
  auditCheckpoints: [AuditCheckpoint!]!
}

type Mutation {
  """
  Accept an application at a remote window (异地受理). The accepting window and region come
  from the caller's window-clerk token. In order: the input is validated, the competent city
  decided, every certificate material verified, the case stored durably, and a signed receipt
  returned. The same idempotencyKey with the same request returns the same receipt.
  """
  submitRemoteApplication(input: RemoteApplicationInput!): RemoteApplicationReceipt!
  "A city platform reports a state change of a case it handles (city-platform token of that city)."
  reportCaseStatus(input: CaseStatusReportInput!): RemoteCase!
  "Put a dead-lettered delivery back in its region's queue."
  requeueDelivery(id: ID!): Boolean!
}

type Subscription {
  "The case each time it changes (state reported or polled, delivery progress). Over SSE."
  caseUpdated(id: ID!): RemoteCase!
}

input RemoteApplicationInput {
  "Chosen by the window (1–128 characters), unique per window."
  idempotencyKey: String!
  matterCode: String!
  mode: HandlingMode!
  applicant: ApplicantInput!
  materials: [MaterialInput!]!
}

input ApplicantInput {
  kind: ApplicantKind!
  name: String!
  "Resident ID (persons) or unified social credit code (enterprises); check characters are verified."
  idNumber: String!
  phone: String
  "Facts competence may depend on; the accepting region comes from the token."
  facts: ApplicantFactsInput!
}

input ApplicantFactsInput {
  householdRegistration: String
  residence: String
  enterpriseDomicile: String
  propertyLocation: String
  placeInsured: String
}

"A material: an electronic licence (by id, or its signed form inline), or a file by digest."
input MaterialInput {
  name: String!
  certificateId: ID
  jws: String
  cms: String
  data: String
  seal: String
  ofd: String
  "SHA-256 of a file material, hex."
  fileSha256: String
}

type RemoteApplicationReceipt {
  "The receipt (受理回执), a JWS signed by the gateway; tongban verify --receipt-key checks it."
  jws: String!
  case: RemoteCase!
  "True when this answers an earlier identical submission."
  replayed: Boolean!
}

input CaseStatusReportInput {
  "Gateway case id (TB-…)."
  caseId: ID!
  "The step the report is about; default: the step this city handles."
  step: Int
  "The city's own case number."
  localId: String
  state: CaseState!
  at: DateTime!
  note: String
}

input RemoteCaseFilter {
  "Competent or step region (GB/T 2260)."
  region: String
  state: CaseState
}

enum DeliveryStatus {
  "A later step of 多地联办, waiting for the earlier ones."
  WAITING
  PENDING
  DELIVERED
  "Failed too often; see deadLetters."
  DEAD
  CANCELLED
}

enum MaterialKind {
  CERTIFICATE
  FILE
}

type RemoteCase {
  "Gateway case id, TB- followed by a ULID."
  id: ID!
  matter: Matter!
  mode: HandlingMode!
  applicant: Applicant!
  acceptingRegion: Region!
  acceptingWindow: String!
  competentRegion: Region!
  "The case as a whole: the state of the step in progress."
  state: CaseState!
  steps: [CaseStep!]!
  materials: [AcceptedMaterial!]!
  history: [RemoteCaseEvent!]!
  receivedAt: DateTime!
  receipt: String!
}

type CaseStep {
  order: Int!
  name: String!
  region: Region!
  state: CaseState!
  "The city's own case number, once delivered."
  localId: String
  delivery: Delivery!
  "For 多地联办: whether this step was withdrawn because a later one was refused."
  compensation: DeliveryStatus
}

type Delivery {
  status: DeliveryStatus!
  attempts: Int!
  lastError: String
  nextAttemptAt: DateTime
}

type AcceptedMaterial {
  name: String!
  kind: MaterialKind!
  certificateId: ID
  format: String
  "SHA-256 of the material as given, hex."
  digest: String!
  indication: Indication
}

type RemoteCaseEvent {
  "A CaseState, or COMPENSATED."
  state: String!
  at: DateTime!
  note: String
  "gateway, or the code of the city that reported it."
  source: String!
  step: Int
}

type DeadLetter {
  id: ID!
  caseId: ID!
  step: Int!
  region: Region!
  kind: String!
  attempts: Int!
  reason: String!
  at: DateTime!
}

type AuditEntry {
  seq: Int!
  type: String!
  caseId: ID
  at: DateTime!
  "The entry's data as JSON."
  data: String!
  prevHash: String!
  hash: String!
}

type AuditCheckpoint {
  seq: Int!
  hash: String!
  at: DateTime!
  jws: String!
}

"A city of the federation (地级市) and its platform."
type Region {
  "GB/T 2260 code of the city, e.g. 510100."
  code: String!
  name: String!
  nameEn: String!
  "The city's government-service platform."
  platform: String!
  districts: [District!]!
  "False while the gateway's circuit breaker for this city is open."
  available: Boolean!
}

"A county-level division (区/县/县级市)."
type District {
  code: String!
  name: String!
  "Codes this division carried before (old records still use them)."
  formerCodes: [FormerCode!]!
}

type FormerCode {
  code: String!
  name: String!
  "Last day the code was in force."
  until: Date!
}

"Where competence for a matter lies (管辖依据)."
enum CompetenceBasis {
  "户籍地 — the city of household registration."
  HOUSEHOLD_REGISTRATION
  "居住地 — the city of residence."
  RESIDENCE
  "住所地 — the enterprise's registered domicile."
  ENTERPRISE_DOMICILE
  "不动产所在地 — where the property lies."
  PROPERTY_LOCATION
  "参保地 — where the applicant is insured."
  PLACE_INSURED
  "全城通办 — any office; the accepting city handles it."
  ANY_OFFICE
}

"Handling modes of 国办发〔2020〕35号."
enum HandlingMode {
  "全程网办 — fully online, handled by the competent city."
  FULLY_ONLINE
  "异地代收代办 — accepted in one city, handled by the competent city, result returned."
  REMOTE_INTAKE
  "多地联办 — one application, steps in several cities in order."
  MULTI_CITY
}

enum ApplicantKind {
  PERSON
  ENTERPRISE
}

input MatterFilter {
  "Substring of the Chinese or English name, or a prefix of the code."
  search: String
  basis: CompetenceBasis
  mode: HandlingMode
  applicantKind: ApplicantKind
}

"A government-service matter (事项) from the shared catalogue."
type Matter {
  "Standard matter code."
  code: String!
  name: String!
  nameEn: String!
  "Competent department type, e.g. 市场监管."
  department: String!
  competenceBasis: CompetenceBasis!
  handlingModes: [HandlingMode!]!
  applicantKinds: [ApplicantKind!]!
  "For 多地联办 matters: the ordered steps, each with its own competence basis."
  steps: [MatterStep!]!
  "Materials the applicant must supply."
  materials: [MaterialRequirement!]!
  "Legal basis of the competence rule."
  legalBasis: String
  "The code each city uses for this matter on its own platform."
  localCodes: [LocalMatterCode!]!
}

type MatterStep {
  order: Int!
  name: String!
  competenceBasis: CompetenceBasis!
}

type MaterialRequirement {
  name: String!
  "Certificate type that satisfies it, when an electronic licence can be used."
  certificateType: String
  required: Boolean!
}

type LocalMatterCode {
  region: Region!
  code: String!
}

"The processing states of a case (办件状态)."
enum CaseState {
  "Received by the gateway (受理前,网关已接收)."
  RECEIVED
  "Delivered to the competent city's platform."
  DELIVERED
  "Accepted at intake (受理)."
  ACCEPTED
  "Refused at intake (不予受理)."
  REFUSED
  "Under review (审查中)."
  IN_REVIEW
  "Approved (准予许可/办结)."
  APPROVED
  "Denied (不予许可)."
  DENIED
  "Result issued to the applicant (已出证/已送达)."
  RESULT_ISSUED
}

"A case (办件) held by a city platform."
type Case {
  "Region-qualified id, e.g. 510600:DY2025000123."
  id: ID!
  "The city platform's own case number."
  localId: String!
  "The city holding the case (the competent city)."
  region: Region!
  matter: Matter!
  applicant: Applicant!
  state: CaseState!
  mode: HandlingMode
  receivedAt: DateTime!
  updatedAt: DateTime
  "The city whose window accepted the application, when it was accepted remotely."
  acceptingRegion: Region
  "Every state change, oldest first."
  history: [CaseEvent]!
  materials: [Material]
}

type CaseEvent {
  state: CaseState!
  at: DateTime!
  note: String
}

union Applicant = Person | Enterprise

"A natural person (自然人)."
type Person {
  name: String!
  "Resident ID number (GB 11643)."
  idNumber: String!
  phone: String
}

"A legal person or other organisation (法人)."
type Enterprise {
  name: String!
  "Unified social credit code (GB 32100)."
  creditCode: String!
  legalRepresentative: String
}

"A supporting material of a case."
type Material {
  name: String!
  "Id of the electronic licence used, when one was."
  certificateId: ID
  "SHA-256 or SM3 digest of a file material, hex."
  digest: String
}

enum CertificateStatus {
  VALID
  REVOKED
  EXPIRED
  SUSPENDED
}

"Holder of an electronic licence."
type CertificateHolder {
  name: String!
  "Resident ID or unified social credit code."
  idNumber: String!
  kind: ApplicantKind!
}

"An electronic licence (电子证照)."
type Certificate {
  "Region-qualified id."
  id: ID!
  "Licence type name, e.g. 营业执照."
  typeName: String!
  "Licence number printed on it."
  number: String!
  holder: CertificateHolder!
  issuingRegion: Region!
  issuingAuthority: String!
  issuedOn: Date!
  validFrom: Date!
  "Null for licences valid long-term (长期)."
  validUntil: Date
  status: CertificateStatus!
  "The licence as its issuing city signed it, in every form the city publishes."
  signed: SignedCertificate
}

"Signed forms of a licence. Binary values are base64."
type SignedCertificate {
  "The signed bytes (the licence in canonical JSON), base64."
  data: String
  "JWS (RFC 7515, compact) over data."
  jws: String
  "Detached CMS SignedData (RFC 5652) over data, DER, base64."
  cms: String
  "GB/T 38540 SES_Signature over data, DER, base64."
  seal: String
  "The licence as a sealed OFD document, base64."
  ofd: String
}

"What to verify: signed material, or a licence id (then its issuing region's signed forms)."
input VerifyCertificateInput {
  "A JWS, compact or JSON serialisation."
  jws: String
  "CMS/PKCS#7 SignedData, base64 or PEM; give data for a detached signature."
  cms: String
  "The signed bytes, base64 (for a detached CMS or a GB/T 38540 SES_Signature)."
  data: String
  "A GB/T 38540 SES_Signature or SESeal, base64."
  seal: String
  "An OFD document, base64."
  ofd: String
  "A region-qualified licence id, e.g. 510600:DYZZ2026000200."
  certificateId: ID
  "Which signed forms of certificateId to check; default: every form the region publishes."
  forms: [SignedForm!]
  "Require the signer to chain to this region's anchors (GB/T 2260 code)."
  expectedRegion: String
}

enum SignedForm {
  JWS
  CMS
  SEAL
  OFD
}

"ETSI EN 319 102-1 main indication."
enum Indication {
  TOTAL_PASSED
  TOTAL_FAILED
  INDETERMINATE
}

"ETSI EN 319 102-1 sub-indications (Table 5)."
enum SubIndication {
  FORMAT_FAILURE
  HASH_FAILURE
  SIG_CRYPTO_FAILURE
  REVOKED
  EXPIRED
  NOT_YET_VALID
  SIG_CONSTRAINTS_FAILURE
  CHAIN_CONSTRAINTS_FAILURE
  CERTIFICATE_CHAIN_GENERAL_FAILURE
  NO_SIGNING_CERTIFICATE_FOUND
  NO_CERTIFICATE_CHAIN_FOUND
  REVOKED_NO_POE
  OUT_OF_BOUNDS_NO_POE
  TRY_LATER
  SIGNED_DATA_NOT_FOUND
  CRYPTO_CONSTRAINTS_FAILURE
}

enum SignatureFormat {
  JWS
  CMS
  SES_SIGNATURE
  SES_SEAL
  OFD
}

"The overall answer, and one report per signature checked."
type CertificateVerification {
  "The worst outcome over every report (and the licence's own status, for a licence id)."
  indication: Indication!
  subIndication: SubIndication
  "One plain sentence explaining the outcome."
  reason: String!
  reports: [VerificationReport!]!
  "The licence record from its issuing region, when verified by id."
  certificate: Certificate
}

type VerificationCheck {
  name: String!
  passed: Boolean!
  detail: String
}

type Signer {
  subject: String!
  serialNumber: String!
  issuer: String!
  "The region whose trust anchor the signer chains to."
  region: Region
  "That region's trust authority, from the trust list."
  authority: String
}

type SealInfo {
  name: String!
  type: Int!
  esID: String!
  validFrom: DateTime!
  validTo: DateTime!
  version: Int!
  maker: Signer
}

type Revocation {
  revokedAt: DateTime
  reason: String
}

"One signature's verification report (ETSI EN 319 102-1)."
type VerificationReport {
  format: SignatureFormat!
  indication: Indication!
  subIndication: SubIndication
  reason: String!
  "Every check that ran, in order."
  checks: [VerificationCheck!]!
  signer: Signer
  seal: SealInfo
  "Claimed signing time: a claim of the signer, not a proof of existence."
  signingTime: DateTime
  revocation: Revocation
  "For OFD documents: each signature's own report."
  signatures: [VerificationReport!]
}

input CaseFilter {
  "Resident ID or credit code of the applicant; validated (check character) before use."
  applicantIdNumber: String
  "Restrict to one city (city, district or historical code)."
  region: String
  matterCode: String
  state: CaseState
}

type CaseConnection {
  edges: [CaseEdge!]!
  pageInfo: PageInfo!
  "Total over the regions that answered; null if one of them cannot count."
  totalCount: Int
}

type CaseEdge {
  cursor: String!
  """
  Nullable on purpose (as the Relay spec allows): a case a city sent in a form the gateway
  cannot translate is null here, with the error at its exact path, instead of nulling the
  whole page of every other city's cases.
  """
  node: Case
}

type PageInfo {
  hasNextPage: Boolean!
  endCursor: String
}

"Facts about the applicant and the application that competence may depend on. Area codes are GB/T 2260 codes."
input CompetenceFactsInput {
  "Current household registration (户籍所在地). The ID number's area code is NOT accepted as proof."
  householdRegistration: String
  residence: String
  enterpriseDomicile: String
  propertyLocation: String
  placeInsured: String
  "The city of the accepting window (for ANY_OFFICE matters)."
  acceptingRegion: String
}

type CompetenceFact {
  name: String!
  "The value as given."
  value: String!
  "The current code it resolved to (e.g. 512081 → 510185)."
  resolvedCode: String!
}

type CompetenceStep {
  order: Int!
  name: String!
  rule: CompetenceBasis!
  region: Region!
}

type CompetenceDecision {
  matter: Matter!
  region: Region!
  "The district within the region, when the deciding fact named one."
  district: District
  rule: CompetenceBasis!
  "A sentence explaining the decision."
  explanation: String!
  factsUsed: [CompetenceFact!]!
  "For 多地联办 matters, every step in order; the first is region."
  steps: [CompetenceStep!]!
}
`
