/**
 * Tongban signing: the trust and verification core. The only entry point for other folders.
 *
 * Verification functions return an ETSI EN 319 102-1 report and never throw for untrusted
 * bytes; functions that take configuration or keys throw `SigningError` with a `code`.
 */

// ---- verification ----
/**
 * Creates a verifier bound to trust anchors, revocation policy and caches.
 * @param options `{ trust, crls?, fetchCrl?, offline?, now?, revocation?, expectedRegion? }`
 * @throws SigningError INVALID_ARGUMENT, CERTIFICATE_INVALID, KEY_INVALID, CRL_INVALID
 * @example
 * const verifier = createVerifier({ trust: list, revocation: 'require' })
 * const report = await verifier.verify({ auto: bytes })   // never throws for bad bytes
 */
export { createVerifier } from './verify-document.js'
export type { Verifier, VerifierOptions, VerifyInput } from './verify-document.js'
export type { RevocationPolicy } from './context.js'
export type {
  VerificationReport, Indication, SubIndication, SignatureFormat, Check, SignerSummary, SealSummary,
} from './report.js'
/**
 * Guesses the format (JWS, CMS, SES_SIGNATURE, SES_SEAL, OFD) of bytes or text.
 * @param input bytes, PEM, base64 or JWS text
 * @example detectFormat(bytes)?.format === 'OFD'
 */
export { detectFormat } from './detect.js'
/**
 * Verifies a gateway receipt (ES256 JWS, typ tongban-receipt+jwt) against a pinned key or JWKS.
 * @param jws compact JWS; @param key PEM, KeyObject, JWK or `{ keys }`
 * @throws SigningError KEY_INVALID for an unusable key (a bad receipt is a report, not a throw)
 * @example const r = await verifyReceipt(jws, gatewayJwks)
 */
export { verifyReceipt, RECEIPT_TYPE } from './receipt.js'

// ---- trust ----
/**
 * Verifies and opens the signed federation trust list.
 * @param jws the list; @param provincialAnchor certificate PEM/DER, public key or JWK; @param o `{ now }`
 * @throws SigningError TRUST_LIST_INVALID, TRUST_LIST_EXPIRED, KEY_INVALID
 * @example const list = await openTrustList(text, provincialPem)
 */
export { openTrustList, TRUST_LIST_TYPE } from './trust-list.js'
export type { TrustList } from './trust-list.js'
/**
 * Compiles region anchors into a store a verifier can share.
 * @param regions anchors grouped by GB/T 2260 region
 * @throws SigningError CERTIFICATE_INVALID, KEY_INVALID
 * @example const store = createTrustStore(list.regions)
 */
export { createTrustStore } from './trust-store.js'
export type { TrustStore, RegionAnchors, Jwk } from './trust-store.js'
/**
 * Parses a CRL (PEM or DER).
 * @throws SigningError CRL_INVALID
 * @example verifier.addCrl(parseCrl(pem).der)
 */
export { parseCrl, fetchCrlWithUndici } from './crl.js'
export type { Crl, CrlFetcher } from './crl.js'

// ---- primitives ----
/**
 * Parses an X.509 certificate (PEM, base64 or DER).
 * @throws SigningError FORMAT_FAILURE, UNSUPPORTED_ALGORITHM
 * @example parseCertificate(pem).subject
 */
export { parseCertificate } from './x509.js'
export type { Certificate, KeyUsage } from './x509.js'
/**
 * SM2 (GB/T 32918) with SM3 and the default ID 1234567812345678. `sm2Verify` never throws;
 * `sm2Sign` throws KEY_INVALID for a non-SM2 key.
 * @param publicPoint 65-byte uncompressed point; @param signature DER SEQ{r,s} or raw r‖s
 * @example sm2Verify(point, msg, sig) // false for an empty-ID signature
 */
export { sm2Verify, sm2Sign, sm2Z, sm2PublicPoint, SM2_DEFAULT_ID } from './sm2.js'
/** SM3 digest. @example sm3(bytes) */
export { sm3 } from './sm3.js'
/** PEM helpers. @example toPem('CERTIFICATE', der) */
export { toPem, pemBlocks } from './pem.js'
export { SigningError } from './errors.js'
export type { SigningCode } from './errors.js'
/** Empties process-wide parse caches (cold benchmarks). @example clearSigningCaches() */
export { clearSigningCaches } from './caches.js'

// ---- issuing (sandbox cities, tests) ----
/**
 * Key pairs: RSA, P-256, Ed25519, SM2. @throws SigningError INVALID_ARGUMENT
 * @example const { privateKey, publicKey } = generateSigningKeyPair('SM2')
 */
export { generateSigningKeyPair } from './issue/keys.js'
export type { KeyAlgorithm, SigningKeyPair } from './issue/keys.js'
/**
 * X.509 v3 certificates. @throws SigningError INVALID_ARGUMENT, KEY_INVALID
 * @example issueCertificate({ subject: { CN: 'Root' }, publicKey, selfSignKey: privateKey, ca: true })
 */
export { issueCertificate } from './issue/certificate.js'
export type { CertificateRequest, IssuedCertificate } from './issue/certificate.js'
export type { DistinguishedName } from './issue/name.js'
/** CRLs. @throws SigningError FORMAT_FAILURE, KEY_INVALID @example createCrl({ issuer, revoked }) */
export { createCrl } from './issue/crl.js'
export type { CrlRequest } from './issue/crl.js'
/** CMS SignedData with signed attributes. @throws SigningError KEY_INVALID @example signCms(data, { certificate, privateKey }) */
export { signCms } from './issue/cms.js'
export type { CmsSignOptions } from './issue/cms.js'
/** JWS via jose. @throws SigningError KEY_INVALID @example await signJws(payload, key, { x5c }) */
export { signJws } from './issue/jws.js'
export type { JwsSignOptions } from './issue/jws.js'
/** GB/T 38540 SESeal v4/v1. @throws SigningError KEY_INVALID @example createSeal({ maker, esID, name, signerCertificates, validFrom, validTo }) */
export { createSeal } from './issue/seal.js'
export type { SealRequest } from './issue/seal.js'
/** GB/T 38540 SES_Signature v4/v1. @throws SigningError KEY_INVALID @example createSesSignature({ seal, signer, data, propertyInfo }) */
export { createSesSignature } from './issue/ses-signature.js'
export type { SesSignatureRequest } from './issue/ses-signature.js'
/** A signed OFD package. @throws SigningError KEY_INVALID @example createSignedOfd({ seal, signer }) */
export { createSignedOfd } from './issue/ofd.js'
export type { OfdRequest } from './issue/ofd.js'
/** Signed trust list. @throws SigningError INVALID_ARGUMENT, KEY_INVALID @example await createTrustList(content, { privateKey, certificates }) */
export { createTrustList } from './issue/trust-list.js'
export type { TrustListContent } from './issue/trust-list.js'
/** Gateway receipts (ES256). @throws SigningError KEY_INVALID, INVALID_ARGUMENT @example await signReceipt({ caseId }, key, { kid }) */
export { signReceipt } from './issue/receipt.js'
