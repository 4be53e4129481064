/**
 * CMS SignedData (RFC 5652 §5), detached or attached, with signed attributes: RSA PKCS#1 v1.5
 * and PSS, ECDSA, and SM2 (GM/T 0010 OIDs accepted beside the PKCS#7 ones).
 */
import { hash } from 'node:crypto'
import {
  Fields, TAG, children, contents, parseDer, rawBytes, readOid, readTime, type Tlv,
} from './der.js'
import type { PlanSlot } from './chain.js'
import { OID, parseDigestAlgorithm, parseSignatureAlgorithm, type HashName, type SignatureAlgorithm } from './algorithms.js'
import type { VerifyContext } from './context.js'
import { parseCrl, type Crl } from './crl.js'
import { isoTime } from './iso-time.js'
import { ReportBuilder, combine, formatFailure, type VerificationReport } from './report.js'
import { validateSigner } from './signer.js'
import { verifySignature } from './verify-signature.js'
import { parseCertificate, type Certificate } from './x509.js'

interface ParsedSigner {
  issuerKey?: string
  serial?: string
  subjectKeyId?: string
  digest: HashName
  signatureAlgorithm: SignatureAlgorithm
  /** DER of the signed attributes re-tagged as SET OF (RFC 5652 §5.4), or undefined. */
  signedAttrs?: Uint8Array
  messageDigest?: Uint8Array
  /** messageDigest as latin1 text, for comparison with node's string digest. */
  messageDigestText?: string
  contentType?: string
  signingTime?: Date
  signature: Uint8Array
}

/**
 * The embedded `certificates` SET: the same bytes in every document a signer makes, so a
 * verifier keeps it by its exact bytes, with the chain plan per leaf when these certificates
 * alone are offered (the plan depends on nothing else).
 */
interface CertSet {
  readonly certs: readonly Certificate[]
  readonly slots: Map<Certificate, PlanSlot>
}
const NO_CERTS: CertSet = { certs: [], slots: new Map() }

/** Byte fields are views into the parsed input (a private copy when the result is cached). */
interface ParsedCms {
  eContentType: string
  eContent?: Uint8Array
  certSet: CertSet
  /** Embedded CRLs that decode (RFC 5652 §5.1 revocationInfoChoices); the others are ignored, as if absent. */
  crls: Crl[]
  signers: ParsedSigner[]
}

function parseEmbeddedCrl(der: Uint8Array): Crl | undefined {
  try { return parseCrl(der) } catch { return undefined }
}

function attribute(attr: Tlv): { type: string; value: Tlv } {
  const f = new Fields(attr, 'Attribute')
  const type = readOid(f.next(TAG.OID, 'attrType'))
  const values = children(f.next(TAG.SET, 'attrValues'))
  // RFC 5652 §11: contentType, messageDigest and signingTime are single-valued.
  if (values.length !== 1) throw new Error(`attribute ${type} must have one value`)
  return { type, value: values[0]! }
}

/** latin1 text of bytes, read in place (a Buffer view, no copy). */
const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1')
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')

function parseSigner(si: Tlv): ParsedSigner {
  const f = new Fields(si, 'SignerInfo')
  f.next(TAG.INTEGER, 'version')
  const sid = f.any('sid')
  let issuerKey: string | undefined, serial: string | undefined, subjectKeyId: string | undefined
  if (sid.tag === TAG.SEQUENCE) {
    const ias = new Fields(sid, 'IssuerAndSerialNumber')
    issuerKey = latin1(rawBytes(ias.next(TAG.SEQUENCE, 'issuer')))
    serial = hex(contents(ias.next(TAG.INTEGER, 'serialNumber'))).toUpperCase()
  } else if (sid.tag === 0x80) subjectKeyId = hex(contents(sid))
  else throw new Error('bad SignerIdentifier')
  const digest = parseDigestAlgorithm(f.next(TAG.SEQUENCE, 'digestAlgorithm'))
  let signedAttrs: Uint8Array | undefined, messageDigest: Uint8Array | undefined, messageDigestText: string | undefined
  let contentType: string | undefined, signingTime: Date | undefined
  const attrs = f.optional(0xa0)
  if (attrs) {
    // The signature covers the attributes' original DER with the [0] IMPLICIT tag replaced by
    // the SET OF tag (RFC 5652 §5.4): copy the bytes, never re-encode them.
    signedAttrs = new Uint8Array(rawBytes(attrs))
    signedAttrs[0] = TAG.SET
    for (const a of children(attrs)) {
      const { type, value } = attribute(a)
      if (type === OID.messageDigest) {
        messageDigest = contents(value)
        messageDigestText = latin1(messageDigest)
      } else if (type === OID.contentType) contentType = readOid(value)
      else if (type === OID.signingTime) signingTime = readTime(value)
    }
  }
  const signatureAlgorithm = parseSignatureAlgorithm(f.next(TAG.SEQUENCE, 'signatureAlgorithm'), digest)
  const signature = contents(f.next(TAG.OCTET_STRING, 'signature'))
  return {
    issuerKey, serial, subjectKeyId, digest, signatureAlgorithm, signedAttrs, messageDigest, messageDigestText,
    contentType, signingTime, signature,
  }
}

function parseCertSet(set: Uint8Array): CertSet {
  const certs = children(parseDer(set)).filter((c) => c.tag === TAG.SEQUENCE).map((c) => parseCertificate(rawBytes(c)))
  return { certs, slots: new Map() }
}

function parseCms(der: Uint8Array, ctx: VerifyContext): ParsedCms {
  const ci = new Fields(parseDer(der), 'ContentInfo')
  const ct = readOid(ci.next(TAG.OID, 'contentType'))
  if (ct !== OID.signedData && ct !== OID.sm2SignedData) throw new Error(`content type ${ct} is not SignedData`)
  const sd = new Fields(children(ci.next(0xa0, 'content'))[0]!, 'SignedData')
  sd.next(TAG.INTEGER, 'version')
  sd.next(TAG.SET, 'digestAlgorithms')
  const eci = new Fields(sd.next(TAG.SEQUENCE, 'encapContentInfo'), 'EncapsulatedContentInfo')
  const eContentType = readOid(eci.next(TAG.OID, 'eContentType'))
  const ec = eci.optional(0xa0)
  const eContent = ec ? contents(children(ec)[0]!) : undefined
  const certTlv = sd.optional(0xa0)
  const certSet = certTlv ? ctx.parsed.certSets.lookup(rawBytes(certTlv), parseCertSet) as CertSet : NO_CERTS
  const crlSet = sd.optional(0xa1)
  const crls = (crlSet ? children(crlSet) : []).slice(0, 4).filter((c) => c.tag === TAG.SEQUENCE)
    .map((c) => parseEmbeddedCrl(rawBytes(c))).filter((c): c is Crl => c !== undefined)
  const signers = children(sd.next(TAG.SET, 'signerInfos')).map(parseSigner)
  sd.done('SignedData')
  if (signers.length === 0) throw new Error('no SignerInfo')
  return { eContentType, ...(eContent ? { eContent } : {}), certSet, crls, signers }
}

function findSignerCert(s: ParsedSigner, certs: readonly Certificate[]): Certificate | undefined {
  return certs.find((c) => (s.subjectKeyId ? c.subjectKeyId === s.subjectKeyId : c.issuerKey === s.issuerKey && c.serialNumber === s.serial))
}

const CA = ['ca'] as const

/** At most one slot per embedded certificate, since the leaf is always one of them. */
function slotFor(set: CertSet, leaf: Certificate): PlanSlot {
  let slot = set.slots.get(leaf)
  if (!slot) set.slots.set(leaf, (slot = {}))
  return slot
}

/** @param fixedCerts true when `certs` are exactly the embedded ones, so the leaf alone fixes the chain request. */
function verifySigner(ctx: VerifyContext, cms: ParsedCms, s: ParsedSigner, content: Uint8Array, certs: readonly Certificate[], fixedCerts: boolean): VerificationReport {
  const report = new ReportBuilder('CMS')
  report.check('format', true, 'CMS SignedData')
  if (s.signingTime) report.extra.signingTime = isoTime(s.signingTime)
  let signedBytes: Uint8Array = content
  if (s.signedAttrs) {
    // RFC 5652 §5.3: with signed attributes, contentType and messageDigest are mandatory.
    // Compared as latin1 ('binary') text, one character per byte, so equal text is equal
    // bytes: node returns a string digest several times faster than a Buffer.
    const ok = s.messageDigestText !== undefined && hash(s.digest, content, 'binary') === s.messageDigestText
    if (!report.check('message digest', ok, s.digest)) report.fail('HASH_FAILURE', 'The data does not match the messageDigest signed in the CMS.')
    if (!report.check('content type attribute', s.contentType === cms.eContentType))
      report.fail('FORMAT_FAILURE', 'The signed contentType attribute is missing or differs from the encapsulated content type.')
    signedBytes = s.signedAttrs
  }
  const cert = findSignerCert(s, certs)
  if (!cert) {
    report.check('signer certificate', false, 'not among the embedded or supplied certificates')
    report.fail('NO_SIGNING_CERTIFICATE_FOUND', 'The signer\'s certificate is neither embedded nor supplied.')
    return report.build('')
  }
  const sigOk = verifySignature(s.signatureAlgorithm, signedBytes, cert.publicKey, s.signature)
  if (!report.check('signature', sigOk, s.signatureAlgorithm.scheme))
    report.fail(s.signedAttrs ? 'SIG_CRYPTO_FAILURE' : 'HASH_FAILURE', 'The CMS signature does not verify with the signer\'s certificate.')
  const v = validateSigner(ctx, { leaf: cert, intermediates: certs, anchorKinds: CA, signingTime: s.signingTime, label: 'signer', ...(fixedCerts ? { slot: slotFor(cms.certSet, cert) } : {}) }, report)
  report.extra.signer = v.summary
  if (v.revocation) report.extra.revocation = v.revocation
  return report.build('The CMS signature is valid and its signer chains to a trust anchor.')
}

export interface CmsInput {
  cms: Uint8Array
  data?: Uint8Array
  /** Certificates supplied besides those embedded (RFC 5652 §5.1 allows them to be absent). */
  certificates?: readonly (Uint8Array | string)[]
}

/** Verifies CMS SignedData; never throws for bad bytes. */
export function verifyCms(ctx: VerifyContext, input: CmsInput): VerificationReport {
  let cms: ParsedCms
  let extra: Certificate[]
  try {
    // Parsed once per exact CMS bytes when they recur; the signature and everything after it
    // are checked on every call.
    cms = ctx.parsed.cms.lookup(input.cms, (own) => parseCms(own, ctx)) as ParsedCms
    extra = (input.certificates ?? []).map((c) => parseCertificate(c))
  } catch (e) {
    return formatFailure('CMS', `The input is not well-formed CMS SignedData (${(e as Error).message}).`)
  }
  for (const c of cms.crls) ctx.crls.add(c)
  const content = cms.eContent ?? input.data
  if (!content) {
    const r = new ReportBuilder('CMS')
    r.check('content', false, 'detached signature and no data supplied')
    r.fail('SIGNED_DATA_NOT_FOUND', 'The CMS signature is detached and no data was supplied.')
    return r.build('')
  }
  const certs = extra.length ? [...cms.certSet.certs, ...extra] : cms.certSet.certs
  const reports: VerificationReport[] = []
  for (const s of cms.signers) reports.push(verifySigner(ctx, cms, s, content, certs, extra.length === 0))
  if (cms.eContent && input.data && Buffer.compare(cms.eContent, input.data) !== 0)
    for (const r of reports) Object.assign(r, { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE', reason: 'The supplied data differs from the content embedded in the CMS.' })
  return combine(reports)
}
