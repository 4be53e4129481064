/** Building and signing the federation trust list (opened by ../trust-list.ts). */
import type { KeyObject } from 'node:crypto'
import { SigningError } from '../errors.js'
import { TRUST_LIST_TYPE, type TrustList } from '../trust-list.js'
import type { RegionAnchors } from '../trust-store.js'
import { signJws } from './jws.js'

export interface TrustListContent {
  issuer: string
  regions: RegionAnchors[]
  issuedAt?: Date
  expiresAt: Date
}

/**
 * Signs the list with the provincial anchor's key.
 * @param signer `certificates` (leaf first) go in x5c; omit them when verifiers pin the anchor key
 * @throws INVALID_ARGUMENT when expiresAt is not after issuedAt; KEY_INVALID for unsupported keys
 * @example
 * const jws = await createTrustList({ issuer: '四川省', regions, expiresAt }, { privateKey, certificates: [provincePem] })
 */
export async function createTrustList(content: TrustListContent, signer: { privateKey: KeyObject; certificates?: string[]; kid?: string }): Promise<string> {
  const issuedAt = content.issuedAt ?? new Date()
  if (!(content.expiresAt > issuedAt)) throw new SigningError('INVALID_ARGUMENT', 'expiresAt must be after issuedAt')
  const list: TrustList = {
    version: 1, issuer: content.issuer, issuedAt: issuedAt.toISOString(), expiresAt: content.expiresAt.toISOString(), regions: content.regions,
  }
  return signJws(list, signer.privateKey, {
    typ: TRUST_LIST_TYPE, ...(signer.certificates ? { x5c: signer.certificates } : {}), ...(signer.kid ? { kid: signer.kid } : {}),
  })
}
