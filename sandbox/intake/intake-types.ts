import type { CaseFacts, CaseState, HandlingMode, PartyKind, SeedMaterial } from '../seed/seed-types.js'

// Remote intake (异地受理) as every sandbox city simulates it: the shapes shared by the four
// cities' Mutation resolvers, the progress simulation and the status push. Leaf module: types only.

/**
 * The gateway's case states, by their canonical names. RESULT_SERVED is a seed-only detail of
 * two cities; the canonical schema (and so the status push) stops at RESULT_ISSUED.
 */
export type CanonicalState = Exclude<CaseState, 'RESULT_SERVED'>

/** States a case can be moved to after intake. */
export type ProgressState = Exclude<CanonicalState, 'DELIVERED'>

/** A remote case as a city's intake mutation received it, read out of the city's own input shape. */
export interface IntakeRequest {
  /** The gateway's case id: the idempotency key of the delivery. */
  gatewayCaseId: string
  /** The city's own matter code, as the gateway translated it. */
  localMatterCode: string
  mode: HandlingMode
  /** Epoch ms of the application at the accepting window. */
  submittedAt: number
  /** GB/T 2260 code of the accepting window's city or district. */
  acceptingRegion: string
  acceptingWindow: string
  applicant: { kind: PartyKind; name: string; idNumber: string; phone: string | null }
  materials: SeedMaterial[]
}

export interface IntakeReceipt {
  localId: string
  /** True when the gateway case id had been delivered before: nothing was created. */
  duplicate: boolean
}

/** One remote case a city holds, as `RemoteIntake.received()` lists it. */
export interface ReceivedCase {
  gatewayCaseId: string
  /** The city's own case number. */
  localId: string
  /** The canonical name of the case's current local state. */
  state: CanonicalState
  /** How many times the gateway delivered this case id (1 when delivery was exactly once). */
  deliveries: number
  acceptingRegion: string
  acceptingWindow: string
  withdrawn: boolean
}

export interface AutoProgressOptions {
  /** Every stepMs, each remote case that has not ended moves one step along its path. */
  stepMs: number
  /**
   * Refuse at intake the cases whose gateway id hashes (FNV-1a) to 0 modulo this; omitted, none
   * is refused. 1 refuses every case.
   */
  refuseEvery?: number
}

export interface StatusPushOptions {
  /** The gateway's GraphQL endpoint. */
  url: string
  /** Sent as `authorization: Bearer <token>`. */
  token: string
  /** Attempts per report before it is dropped. Default 8. */
  maxAttempts?: number
  /** Wait after the first failed attempt, doubling after each further one. Default 250. */
  initialBackoffMs?: number
  /**
   * Cap on one wait. Default 8000: with the defaults a report is given up after at most ≈ 24 s of
   * waiting (less with jitter) plus the attempts themselves.
   */
  maxBackoffMs?: number
  /** Headers and body timeout of one attempt. Default 5000. */
  attemptTimeoutMs?: number
}

/** A live object: counts since the city was created. */
export interface StatusPushStats {
  /** Reports the gateway accepted. */
  delivered: number
  /** Attempts that failed (unreachable, non-2xx, GraphQL errors, timeout). */
  failedAttempts: number
  /** Reports given up after maxAttempts, or discarded by setStatusPush(null) or close(). */
  dropped: number
}

/** The `CaseStatusReportInput` the gateway's `reportCaseStatus` mutation takes. */
export interface StatusReport {
  /** The gateway case id. */
  caseId: string
  localId: string
  state: CanonicalState
  /** ISO-8601 with +08:00 and milliseconds. */
  at: string
  note: string | null
}

/** The remote-intake simulation of one sandbox city. */
export interface RemoteIntake {
  /**
   * Moves a remote case to `state` (mapped to the city's own value), with a history entry and a
   * status report. Moving a case to the state it is in changes nothing.
   * @throws RangeError for a state that is not a ProgressState
   * @throws Error for a gateway case id the city never received
   */
  progress(gatewayCaseId: string, state: ProgressState, note?: string): ReceivedCase
  /** Starts (or replaces, or with null stops) the automatic progress. @throws RangeError */
  setAutoProgress(options: AutoProgressOptions | null): void
  /** The remote cases the city holds, in the order they first arrived. */
  received(): ReceivedCase[]
  /**
   * Reports every later state change to the gateway (or, with null, stops and discards the
   * reports not yet delivered). Replacing the target keeps the queued reports for the new one.
   * @throws TypeError for a URL that is not http(s) or an empty token; RangeError for bad numbers
   */
  setStatusPush(options: StatusPushOptions | null): void
  readonly pushStats: StatusPushStats
  /** Resolves once every queued status report has been delivered or dropped. */
  settled(): Promise<void>
  /** Stops auto-progress and the status push for good (the city's close() calls it). */
  close(): Promise<void>
}

/** What a city's Mutation resolvers call; the rest of the world sees RemoteIntake. */
export interface IntakeLedger<R> extends RemoteIntake {
  /** @throws GraphQLError BAD_USER_INPUT for a request the city cannot take. */
  receive(request: IntakeRequest): IntakeReceipt
  /** The case's local record after the withdrawal; null for a gateway case id never received. */
  withdraw(gatewayCaseId: string, reason: string): R | null
}

/** How the shared ledger reaches one city's records. */
export interface IntakeStore<R> {
  /** The city's record for these facts, built exactly as its seeded records are. */
  toLocal(facts: CaseFacts): R
  /** Adds a new record to the city's tables (newest first, every index). */
  insert(record: R, facts: CaseFacts): void
}
