/** Issuing X.509 v2 CRLs (RFC 5280 §5.1) for the sandbox cities and tests. */
import type { KeyObject } from 'node:crypto'
import { TAG, bitString, explicit, int, octets, oid, seq, tlv, x509Time } from '../der.js'
import { toPem } from '../pem.js'
import { parseCertificate } from '../x509.js'
import { algorithmIdentifierFor, signWith } from './sign-with.js'

const REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded',
  'cessationOfOperation', 'certificateHold'] as const

export interface CrlRequest {
  issuer: { certificate: string | Uint8Array; privateKey: KeyObject }
  revoked?: ReadonlyArray<{ serialNumber: string; revokedAt: Date; reason?: (typeof REASONS)[number] }>
  thisUpdate?: Date
  nextUpdate?: Date
  crlNumber?: number
}

/**
 * @param req.revoked serial numbers in hex as `Certificate.serialNumber` shows them
 * @throws FORMAT_FAILURE for an undecodable issuer certificate; KEY_INVALID for unsupported keys
 * @example
 * const crl = createCrl({ issuer: { certificate: caPem, privateKey }, revoked: [{ serialNumber, revokedAt }] })
 */
export function createCrl(req: CrlRequest): { der: Uint8Array; pem: string } {
  const issuer = parseCertificate(req.issuer.certificate)
  const thisUpdate = req.thisUpdate ?? new Date(Date.now() - 60_000)
  const nextUpdate = req.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * 86400_000)
  const entries = (req.revoked ?? []).map((r) => seq(
    tlv(TAG.INTEGER, Buffer.from(r.serialNumber, 'hex')),
    x509Time(r.revokedAt),
    ...(r.reason ? [seq(seq(oid('2.5.29.21'), octets(tlv(0x0a, Uint8Array.of(REASONS.indexOf(r.reason))))))] : []),
  ))
  const tbs = seq(
    int(1),
    algorithmIdentifierFor(req.issuer.privateKey),
    Buffer.from(issuer.subjectKey, 'latin1'),
    x509Time(thisUpdate),
    x509Time(nextUpdate),
    ...(entries.length ? [seq(...entries)] : []),
    explicit(0, seq(seq(oid('2.5.29.20'), octets(int(req.crlNumber ?? 1))))),
  )
  const { algorithmIdentifier, signature } = signWith(req.issuer.privateKey, tbs)
  const der = seq(tbs, algorithmIdentifier, bitString(signature))
  return { der, pem: toPem('X509 CRL', der) }
}
