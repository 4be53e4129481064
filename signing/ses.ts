/**
 * Verification of GB/T 38540-2020 electronic seals (`SESeal`) and electronic signatures
 * (`SES_Signature`), versions 4 and 1 (GM/T 0031-2014), following the order of GB/T 38540
 * §8.2 as the issue lists it: the signature over TBS_Sign, the signer's certificate against
 * the seal's certList, the maker's signature and certificate, the seal's validity window, the
 * signer certificate's validity (and revocation), and finally dataHash against the data.
 */
import { createHash } from 'node:crypto'
import type { VerifyContext } from './context.js'
import type { ExactCache } from './exact-cache.js'
import { isoTime } from './iso-time.js'
import { ReportBuilder, formatFailure, type SealSummary, type VerificationReport } from './report.js'
import { parseSeal, parseSesSignature, type ParsedSeal, type ParsedSesSignature } from './ses-parse.js'
import { validateSigner } from './signer.js'
import { sm3 } from './sm3.js'
import { memoVerifySignature, verifySignature } from './verify-signature.js'
import { parseCertificate, type Certificate } from './x509.js'

/** Parsed once per exact input bytes; every signature is still checked per call (or memoised, see checkSeal). */
function cached<T extends object>(cache: ExactCache<object>, bytes: Uint8Array, parse: (b: Uint8Array) => T): T {
  const hit = cache.get(bytes) as T | undefined
  if (hit) return hit
  const own = Uint8Array.from(bytes)
  const v = parse(own)
  cache.set(own, v, true)
  return v
}

/** Parsing a certificate that a parsed structure carries, once per parsed structure. */
function certOf<K extends object>(memo: WeakMap<K, Certificate>, owner: K, der: Uint8Array): Certificate {
  let c = memo.get(owner)
  if (!c) {
    c = parseCertificate(der)
    memo.set(owner, c)
  }
  return c
}
const makerCerts = new WeakMap<ParsedSeal, Certificate>()
const signerCerts = new WeakMap<ParsedSesSignature, Certificate>()

const DIGESTS: Record<string, string> = { sm3: 'sm3', '1.2.156.10197.1.401': 'sm3', sha1: 'sha1', sha256: 'sha256', 'sha-256': 'sha256', '2.16.840.1.101.3.4.2.1': 'sha256' }

/** certListType 1: byte-equal certificate; 2: a digest of the certificate (GB/T 38540 §7.2). */
function signerListed(seal: ParsedSeal, signer: Uint8Array): boolean {
  if (seal.certListType === 1) return seal.certs.some((c) => Buffer.compare(c, signer) === 0)
  return seal.certDigests.some((d) => {
    const alg = DIGESTS[d.algorithm.toLowerCase()]
    return !!alg && Buffer.compare(createHash(alg).update(signer).digest(), d.value) === 0
  })
}

interface SealText { validFrom: string; validTo: string; window: string }
const sealTexts = new WeakMap<ParsedSeal, SealText>()

function sealText(seal: ParsedSeal): SealText {
  let t = sealTexts.get(seal)
  if (!t) {
    const validFrom = isoTime(seal.validStart), validTo = isoTime(seal.validEnd)
    t = { validFrom, validTo, window: `${validFrom} – ${validTo}` }
    sealTexts.set(seal, t)
  }
  return t
}

function sealSummary(seal: ParsedSeal): SealSummary {
  const t = sealText(seal)
  return { name: seal.name, type: seal.type, esID: seal.esID, validFrom: t.validFrom, validTo: t.validTo, version: seal.version }
}

const MAKER_KINDS = ['seal-maker', 'ca'] as const
const CA = ['ca'] as const

/** Maker signature, maker certificate and the validity window at `at`. */
async function checkSeal(ctx: VerifyContext, seal: ParsedSeal, at: Date | undefined, report: ReportBuilder): Promise<SealSummary> {
  const summary = sealSummary(seal)
  let maker: Certificate | undefined
  try {
    maker = certOf(makerCerts, seal, seal.makerCert)
  } catch {
    report.check('seal maker signature', false, 'maker certificate does not decode')
    report.fail('FORMAT_FAILURE', 'The seal maker\'s certificate does not decode.')
    return summary
  }
  // The maker's signature over SES_SealInfo is the same in every document sealed with this
  // seal, so a success is remembered under a hash of (algorithm, maker key, signed bytes,
  // signature). The chain, validity and revocation of the maker are still judged below.
  const ok = memoVerifySignature(ctx.signatures, seal.signatureAlgorithm, seal.signedBytes, maker.publicKey, seal.signature)
  if (!report.check('seal maker signature', ok)) report.fail('SIG_CRYPTO_FAILURE', 'The seal maker\'s signature over the seal does not verify.')
  const v = await validateSigner(ctx, { leaf: maker, intermediates: [], anchorKinds: MAKER_KINDS, signingTime: at, label: 'maker' }, report)
  summary.maker = v.summary
  const when = (at ?? ctx.now).getTime()
  const t = sealText(seal)
  if (when < seal.validStart.getTime()) {
    report.check('seal validity', false, `valid from ${t.validFrom}`)
    report.fail('NOT_YET_VALID', `The seal "${seal.name}" is not valid before ${t.validFrom}.`)
  } else if (when > seal.validEnd.getTime()) {
    report.check('seal validity', false, `valid until ${t.validTo}`)
    report.fail('EXPIRED', `The seal "${seal.name}" expired on ${t.validTo}.`)
  } else report.check('seal validity', true, t.window)
  return summary
}

/** Verifies a DER `SESeal` on its own (no document). Never throws. */
export async function verifySeal(ctx: VerifyContext, der: Uint8Array): Promise<VerificationReport> {
  let seal: ParsedSeal
  try {
    seal = cached(ctx.parsed.seal, der, parseSeal)
  } catch (e) {
    return formatFailure('SES_SEAL', `The input is not a well-formed GB/T 38540 SESeal (${(e as Error).message}).`)
  }
  const report = new ReportBuilder('SES_SEAL')
  report.check('format', true, `SESeal v${seal.version}`)
  report.extra.seal = await checkSeal(ctx, seal, undefined, report)
  if (report.extra.seal.maker) report.extra.signer = report.extra.seal.maker
  return report.build(`The seal "${seal.name}" is genuine, made by a trusted seal maker, and within its validity.`)
}

/**
 * Verifies a DER `SES_Signature`. `data` is what dataHash covers; without it the result is at
 * best INDETERMINATE/SIGNED_DATA_NOT_FOUND. Never throws.
 */
export async function verifySesSignature(
  ctx: VerifyContext,
  der: Uint8Array,
  dataOrLookup: Uint8Array | undefined | ((propertyInfo: string) => Uint8Array | undefined),
  moreChecks?: (report: ReportBuilder) => void,
): Promise<VerificationReport> {
  let sig: ParsedSesSignature
  let signer: Certificate
  try {
    sig = cached(ctx.parsed.ses, der, parseSesSignature)
    signer = certOf(signerCerts, sig, sig.signerCert)
  } catch (e) {
    return formatFailure('SES_SIGNATURE', `The input is not a well-formed GB/T 38540 SES_Signature (${(e as Error).message}).`)
  }
  const report = new ReportBuilder('SES_SIGNATURE')
  report.check('format', true, `SES_Signature v${sig.version}`)
  if (sig.signingTime) report.extra.signingTime = isoTime(sig.signingTime)
  // 1. The signer's signature over DER(TBS_Sign): it differs per document, so it is never memoised.
  const ok = verifySignature(sig.signatureAlgorithm, sig.tbs, signer.publicKey, sig.signature)
  if (!report.check('signature', ok)) report.fail('SIG_CRYPTO_FAILURE', 'The signature over TBS_Sign does not verify with the signer\'s certificate.')
  // 2. The signer is one of the seal's authorised holders.
  if (!report.check('signer in seal certList', signerListed(sig.seal, sig.signerCert), `certListType ${sig.seal.certListType}`))
    report.fail('SIG_CONSTRAINTS_FAILURE', 'The signer\'s certificate is not among those the seal authorises.')
  // 3-4. The seal itself, judged at the signing time.
  report.extra.seal = await checkSeal(ctx, sig.seal, sig.signingTime, report)
  // 5. The signer's certificate.
  const v = await validateSigner(ctx, { leaf: signer, intermediates: [], anchorKinds: CA, signingTime: sig.signingTime, label: 'signer' }, report)
  report.extra.signer = v.summary
  if (v.revocation) report.extra.revocation = v.revocation
  // 6. The data (for OFD, the file that propertyInfo names).
  const data = typeof dataOrLookup === 'function' ? dataOrLookup(sig.propertyInfo) : dataOrLookup
  if (data === undefined) {
    report.check('data hash', false, 'no data supplied')
    report.fail('SIGNED_DATA_NOT_FOUND', 'No signed data was supplied to check dataHash against.')
  } else {
    const hash = sig.signatureAlgorithm.hash ?? 'sm3'
    const digest = hash === 'sm3' ? sm3(data) : createHash(hash).update(data).digest()
    if (!report.check('data hash', Buffer.compare(digest, sig.dataHash) === 0, hash))
      report.fail('HASH_FAILURE', 'The data does not match the dataHash signed in the seal signature.')
  }
  moreChecks?.(report)
  return report.build(`The document is sealed with "${sig.seal.name}" by a trusted signer; seal and data are intact.`)
}
