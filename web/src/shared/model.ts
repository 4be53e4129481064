/** The canonical API's shapes as the pages select them (federation/schema/canonical-sdl.ts). */

export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE'

export interface RegionRef {
  code: string
  name: string
  nameEn: string
}

export interface Check {
  name: string
  passed: boolean
  detail?: string | null
}

export interface Report {
  format: string
  indication: Indication
  subIndication?: string | null
  reason: string
  signingTime?: string | null
  checks: Check[]
  signer?: { subject: string; issuer: string; serialNumber: string; region?: RegionRef | null; authority?: string | null } | null
  seal?: { name: string; esID: string; validFrom: string; validTo: string } | null
  revocation?: { revokedAt?: string | null; reason?: string | null } | null
  signatures?: Report[] | null
}

export interface CertificateInfo {
  id: string
  typeName: string
  number: string
  holder: { name: string; idNumber: string; kind: string }
  issuingRegion: RegionRef
  issuingAuthority: string
  issuedOn: string
  validFrom: string
  validUntil: string | null
  status: string
}

/** A receipt's signed content (gateway/acceptance/acceptance-service.ts). */
export interface ReceiptPayload {
  caseId: string
  matter: { code: string; name: string }
  mode: string
  competentRegion: string
  steps?: { order: number; region: string }[]
  acceptingRegion: string
  acceptingWindow: string
  applicant: { kind: string; name: string; idNumber: string }
  materials: { name: string; digest: string; kind: string }[]
  acceptedAt: string
}

/** One verdict, from verifyCertificate or from a receipt check. */
export interface Verdict {
  indication: Indication
  subIndication?: string | null
  /** The gateway's own sentence (English). */
  reason: string
  reports: Report[]
  certificate?: CertificateInfo | null
  /** Present when a gateway receipt was checked; its claims only count when it passed. */
  receipt?: ReceiptPayload | null
}

const REPORT_FIELDS = `format indication subIndication reason signingTime checks { name passed detail }
  signer { subject issuer serialNumber region { code name nameEn } authority }
  seal { name esID validFrom validTo } revocation { revokedAt reason }`

export const VERIFY_QUERY = `query Verify($input: VerifyCertificateInput!) { verifyCertificate(input: $input) {
  indication subIndication reason
  certificate { id typeName number holder { name idNumber kind } issuingRegion { code name nameEn } issuingAuthority issuedOn validFrom validUntil status }
  reports { ${REPORT_FIELDS} signatures { ${REPORT_FIELDS} } } } }`

export interface VerifyInput {
  certificateId?: string
  jws?: string
  cms?: string
  seal?: string
  ofd?: string
  data?: string
}

export const RECEIPT_TYPE = 'tongban-receipt+jwt'

/** The protected header of a compact JWS, or undefined when it is not one. */
export function jwsHeader(jws: string): Record<string, unknown> | undefined {
  const [head, , sig] = jws.trim().split('.')
  if (!head || sig === undefined) return undefined
  try {
    const v: unknown = JSON.parse(base64UrlText(head))
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** The payload of a compact JWS as JSON, or undefined. */
export function jwsPayload<T>(jws: string): T | undefined {
  const part = jws.trim().split('.')[1]
  if (!part) return undefined
  try {
    return JSON.parse(base64UrlText(part)) as T
  } catch {
    return undefined
  }
}

export const isReceipt = (jws: string) => jwsHeader(jws)?.typ === RECEIPT_TYPE

function base64UrlText(s: string): string {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=')
  const bin = atob(b64)
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))
}

/** Bytes as standard base64 (for the API's binary inputs). */
export function toBase64(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

/** The canonical id of a licence: a 6-digit region code, a colon, the city's own number. */
export const CERTIFICATE_ID = /^\d{6}:[\w.-]+$/

/** Which fact decides each competence basis (federation/routing/competent-region.ts). */
export const FACT_FOR_BASIS: Record<string, string | undefined> = {
  HOUSEHOLD_REGISTRATION: 'householdRegistration',
  RESIDENCE: 'residence',
  ENTERPRISE_DOMICILE: 'enterpriseDomicile',
  PROPERTY_LOCATION: 'propertyLocation',
  PLACE_INSURED: 'placeInsured',
  ANY_OFFICE: undefined,
}
