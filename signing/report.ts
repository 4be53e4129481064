/**
 * The verification report, in the vocabulary of ETSI EN 319 102-1 §5.1.3 (indications) and
 * Table 5 (sub-indications). A leaf module apart from types.
 */
export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE'

export type SubIndication =
  // TOTAL_FAILED
  | 'FORMAT_FAILURE' | 'HASH_FAILURE' | 'SIG_CRYPTO_FAILURE' | 'REVOKED' | 'EXPIRED' | 'NOT_YET_VALID'
  // INDETERMINATE
  | 'SIG_CONSTRAINTS_FAILURE' | 'CHAIN_CONSTRAINTS_FAILURE' | 'CERTIFICATE_CHAIN_GENERAL_FAILURE'
  | 'NO_SIGNING_CERTIFICATE_FOUND' | 'NO_CERTIFICATE_CHAIN_FOUND' | 'REVOKED_NO_POE'
  | 'OUT_OF_BOUNDS_NO_POE' | 'TRY_LATER' | 'SIGNED_DATA_NOT_FOUND' | 'CRYPTO_CONSTRAINTS_FAILURE'

export type SignatureFormat = 'JWS' | 'CMS' | 'SES_SIGNATURE' | 'SES_SEAL' | 'OFD'

export interface Check {
  name: string
  passed: boolean
  detail?: string
}

export interface SignerSummary {
  subject: string
  serialNumber: string
  issuer: string
  /** GB/T 2260 code of the region whose trust anchor the signer chains to. */
  region?: string
  /** Name of that region's issuing authority, from the trust list. */
  authority?: string
}

export interface SealSummary {
  name: string
  type: number
  esID: string
  validFrom: string
  validTo: string
  version: number
  maker?: SignerSummary
}

export interface VerificationReport {
  format: SignatureFormat
  indication: Indication
  subIndication?: SubIndication
  /** One plain English sentence. */
  reason: string
  checks: Check[]
  signer?: SignerSummary
  seal?: SealSummary
  /** Claimed signing time (ISO 8601); a claim of the signer, not a proof of existence. */
  signingTime?: string
  revocation?: { revokedAt?: string; reason?: string }
  /** Decoded JWS payload (JSON when it parses, otherwise a UTF-8 string). */
  payload?: unknown
  /** Per-signature reports (OFD documents with several signatures). */
  signatures?: VerificationReport[]
}

// ETSI EN 319 102-1 Table 5 fixes which indication each sub-indication belongs to.
const INDICATION: Record<SubIndication, Indication> = {
  FORMAT_FAILURE: 'TOTAL_FAILED', HASH_FAILURE: 'TOTAL_FAILED', SIG_CRYPTO_FAILURE: 'TOTAL_FAILED',
  REVOKED: 'TOTAL_FAILED', EXPIRED: 'TOTAL_FAILED', NOT_YET_VALID: 'TOTAL_FAILED',
  SIG_CONSTRAINTS_FAILURE: 'INDETERMINATE', CHAIN_CONSTRAINTS_FAILURE: 'INDETERMINATE',
  CERTIFICATE_CHAIN_GENERAL_FAILURE: 'INDETERMINATE', NO_SIGNING_CERTIFICATE_FOUND: 'INDETERMINATE',
  NO_CERTIFICATE_CHAIN_FOUND: 'INDETERMINATE', REVOKED_NO_POE: 'INDETERMINATE',
  OUT_OF_BOUNDS_NO_POE: 'INDETERMINATE', TRY_LATER: 'INDETERMINATE',
  SIGNED_DATA_NOT_FOUND: 'INDETERMINATE', CRYPTO_CONSTRAINTS_FAILURE: 'INDETERMINATE',
}
// When several checks fail, a TOTAL_FAILED outcome wins over INDETERMINATE (EN 319 102-1
// §5.3.4: the crypto and hash results stand even when no chain could be built).
const RANK: SubIndication[] = [
  'FORMAT_FAILURE', 'HASH_FAILURE', 'SIG_CRYPTO_FAILURE', 'REVOKED', 'EXPIRED', 'NOT_YET_VALID',
  'NO_SIGNING_CERTIFICATE_FOUND', 'NO_CERTIFICATE_CHAIN_FOUND', 'CERTIFICATE_CHAIN_GENERAL_FAILURE',
  'CHAIN_CONSTRAINTS_FAILURE', 'SIG_CONSTRAINTS_FAILURE', 'CRYPTO_CONSTRAINTS_FAILURE',
  'REVOKED_NO_POE', 'OUT_OF_BOUNDS_NO_POE', 'SIGNED_DATA_NOT_FOUND', 'TRY_LATER',
]

export function indicationOf(sub: SubIndication): Indication {
  return INDICATION[sub]
}

/** Collects checks and failures, then picks the outcome that EN 319 102-1 would report. */
export class ReportBuilder {
  readonly checks: Check[] = []
  private readonly failures: Array<{ sub: SubIndication; reason: string }> = []
  extra: Partial<Omit<VerificationReport, 'format' | 'indication' | 'subIndication' | 'reason' | 'checks'>> = {}

  constructor(readonly format: SignatureFormat) {}

  /** Records a check; returns `passed` so callers can branch on it. */
  check(name: string, passed: boolean, detail?: string): boolean {
    this.checks.push(detail === undefined ? { name, passed } : { name, passed, detail })
    return passed
  }

  fail(sub: SubIndication, reason: string): void {
    this.failures.push({ sub, reason })
  }

  get failed(): boolean {
    return this.failures.length > 0
  }

  hasFailure(sub: SubIndication): boolean {
    return this.failures.some((f) => f.sub === sub)
  }

  build(passReason: string): VerificationReport {
    let worst: { sub: SubIndication; reason: string } | undefined
    for (const f of this.failures) if (!worst || RANK.indexOf(f.sub) < RANK.indexOf(worst.sub)) worst = f
    const report: VerificationReport = worst
      ? { format: this.format, indication: INDICATION[worst.sub], subIndication: worst.sub, reason: worst.reason, checks: this.checks }
      : { format: this.format, indication: 'TOTAL_PASSED', reason: passReason, checks: this.checks }
    return Object.assign(report, this.extra)
  }
}

/** A report for input that could not be parsed at all. */
export function formatFailure(format: SignatureFormat, reason: string): VerificationReport {
  return { format, indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE', reason, checks: [{ name: 'format', passed: false, detail: reason }] }
}

/** Several signatures over one object: the worst outcome leads, each report is kept. */
export function combine(reports: VerificationReport[]): VerificationReport {
  if (reports.length === 1) return reports[0]!
  const worst = reports.find((r) => r.indication === 'TOTAL_FAILED') ?? reports.find((r) => r.indication === 'INDETERMINATE') ?? reports[0]!
  return { ...worst, signatures: reports }
}
