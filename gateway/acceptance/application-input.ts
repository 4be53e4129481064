import { createHash } from 'node:crypto'
import { checkPartyId, FederationError, type Federation, type Matter } from '../../federation/index.js'
import { GatewayError } from '../errors.js'
import { canonicalJson } from '../stores/audit-hash.js'
import type { HandlingMode } from './remote-case.js'

/** The GraphQL input of submitRemoteApplication. */
export interface RemoteApplicationInput {
  idempotencyKey: string
  matterCode: string
  mode: HandlingMode
  applicant: {
    kind: 'PERSON' | 'ENTERPRISE'
    name: string
    idNumber: string
    phone?: string | null
    facts: Record<string, string | null | undefined>
  }
  materials: MaterialInput[]
}

export interface MaterialInput {
  name: string
  certificateId?: string | null
  jws?: string | null
  cms?: string | null
  data?: string | null
  seal?: string | null
  ofd?: string | null
  fileSha256?: string | null
}

/** A submission after validation: normalised values and the hash the receipt commits to. */
export interface ValidApplication {
  input: RemoteApplicationInput
  matter: Matter
  idNumber: string
  facts: Record<string, string>
  requestHash: string
}

const KEY = /^[\w.:-]{1,128}$/
const HEX64 = /^[0-9a-f]{64}$/i
const FACT_NAMES = ['householdRegistration', 'residence', 'enterpriseDomicile', 'propertyLocation', 'placeInsured'] as const

/**
 * Checks everything that needs no other system: the key, the matter and its allowed modes and
 * applicant kinds, the identity number's check character (and that it fits the kind), the
 * shape of every material. Returns the normalised application and its request hash.
 * @throws GatewayError BAD_USER_INPUT, MODE_NOT_ALLOWED, APPLICANT_KIND_NOT_ALLOWED;
 *   FederationError UNKNOWN_MATTER, INVALID_ID_NUMBER, INVALID_REGION_CODE.
 */
export function validateApplication(fed: Federation, input: RemoteApplicationInput, accepting: { region: string; window: string }): ValidApplication {
  const bad = (argument: string, message: string) => new GatewayError('BAD_USER_INPUT', message, { details: { argument } })
  if (!KEY.test(input.idempotencyKey)) throw bad('input.idempotencyKey', 'idempotencyKey must be 1–128 letters, digits or . _ : -')
  const matter = fed.catalogue.get(input.matterCode)
  if (!matter) throw new FederationError('UNKNOWN_MATTER', `no matter with code ${input.matterCode} in the catalogue`, { details: { argument: 'input.matterCode' } })
  if (!matter.handlingModes.includes(input.mode)) {
    throw new GatewayError('MODE_NOT_ALLOWED', `${matter.name} cannot be handled as ${input.mode}`, { details: { argument: 'input.mode', allowed: matter.handlingModes } })
  }
  if (!matter.applicantKinds.includes(input.applicant.kind)) {
    throw new GatewayError('APPLICANT_KIND_NOT_ALLOWED', `${matter.name} is not for ${input.applicant.kind === 'PERSON' ? 'persons' : 'enterprises'}`, {
      details: { argument: 'input.applicant.kind', allowed: matter.applicantKinds },
    })
  }
  const name = input.applicant.name.trim()
  if (name.length < 1 || name.length > 100) throw bad('input.applicant.name', 'the applicant name must be 1–100 characters')
  const id = checkPartyId(input.applicant.idNumber, 'input.applicant.idNumber')
  if ((id.kind === 'RESIDENT_ID') !== (input.applicant.kind === 'PERSON')) {
    throw new FederationError(
      'INVALID_ID_NUMBER',
      input.applicant.kind === 'PERSON' ? 'a person applies with a resident ID number' : 'an enterprise applies with its unified social credit code',
      { details: { argument: 'input.applicant.idNumber' } },
    )
  }
  const facts: Record<string, string> = {}
  for (const f of FACT_NAMES) {
    const v = input.applicant.facts[f]?.trim()
    if (v) facts[f] = fed.divisions.resolve(v, `input.applicant.facts.${f}`).district?.code ?? fed.divisions.resolve(v).region.code
  }
  if (input.materials.length > 50) throw bad('input.materials', 'at most 50 materials')
  input.materials.forEach((m, i) => {
    const at = `input.materials[${i}]`
    const sources = [m.certificateId, m.jws, m.cms, m.seal, m.ofd, m.fileSha256].filter((x) => x != null && x !== '').length
    if (!m.name.trim()) throw bad(`${at}.name`, 'every material needs a name')
    if (sources !== 1) throw bad(at, `give exactly one of certificateId, jws, cms (with data), seal (with data), ofd, fileSha256`)
    if (m.fileSha256 != null && !HEX64.test(m.fileSha256)) throw bad(`${at}.fileSha256`, 'fileSha256 must be 64 hex digits')
  })
  const requestHash = createHash('sha256')
    .update(canonicalJson({ accepting, matter: matter.code, mode: input.mode, applicant: { ...input.applicant, name, idNumber: id.value }, materials: input.materials }))
    .digest('hex')
  return { input, matter, idNumber: id.value, facts, requestHash }
}
