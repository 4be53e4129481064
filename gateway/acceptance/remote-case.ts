/**
 * A remote-acceptance case (异地受理办件) as the gateway holds it: accepted at a window of one
 * city, decided by the competent city (or, for 多地联办, by several cities in order). The
 * gateway is its system of record until every step has been delivered.
 */
export type CaseState = 'RECEIVED' | 'DELIVERED' | 'ACCEPTED' | 'REFUSED' | 'IN_REVIEW' | 'APPROVED' | 'DENIED' | 'RESULT_ISSUED'

export type HandlingMode = 'FULLY_ONLINE' | 'REMOTE_INTAKE' | 'MULTI_CITY'

/** How far a step's delivery to its city has got. WAITING: a later step of 多地联办. */
export type DeliveryStatus = 'WAITING' | 'PENDING' | 'DELIVERED' | 'DEAD' | 'CANCELLED'

export interface CaseEvent {
  state: CaseState | 'COMPENSATED'
  /** ISO-8601 with offset. */
  at: string
  note: string | null
  /** 'gateway' or the region code of the city that reported it. */
  source: string
  /** Step (1-based) the event belongs to; null for the case as a whole. */
  step: number | null
}

export interface CaseStep {
  order: number
  name: string
  region: string
  state: CaseState
  /** The city's own case number, once it has one. */
  localId: string | null
  delivery: {
    status: DeliveryStatus
    attempts: number
    lastError: string | null
    /** Epoch ms of the next attempt, while retrying. */
    nextAttemptAt: number | null
  }
  /** 多地联办: the city was asked to undo this step because a later one was refused. */
  compensation: DeliveryStatus | null
}

export interface MaterialRecord {
  name: string
  kind: 'CERTIFICATE' | 'FILE'
  /** Licence id, for licences given by id. */
  certificateId: string | null
  /** Signature format of an inline certificate (JWS, CMS, SES_SIGNATURE, OFD…). */
  format: string | null
  /** SHA-256 (hex) of the material's bytes (the signed form as given, or the file). */
  digest: string
  /** Verification outcome for certificates (ETSI indication). */
  indication: string | null
}

export interface Applicant {
  kind: 'PERSON' | 'ENTERPRISE'
  name: string
  /** Resident ID or unified social credit code, checked. */
  idNumber: string
  phone: string | null
}

export interface RemoteCase {
  /** Gateway case id: `TB-` + ULID (time-ordered). */
  id: string
  idempotencyKey: string
  /** SHA-256 of the canonical submission, for idempotency and the receipt. */
  requestHash: string
  matterCode: string
  mode: HandlingMode
  applicant: Applicant
  /** Facts the competence decision used (GB/T 2260 codes). */
  facts: Record<string, string>
  accepting: { region: string; window: string; subject: string }
  competentRegion: string
  steps: CaseStep[]
  materials: MaterialRecord[]
  state: CaseState
  history: CaseEvent[]
  receivedAt: string
  /** The signed receipt (JWS) given to the window. */
  receipt: string
  /** Optimistic-concurrency version; 1 when created. */
  version: number
}
