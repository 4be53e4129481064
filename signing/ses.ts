/**
 * Verification of GB/T 38540-2020 electronic seals (`SESeal`) and electronic signatures
 * (`SES_Signature`), versions 4 and 1 (GM/T 0031-2014), following the order of GB/T 38540
 * §8.2 as the issue lists it: the signature over TBS_Sign, the signer's certificate against
 * the seal's certList, the maker's signature and certificate, the seal's validity window, the
 * signer certificate's validity (and revocation), and finally dataHash against the data.
 */
import { createHash, hash } from 'node:crypto'
import type { PlanSlot } from './chain.js'
import type { VerifyContext } from './context.js'
import { isoTime } from './iso-time.js'
import { ReportBuilder, formatFailure, type SealSummary, type VerificationReport } from './report.js'
import { parseSeal, parseSesSignature, type ParsedSeal, type ParsedSesSignature } from './ses-parse.js'
import { validateSigner } from './signer.js'
import { verifySignature } from './verify-signature.js'
import { parseCertificate, type Certificate } from './x509.js'

/** A parsed seal and what follows from its bytes alone, worked out once per cached seal. */
interface PreparedSeal {
  readonly seal: ParsedSeal
  /** The maker's certificate; undefined when it does not decode. */
  readonly maker: Certificate | undefined
  readonly validFrom: string
  readonly validTo: string
  readonly window: string
  readonly slot: PlanSlot
  /**
   * Set once the maker's signature over the seal has verified. The seal is cached by its exact
   * bytes, which fix everything that verification depends on (algorithm, the maker's key in
   * the embedded certificate, the signed SES_SealInfo, the signature), so it is a pure result.
   */
  makerSignatureOk: boolean
}

/** A parsed SES_Signature with its seal and signer certificate. */
interface PreparedSignature {
  readonly sig: ParsedSesSignature
  readonly seal: PreparedSeal
  readonly signer: Certificate
  readonly slot: PlanSlot
}

function prepareSeal(seal: ParsedSeal): PreparedSeal {
  let maker: Certificate | undefined
  try { maker = parseCertificate(seal.makerCert) } catch { maker = undefined }
  const validFrom = isoTime(seal.validStart), validTo = isoTime(seal.validEnd)
  return { seal, maker, validFrom, validTo, window: `${validFrom} – ${validTo}`, slot: {}, makerSignatureOk: false }
}

/** The seal for these exact bytes, from the verifier's cache once it recurs. @throws for malformed bytes */
function sealFor(ctx: VerifyContext, der: Uint8Array): PreparedSeal {
  return ctx.parsed.seal.lookup(der, (own) => prepareSeal(parseSeal(own))) as PreparedSeal
}

function signatureFor(ctx: VerifyContext, der: Uint8Array): PreparedSignature {
  return ctx.parsed.ses.lookup(der, (own): PreparedSignature => {
    let seal: PreparedSeal | undefined
    // The embedded seal recurs in every document it seals: looked up by its own exact bytes.
    const sig = parseSesSignature(own, (sealDer) => (seal = sealFor(ctx, sealDer)).seal)
    return { sig, seal: seal!, signer: parseCertificate(sig.signerCert), slot: {} }
  }) as PreparedSignature
}

const DIGESTS: Record<string, string> = { sm3: 'sm3', '1.2.156.10197.1.401': 'sm3', sha1: 'sha1', sha256: 'sha256', 'sha-256': 'sha256', '2.16.840.1.101.3.4.2.1': 'sha256' }

/** certListType 1: byte-equal certificate; 2: a digest of the certificate (GB/T 38540 §7.2). */
function signerListed(seal: ParsedSeal, signer: Uint8Array): boolean {
  if (seal.certListType === 1) return seal.certs.some((c) => Buffer.compare(c, signer) === 0)
  return seal.certDigests.some((d) => {
    const alg = DIGESTS[d.algorithm.toLowerCase()]
    return !!alg && Buffer.compare(createHash(alg).update(signer).digest(), d.value) === 0
  })
}

function sealSummary(p: PreparedSeal): SealSummary {
  const { seal } = p
  return { name: seal.name, type: seal.type, esID: seal.esID, validFrom: p.validFrom, validTo: p.validTo, version: seal.version }
}

const MAKER_KINDS = ['seal-maker', 'ca'] as const
const CA = ['ca'] as const
/** GB/T 38540 carries no intermediate certificates: makers and signers chain straight to anchors. */
const NONE: readonly Certificate[] = []

/** Maker signature, maker certificate and the validity window at `at`. */
function checkSeal(ctx: VerifyContext, p: PreparedSeal, at: Date | undefined, report: ReportBuilder): SealSummary {
  const { seal, maker } = p
  const summary = sealSummary(p)
  if (!maker) {
    report.check('seal maker signature', false, 'maker certificate does not decode')
    report.fail('FORMAT_FAILURE', 'The seal maker\'s certificate does not decode.')
    return summary
  }
  // The maker's signature over SES_SealInfo is the same in every document sealed with this
  // seal, so its success is remembered on the cached seal (see PreparedSeal). The maker's
  // chain, validity and revocation are still judged below on every call.
  const ok = p.makerSignatureOk || (p.makerSignatureOk = verifySignature(seal.signatureAlgorithm, seal.signedBytes, maker.publicKey, seal.signature))
  if (!report.check('seal maker signature', ok)) report.fail('SIG_CRYPTO_FAILURE', 'The seal maker\'s signature over the seal does not verify.')
  const v = validateSigner(ctx, { leaf: maker, intermediates: NONE, anchorKinds: MAKER_KINDS, signingTime: at, label: 'maker', slot: p.slot }, report)
  summary.maker = v.summary
  const when = (at ?? ctx.now).getTime()
  if (when < seal.validStart.getTime()) {
    report.check('seal validity', false, `valid from ${p.validFrom}`)
    report.fail('NOT_YET_VALID', `The seal "${seal.name}" is not valid before ${p.validFrom}.`)
  } else if (when > seal.validEnd.getTime()) {
    report.check('seal validity', false, `valid until ${p.validTo}`)
    report.fail('EXPIRED', `The seal "${seal.name}" expired on ${p.validTo}.`)
  } else report.check('seal validity', true, p.window)
  return summary
}

/** Verifies a DER `SESeal` on its own (no document). Never throws. */
export function verifySeal(ctx: VerifyContext, der: Uint8Array): VerificationReport {
  let prepared: PreparedSeal
  try {
    prepared = sealFor(ctx, der)
  } catch (e) {
    return formatFailure('SES_SEAL', `The input is not a well-formed GB/T 38540 SESeal (${(e as Error).message}).`)
  }
  const report = new ReportBuilder('SES_SEAL')
  const { seal } = prepared
  report.check('format', true, `SESeal v${seal.version}`)
  report.extra.seal = checkSeal(ctx, prepared, undefined, report)
  if (report.extra.seal.maker) report.extra.signer = report.extra.seal.maker
  return report.build(`The seal "${seal.name}" is genuine, made by a trusted seal maker, and within its validity.`)
}

/**
 * Verifies a DER `SES_Signature`. `data` is what dataHash covers; without it the result is at
 * best INDETERMINATE/SIGNED_DATA_NOT_FOUND. Never throws.
 */
export function verifySesSignature(
  ctx: VerifyContext,
  der: Uint8Array,
  dataOrLookup: Uint8Array | undefined | ((propertyInfo: string) => Uint8Array | undefined),
  moreChecks?: (report: ReportBuilder) => void,
): VerificationReport {
  let prepared: PreparedSignature
  try {
    prepared = signatureFor(ctx, der)
  } catch (e) {
    return formatFailure('SES_SIGNATURE', `The input is not a well-formed GB/T 38540 SES_Signature (${(e as Error).message}).`)
  }
  const { sig, signer } = prepared
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
  report.extra.seal = checkSeal(ctx, prepared.seal, sig.signingTime, report)
  // 5. The signer's certificate.
  const v = validateSigner(ctx, { leaf: signer, intermediates: NONE, anchorKinds: CA, signingTime: sig.signingTime, label: 'signer', slot: prepared.slot }, report)
  report.extra.signer = v.summary
  if (v.revocation) report.extra.revocation = v.revocation
  // 6. The data (for OFD, the file that propertyInfo names).
  const data = typeof dataOrLookup === 'function' ? dataOrLookup(sig.propertyInfo) : dataOrLookup
  if (data === undefined) {
    report.check('data hash', false, 'no data supplied')
    report.fail('SIGNED_DATA_NOT_FOUND', 'No signed data was supplied to check dataHash against.')
  } else {
    const alg = sig.signatureAlgorithm.hash ?? 'sm3'
    if (!report.check('data hash', Buffer.compare(hash(alg, data, 'buffer'), sig.dataHash) === 0, alg))
      report.fail('HASH_FAILURE', 'The data does not match the dataHash signed in the seal signature.')
  }
  moreChecks?.(report)
  return report.build(`The document is sealed with "${sig.seal.name}" by a trusted signer; seal and data are intact.`)
}
