import type { Indication, SubIndication, VerificationReport } from '../../signing/index.js'

export interface Outcome {
  indication: Indication
  subIndication?: SubIndication
  reason: string
}

const SEVERITY: Record<Indication, number> = { TOTAL_PASSED: 0, INDETERMINATE: 1, TOTAL_FAILED: 2 }

/** The worst of several outcomes: TOTAL_FAILED over INDETERMINATE over TOTAL_PASSED; first wins ties. */
export function worstOutcome(outcomes: readonly Outcome[]): Outcome {
  let worst = outcomes[0]!
  for (const o of outcomes) if (SEVERITY[o.indication] > SEVERITY[worst.indication]) worst = o
  return worst
}

/** A licence document's claims, when the signed bytes are one (canonical JSON of a licence). */
export interface LicenceClaims {
  id?: string
  number?: string
  issuingRegion?: string
  issuingAuthority?: string
  issuedOn?: string
  validUntil?: string | null
  holder?: { idNumber?: string }
}

export function licenceClaims(bytes: Uint8Array | undefined, payload?: unknown): LicenceClaims | undefined {
  let value = payload
  if (value === undefined && bytes) {
    try {
      value = JSON.parse(Buffer.from(bytes).toString('utf8'))
    } catch {
      return undefined
    }
  }
  return typeof value === 'object' && value !== null && 'issuingRegion' in value ? (value as LicenceClaims) : undefined
}

/**
 * "Sealed by the right authority": a licence that claims to come from one region must be
 * signed under that region's anchors. A valid signature from another region's key is
 * INDETERMINATE / CHAIN_CONSTRAINTS_FAILURE (EN 319 102-1: the chain does not meet the
 * constraints), not TOTAL_PASSED.
 */
export function checkIssuingRegion(report: VerificationReport, claimedRegion: string | undefined, names: (code: string) => string): VerificationReport {
  const signerRegion = report.signer?.region
  if (!claimedRegion || !signerRegion || report.indication !== 'TOTAL_PASSED') return report
  const passed = signerRegion === claimedRegion
  const check = { name: 'signer belongs to the claimed issuing region', passed, detail: `claimed ${claimedRegion}, signer chains to ${signerRegion}` }
  if (passed) return { ...report, checks: [...report.checks, check] }
  return {
    ...report,
    indication: 'INDETERMINATE',
    subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    reason: `The licence claims to be issued in ${names(claimedRegion)}, but it is signed under ${names(signerRegion)}'s trust anchor.`,
    checks: [...report.checks, check],
  }
}
