/**
 * Opening the federation trust list: a JWS (signed by a provincial anchor) whose payload lists
 * every region's anchors with issuedAt/expiresAt. A verifier keeps the opened list and works
 * offline from it until it expires. Configuration input, so problems throw typed codes.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { compactVerify, decodeProtectedHeader } from 'jose'
import { validateChain } from './chain.js'
import { createCaches, type VerifyContext } from './context.js'
import { CrlStore } from './crl.js'
import { SigningError } from './errors.js'
import { publicKeyInfoOf } from './public-key.js'
import { ReportBuilder } from './report.js'
import { toPem } from './pem.js'
import { createTrustStore, type Jwk, type RegionAnchors } from './trust-store.js'
import { parseCertificate, type Certificate } from './x509.js'

export interface TrustList {
  version: 1
  /** The provincial authority that signed the list. */
  issuer: string
  issuedAt: string
  expiresAt: string
  regions: RegionAnchors[]
}

export const TRUST_LIST_TYPE = 'tongban-trust-list+jws'
const ALGS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA']
const SKEW_MS = 5 * 60_000

function invalid(msg: string, cause?: unknown): never {
  throw new SigningError('TRUST_LIST_INVALID', msg, cause === undefined ? undefined : { cause })
}

function checkShape(v: unknown): TrustList {
  const o = v as Partial<TrustList>
  const isStrings = (a: unknown): a is string[] => Array.isArray(a) && a.every((x) => typeof x === 'string')
  if (!o || typeof o !== 'object' || o.version !== 1) invalid('trust list payload: version must be 1')
  if (typeof o.issuer !== 'string' || typeof o.issuedAt !== 'string' || typeof o.expiresAt !== 'string') invalid('trust list payload: issuer, issuedAt and expiresAt are required')
  if (Number.isNaN(Date.parse(o.issuedAt)) || Number.isNaN(Date.parse(o.expiresAt))) invalid('trust list payload: bad dates')
  if (!Array.isArray(o.regions)) invalid('trust list payload: regions must be an array')
  o.regions.forEach((r, i) => {
    if (!r || typeof r.region !== 'string' || !/^\d{6}$/.test(r.region) || typeof r.name !== 'string'
      || !isStrings(r.caCertificates) || !isStrings(r.sealMakers) || !r.jwks || !Array.isArray(r.jwks.keys))
      invalid(`trust list payload: regions[${i}] is malformed`)
  })
  return o as TrustList
}

/** Accepts a certificate (PEM/DER), a public KeyObject or a JWK. */
function anchorOf(anchor: string | Uint8Array | KeyObject | Jwk): { cert?: Certificate; key: KeyObject } {
  try {
    if (typeof anchor === 'string' || anchor instanceof Uint8Array) {
      const cert = parseCertificate(anchor)
      return { cert, key: cert.publicKey.key }
    }
    if ('kty' in anchor) return { key: createPublicKey({ key: anchor as import('node:crypto').JsonWebKey, format: 'jwk' }) }
    return { key: publicKeyInfoOf(anchor).key }
  } catch (cause) {
    throw new SigningError('KEY_INVALID', 'the provincial anchor is not a certificate or public key', { cause })
  }
}

/**
 * Verifies and opens a signed trust list.
 * @param jws compact JWS made by `createTrustList`
 * @param provincialAnchor the provincial anchor certificate (PEM/DER), public key or JWK
 * @throws TRUST_LIST_INVALID (forged, malformed, or not chaining to the anchor), TRUST_LIST_EXPIRED, KEY_INVALID (bad anchor)
 * @example
 * const list = await openTrustList(readFileSync('trust-list.jws', 'utf8'), provincialPem)
 */
export async function openTrustList(jws: string, provincialAnchor: string | Uint8Array | KeyObject | Jwk, o: { now?: Date } = {}): Promise<TrustList> {
  const now = o.now ?? new Date()
  const anchor = anchorOf(provincialAnchor)
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(jws)
  } catch (cause) {
    invalid('trust list is not a JWS', cause)
  }
  if (header.typ !== TRUST_LIST_TYPE) invalid(`trust list JWS typ must be ${TRUST_LIST_TYPE}`)
  let key = anchor.key
  if (header.x5c) {
    if (!anchor.cert) invalid('trust list carries x5c but the anchor is a bare key')
    let certs: Certificate[]
    try {
      certs = header.x5c.map((c) => parseCertificate(Buffer.from(c, 'base64')))
    } catch (cause) {
      invalid('trust list x5c does not decode', cause)
    }
    const store = createTrustStore([{ region: '000000', name: 'provincial anchor', caCertificates: [toPem('CERTIFICATE', anchor.cert.der)], sealMakers: [], jwks: { keys: [] } }])
    const ctx: VerifyContext = { store, crls: new CrlStore(undefined), now, revocation: 'off', expectedRegion: undefined, crlAttempted: undefined, crlFetches: undefined, ...createCaches() }
    const report = new ReportBuilder('JWS')
    validateChain(ctx, { leaf: certs[0]!, intermediates: certs.slice(1), anchorKinds: ['ca'], signingTime: undefined, label: 'trust list signer' }, report)
    if (report.failed) invalid(`trust list signer does not chain to the provincial anchor: ${report.build('').reason}`)
    key = certs[0]!.publicKey.key
  }
  let payload: Uint8Array
  try {
    payload = (await compactVerify(jws, key, { algorithms: ALGS })).payload
  } catch (cause) {
    invalid('trust list signature does not verify with the provincial anchor', cause)
  }
  let list: TrustList
  try {
    list = checkShape(JSON.parse(Buffer.from(payload).toString('utf8')))
  } catch (cause) {
    if (cause instanceof SigningError) throw cause
    invalid('trust list payload is not JSON', cause)
  }
  if (Date.parse(list.expiresAt) <= now.getTime()) throw new SigningError('TRUST_LIST_EXPIRED', `trust list expired at ${list.expiresAt}`)
  if (Date.parse(list.issuedAt) > now.getTime() + SKEW_MS) invalid(`trust list is issued in the future (${list.issuedAt})`)
  try {
    createTrustStore(list.regions)
  } catch (cause) {
    invalid('trust list holds an anchor that does not parse', cause)
  }
  return Object.freeze(list)
}
