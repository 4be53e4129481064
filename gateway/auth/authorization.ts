import { GatewayError } from '../errors.js'
import type { Caller, Role } from './caller.js'

/**
 * Everything a caller can ask of the gateway, grouped by what it exposes. Every root field
 * maps to exactly one of these (see `FIELD_OPERATIONS`), so the matrix below is the whole
 * answer to "who may do what".
 */
export type Operation =
  /** regions, region, matters, matter, competentRegion: the public catalogue. */
  | 'readCatalogue'
  /** verifyCertificate: anyone may check a licence or seal. */
  | 'verifyCertificate'
  /** case(id) and cases(…) held by the cities: personal data of each city's applicants. */
  | 'readCityCases'
  /** certificate(id) and certificates(holderId): licence records, personal data. */
  | 'readCertificates'
  /** remoteCase, remoteCases, case(id: "TB-…"), caseUpdated: gateway-held remote cases. */
  | 'readRemoteCases'
  /** submitRemoteApplication. */
  | 'submitApplication'
  /** reportCaseStatus. */
  | 'reportStatus'
  /** auditLog, auditCheckpoints: the whole hash chain. */
  | 'readAuditLog'
  /** deadLetters, requeueDelivery. */
  | 'manageDeliveries'

/**
 * How far a role reaches for one operation:
 * - `everywhere`: every region of the federation;
 * - `jurisdiction`: the caller's own region — every region for a provincial caller;
 * - `own-window`: remote cases the caller's window accepted;
 * - `involved`: remote cases with a step in the caller's region (or accepted there, for auditors);
 * - absent: not at all.
 */
export type Reach = 'everywhere' | 'jurisdiction' | 'own-window' | 'involved'

/**
 * The authorization matrix. Decisions worth stating:
 * - Window clerks read licence records of every region: the applicant stands at their window
 *   and the licences are the application's materials. They read no city's cases, only the
 *   remote cases their own window accepted (not even other windows of the same city).
 * - City platforms read, report on and manage only what falls in their own region.
 * - A city's auditor oversees its region; the provincial auditor (a `province.yaml` token)
 *   oversees all of them. The audit log is one hash chain over every region, so only the
 *   provincial auditor reads it: a chain cut down to one city could not be verified.
 * - The public reads the catalogue and verifies certificates; a licence record attached to a
 *   verification is masked for callers who may not read that region's licences.
 */
export const AUTHORIZATION: Readonly<Record<Operation, Readonly<Partial<Record<Role, Reach>>>>> = {
  readCatalogue: { public: 'everywhere', 'window-clerk': 'everywhere', 'city-platform': 'everywhere', auditor: 'everywhere' },
  verifyCertificate: { public: 'everywhere', 'window-clerk': 'everywhere', 'city-platform': 'everywhere', auditor: 'everywhere' },
  readCityCases: { 'city-platform': 'jurisdiction', auditor: 'jurisdiction' },
  readCertificates: { 'window-clerk': 'everywhere', 'city-platform': 'jurisdiction', auditor: 'jurisdiction' },
  readRemoteCases: { 'window-clerk': 'own-window', 'city-platform': 'involved', auditor: 'involved' },
  submitApplication: { 'window-clerk': 'own-window' },
  reportStatus: { 'city-platform': 'involved' },
  readAuditLog: {},
  manageDeliveries: { 'city-platform': 'jurisdiction', auditor: 'jurisdiction' },
}

/** The provincial auditor's extra rights, beyond the city auditor's row. */
const PROVINCIAL: Readonly<Partial<Record<Operation, Reach>>> = { readAuditLog: 'everywhere' }

/** Root field → operation, for the matrix test and for documentation. */
export const FIELD_OPERATIONS: Readonly<Record<string, Operation>> = {
  regions: 'readCatalogue',
  region: 'readCatalogue',
  matters: 'readCatalogue',
  matter: 'readCatalogue',
  competentRegion: 'readCatalogue',
  verifyCertificate: 'verifyCertificate',
  case: 'readCityCases',
  cases: 'readCityCases',
  certificate: 'readCertificates',
  certificates: 'readCertificates',
  remoteCase: 'readRemoteCases',
  remoteCases: 'readRemoteCases',
  caseUpdated: 'readRemoteCases',
  submitRemoteApplication: 'submitApplication',
  reportCaseStatus: 'reportStatus',
  auditLog: 'readAuditLog',
  auditCheckpoints: 'readAuditLog',
  deadLetters: 'manageDeliveries',
  requeueDelivery: 'manageDeliveries',
}

/** A caller with a token, as `authorize` returns it. */
export type AuthorizedCaller = Caller & { role: Exclude<Role, 'public'>; region: string }

/**
 * How far `caller` reaches for `operation`.
 * @throws GatewayError UNAUTHENTICATED when a token is needed and none was given;
 *   FORBIDDEN when the caller's role may not do this at all.
 */
export function authorize(caller: Caller, operation: Operation): Reach {
  const reach = (caller.role === 'auditor' && caller.jurisdiction === 'province' ? PROVINCIAL[operation] : undefined) ?? AUTHORIZATION[operation][caller.role]
  if (reach) return reach
  if (caller.role === 'public') throw new GatewayError('UNAUTHENTICATED', `${describe(operation)} needs a bearer token`)
  throw new GatewayError('FORBIDDEN', `a ${caller.role}${caller.jurisdiction === 'province' ? ' of the province' : ''} may not ${describe(operation)}`)
}

/** Like `authorize`, for operations that need a token: returns the caller with its region. */
export function authorizeCaller(caller: Caller, operation: Operation): { caller: AuthorizedCaller; reach: Reach } {
  const reach = authorize(caller, operation)
  if (caller.role === 'public' || caller.region === null) throw new GatewayError('UNAUTHENTICATED', `${describe(operation)} needs a bearer token`)
  return { caller: caller as AuthorizedCaller, reach }
}

/** Whether `reach` covers data held in or about `region`. */
export function reachesRegion(caller: Caller, reach: Reach, region: string): boolean {
  if (reach === 'everywhere' || caller.jurisdiction === 'province') return true
  return caller.region === region
}

/** What of a remote case decides who may see it. */
export interface RemoteCaseParties {
  accepting: { region: string; window: string }
  steps: readonly { region: string }[]
}

/** Whether `reach` covers a remote case: its accepting window, or the regions of its steps. */
export function reachesRemoteCase(caller: Caller, reach: Reach, c: RemoteCaseParties): boolean {
  if (reach === 'everywhere' || caller.jurisdiction === 'province') return true
  if (reach === 'own-window') return c.accepting.region === caller.region && c.accepting.window === caller.window
  const stepHere = c.steps.some((s) => s.region === caller.region)
  // A city platform handles steps; an auditor also oversees what its region's windows accepted.
  return caller.role === 'auditor' ? stepHere || c.accepting.region === caller.region : stepHere
}

function describe(operation: Operation): string {
  return {
    readCatalogue: 'reading the catalogue',
    verifyCertificate: 'verifying certificates',
    readCityCases: "reading the cities' cases",
    readCertificates: 'reading licence records',
    readRemoteCases: 'reading remote cases',
    submitApplication: 'submitting remote applications',
    reportStatus: 'reporting case status',
    readAuditLog: 'reading the audit log',
    manageDeliveries: 'managing deliveries',
  }[operation]
}
