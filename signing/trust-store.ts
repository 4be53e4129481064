/**
 * Trust anchors grouped by region (GB/T 2260 code), compiled once into lookup tables: CA
 * certificates by subject name, seal-maker certificates, and each region's JWKS by `kid`.
 */
import { createHash, createPublicKey } from 'node:crypto'
import { SigningError } from './errors.js'
import { publicKeyInfoOf, type PublicKeyInfo } from './public-key.js'
import { parseCertificate, type Certificate } from './x509.js'

/** A JSON Web Key as published in a region's JWKS (RFC 7517 §4). */
export interface Jwk {
  kty: string
  kid?: string
  alg?: string
  use?: string
  crv?: string
  x?: string
  y?: string
  n?: string
  e?: string
  x5c?: string[]
  [k: string]: unknown
}

export interface RegionAnchors {
  /** GB/T 2260 code, e.g. '510100' for Chengdu. */
  region: string
  /** The authority, e.g. '成都市数据资源管理局 Chengdu Data Bureau'. */
  name: string
  caCertificates: string[]
  sealMakers: string[]
  jwks: { keys: Jwk[] }
}

export type AnchorKind = 'ca' | 'seal-maker'

export interface Anchor {
  cert: Certificate
  region: string
  authority: string
  kind: AnchorKind
}

export interface JwkAnchor {
  kid: string
  alg: string | undefined
  key: PublicKeyInfo
  region: string
  authority: string
}

export interface TrustStore {
  readonly regions: readonly RegionAnchors[]
  readonly bySubject: ReadonlyMap<string, readonly Anchor[]>
  readonly byFingerprint: ReadonlyMap<string, readonly Anchor[]>
  readonly jwks: ReadonlyMap<string, readonly JwkAnchor[]>
  /** Identifies this anchor set in cache keys. */
  readonly id: string
  readonly expiresAt: Date | undefined
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

/**
 * Compiles region anchors into a store.
 * @throws CERTIFICATE_INVALID for an anchor that does not parse; KEY_INVALID for a bad JWK.
 */
export function createTrustStore(regions: readonly RegionAnchors[], o: { expiresAt?: Date } = {}): TrustStore {
  const bySubject = new Map<string, Anchor[]>()
  const byFingerprint = new Map<string, Anchor[]>()
  const jwks = new Map<string, JwkAnchor[]>()
  const h = createHash('sha256')
  for (const r of regions) {
    const add = (pem: string, kind: AnchorKind): void => {
      let cert: Certificate
      try {
        cert = parseCertificate(pem)
      } catch (cause) {
        throw new SigningError('CERTIFICATE_INVALID', `region ${r.region}: a ${kind} anchor does not parse`, { cause })
      }
      const a: Anchor = { cert, region: r.region, authority: r.name, kind }
      push(bySubject, cert.subjectKey, a)
      push(byFingerprint, cert.fingerprint, a)
      h.update(`${r.region}:${kind}:${cert.fingerprint};`)
    }
    for (const pem of r.caCertificates) add(pem, 'ca')
    for (const pem of r.sealMakers) add(pem, 'seal-maker')
    for (const jwk of r.jwks?.keys ?? []) {
      if (!jwk.kid) throw new SigningError('KEY_INVALID', `region ${r.region}: JWKS key without kid`)
      let key: PublicKeyInfo
      try {
        key = publicKeyInfoOf(createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }))
      } catch (cause) {
        throw new SigningError('KEY_INVALID', `region ${r.region}: JWK ${jwk.kid} does not import`, { cause })
      }
      push(jwks, jwk.kid, { kid: jwk.kid, alg: jwk.alg, key, region: r.region, authority: r.name })
      h.update(`${r.region}:jwk:${key.id};`)
    }
  }
  return { regions, bySubject, byFingerprint, jwks, id: h.digest('hex').slice(0, 32), expiresAt: o.expiresAt }
}
