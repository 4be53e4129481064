import type { GraphQLSchema } from 'graphql'
import { FederationError, type Federation, type RequestScope } from '../../federation/index.js'
import type { VerificationReport, VerifyInput } from '../../signing/index.js'
import { GatewayError } from '../errors.js'
import { publishVerification } from '../observability/gateway-events.js'
import { checkIssuingRegion, licenceClaims, worstOutcome, type LicenceClaims, type Outcome } from './combine-reports.js'
import { fetchLicence, type LicenceRecord } from './fetch-licence.js'
import type { GatewayTrust } from './trust-material.js'

export interface VerifyCertificateInput {
  jws?: string | null
  cms?: string | null
  data?: string | null
  seal?: string | null
  ofd?: string | null
  certificateId?: string | null
  forms?: ('JWS' | 'CMS' | 'SEAL' | 'OFD')[] | null
  expectedRegion?: string | null
}

export interface CertificateVerification extends Outcome {
  reports: VerificationReport[]
  certificate: LicenceRecord | null
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/

function bytes(value: string, field: string): Buffer {
  const compact = value.replace(/\s+/g, '')
  if (!BASE64.test(compact)) throw new GatewayError('BAD_USER_INPUT', `${field} must be base64`, { details: { argument: `input.${field}` } })
  return Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64')
}

/**
 * `verifyCertificate`: verifies signed material given inline, or the signed forms a licence's
 * issuing region publishes. For a licence id the answer also weighs the licence's own status
 * (revoked, expired, suspended) and checks the signed content is that licence.
 * @throws GatewayError BAD_USER_INPUT for missing or undecodable input;
 *   FederationError INVALID_ID / REGION_UNAVAILABLE when the licence cannot be fetched.
 */
export async function verifyCertificate(
  input: VerifyCertificateInput,
  ctx: { trust: GatewayTrust | undefined; federation: Federation; scope: RequestScope; schema: GraphQLSchema },
): Promise<CertificateVerification> {
  if (!ctx.trust) throw new GatewayError('BAD_USER_INPUT', 'this gateway has no trust anchors configured, so it cannot verify signatures')
  const expectedRegion = input.expectedRegion ? ctx.federation.divisions.resolve(input.expectedRegion, 'input.expectedRegion').region.code : undefined
  const names = (code: string) => ctx.federation.divisions.find(code)?.region.name ?? code
  const verify = async (v: VerifyInput, claimed?: LicenceClaims): Promise<VerificationReport> => {
    const report = await ctx.trust!.verifier.verify(v, expectedRegion ? { expectedRegion } : {})
    const claims = claimed ?? licenceClaims('data' in v ? v.data : undefined, report.payload)
    return checkIssuingRegion(report, expectedRegion ?? claims?.issuingRegion, names)
  }

  if (input.certificateId) {
    const record = await fetchLicence(ctx.scope, ctx.schema, input.certificateId)
    if (!record) throw new FederationError('INVALID_ID', `no licence ${input.certificateId} at its issuing region`, { details: { argument: 'input.certificateId' } })
    return counted(await verifyRecord(record, input.forms ?? null, verify))
  }
  const inputs: VerifyInput[] = []
  const data = input.data ? bytes(input.data, 'data') : undefined
  if (input.jws) inputs.push({ jws: input.jws.trim() })
  if (input.cms) inputs.push({ cms: input.cms.includes('-----BEGIN') ? input.cms : bytes(input.cms, 'cms'), ...(data && { data }) })
  if (input.seal) inputs.push({ seal: bytes(input.seal, 'seal'), ...(data && { data }) })
  if (input.ofd) inputs.push({ ofd: bytes(input.ofd, 'ofd') })
  if (inputs.length === 0) {
    throw new GatewayError('BAD_USER_INPUT', 'give the signed material (jws, cms with data, seal, ofd) or a certificateId', { details: { argument: 'input' } })
  }
  const reports = await Promise.all(inputs.map((i) => verify(i)))
  return counted({ ...worstOutcome(reports), reports, certificate: null })
}

/** Every answer is counted by indication, and each signed form by format (metrics). */
function counted(v: CertificateVerification): CertificateVerification {
  publishVerification({ indication: v.indication, subIndication: v.subIndication, reports: v.reports })
  return v
}

async function verifyRecord(
  record: LicenceRecord,
  forms: VerifyCertificateInput['forms'],
  verify: (v: VerifyInput, claims?: LicenceClaims) => Promise<VerificationReport>,
): Promise<CertificateVerification> {
  const signed = record.signed && !(record.signed instanceof Error) ? record.signed : null
  const usable = (v: unknown): v is string => typeof v === 'string' && v.length > 0
  const data = usable(signed?.data) ? Buffer.from(signed.data, 'base64') : undefined
  const want = new Set(forms ?? ['JWS', 'CMS', 'SEAL', 'OFD'])
  const jobs: { input: VerifyInput }[] = []
  if (want.has('JWS') && usable(signed?.jws)) jobs.push({ input: { jws: signed.jws } })
  if (want.has('CMS') && usable(signed?.cms) && data) jobs.push({ input: { cms: Buffer.from(signed.cms, 'base64'), data } })
  if (want.has('SEAL') && usable(signed?.seal) && data) jobs.push({ input: { seal: Buffer.from(signed.seal, 'base64'), data } })
  if (want.has('OFD') && usable(signed?.ofd)) jobs.push({ input: { ofd: Buffer.from(signed.ofd, 'base64') } })
  const claims = licenceClaims(data)
  const reports = await Promise.all(jobs.map((j) => verify(j.input, claims ?? { issuingRegion: record.issuingRegion.code })))
  const outcomes: Outcome[] = [...reports]
  if (jobs.length === 0) {
    outcomes.push({ indication: 'INDETERMINATE', subIndication: 'SIGNED_DATA_NOT_FOUND', reason: `${record.issuingRegion.name} publishes no signed form of this licence${forms ? ' among those asked for' : ''}.` })
  }
  const status = statusOutcome(record)
  outcomes.push(contentOutcome(record, claims), status)
  const worst = worstOutcome(outcomes)
  // When everything holds, the useful sentence is the licence's own: who issued it, until when.
  return { ...(worst.indication === 'TOTAL_PASSED' ? status : worst), reports, certificate: record }
}

/** The signed bytes must describe the very licence the region's record shows. */
function contentOutcome(record: LicenceRecord, claims: LicenceClaims | undefined): Outcome {
  if (!claims) return { indication: 'TOTAL_PASSED', reason: '' }
  const mismatch = [
    claims.id !== record.id && 'id',
    claims.number !== record.number && 'number',
    claims.holder?.idNumber !== record.holder.idNumber && 'holder',
    claims.issuedOn !== record.issuedOn && 'issue date',
    (claims.validUntil ?? null) !== record.validUntil && 'validity',
  ].filter(Boolean)
  return mismatch.length
    ? { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE', reason: `The signed content does not match the licence record (${mismatch.join(', ')}).` }
    : { indication: 'TOTAL_PASSED', reason: '' }
}

/** The licence's own status at its issuing region, in the same vocabulary. */
function statusOutcome(r: LicenceRecord): Outcome {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const by = `${r.issuingAuthority} (${r.issuingRegion.name})`
  if (r.status === 'REVOKED') return { indication: 'TOTAL_FAILED', subIndication: 'REVOKED', reason: `${by} has revoked this licence.` }
  if (r.status === 'EXPIRED' || (r.validUntil !== null && r.validUntil < today)) {
    return { indication: 'TOTAL_FAILED', subIndication: 'EXPIRED', reason: `This licence expired${r.validUntil ? ` on ${r.validUntil}` : ''}.` }
  }
  // Suspension may be lifted: like a certificate on hold, the answer is "try later".
  if (r.status === 'SUSPENDED') return { indication: 'INDETERMINATE', subIndication: 'TRY_LATER', reason: `${by} has suspended this licence.` }
  const until = r.validUntil ? `valid until ${r.validUntil}` : 'valid long-term (长期)'
  return { indication: 'TOTAL_PASSED', reason: `This ${r.typeName} was issued by ${by} on ${r.issuedOn} and is ${until}.` }
}
