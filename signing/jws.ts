/**
 * JWS (RFC 7515) verification, compact and JSON serialisations, for ES256/ES384, RS256-512,
 * PS256-512 and EdDSA (RFC 7518 §3, RFC 8037). The key comes from an `x5c` chain validated to a
 * trust anchor or from a region's JWKS by `kid`.
 *
 * jose issues our JWS and imports JWKs; this module parses and verifies itself with the
 * synchronous node:crypto verify, because jose's WebCrypto path is asynchronous per call and
 * measured at 0.15–0.36× of raw node:crypto here (see bench/signing.bench.ts), below the
 * 0.7× target. tests/signing/jws.test.ts checks every vector against jose's own verify.
 */
import type { SignatureAlgorithm } from './algorithms.js'
import type { PlanSlot } from './chain.js'
import type { VerifyContext } from './context.js'
import type { ExactCache } from './exact-cache.js'
import { isoTime } from './iso-time.js'
import type { KeyKind, PublicKeyInfo } from './public-key.js'
import { ReportBuilder, combine, formatFailure, type SignerSummary, type VerificationReport } from './report.js'
import { validateSigner } from './signer.js'
import { verifySignature } from './verify-signature.js'
import { parseCertificate, type Certificate } from './x509.js'

interface JwsAlg { alg: SignatureAlgorithm; kind: KeyKind; curve?: string }

const ALGS: Record<string, JwsAlg> = {
  ES256: { alg: { scheme: 'ecdsa', hash: 'sha256' }, kind: 'ec', curve: 'P-256' },
  ES384: { alg: { scheme: 'ecdsa', hash: 'sha384' }, kind: 'ec', curve: 'P-384' },
  RS256: { alg: { scheme: 'rsa-pkcs1', hash: 'sha256' }, kind: 'rsa' },
  RS384: { alg: { scheme: 'rsa-pkcs1', hash: 'sha384' }, kind: 'rsa' },
  RS512: { alg: { scheme: 'rsa-pkcs1', hash: 'sha512' }, kind: 'rsa' },
  // RFC 7518 §3.5: the PSS salt is as long as the digest.
  PS256: { alg: { scheme: 'rsa-pss', hash: 'sha256', saltLength: 32 }, kind: 'rsa' },
  PS384: { alg: { scheme: 'rsa-pss', hash: 'sha384', saltLength: 48 }, kind: 'rsa' },
  PS512: { alg: { scheme: 'rsa-pss', hash: 'sha512', saltLength: 64 }, kind: 'rsa' },
  EdDSA: { alg: { scheme: 'ed25519', hash: undefined }, kind: 'ed25519' },
}
/** Each algorithm with its report texts, formatted once. */
const JWS_ALGS: Record<string, JwsAlg & { name: string; format: string; noKey: string; noKeyReason: string }> = Object.fromEntries(
  Object.entries(ALGS).map(([name, a]) => [name, {
    ...a, name, format: `JWS ${name}`, noKey: `no ${name} key`, noKeyReason: `The signer's key cannot make ${name} signatures.`,
  }]))

const B64URL = /^[A-Za-z0-9_-]*$/
export type JwsHeader = Record<string, unknown>

export interface ResolvedKey {
  keys: readonly PublicKeyInfo[]
  summary?: SignerSummary
  revocation?: VerificationReport['revocation']
}
/** Finds the verification key(s) for a header, recording checks; undefined when none. */
export type KeyResolver = (header: JwsHeader, signingTime: Date | undefined, report: ReportBuilder) => ResolvedKey | undefined

interface Part {
  protectedBytes: Buffer
  header: JwsHeader
  signature: string
  /** Compact form: the JWS text, whose first `inputEnd` characters are the signing input. */
  text?: string
  inputEnd?: number
  /** A kept compact JWS: its signing input and signature, decoded once and owned. */
  signingInput?: Buffer
  signatureBytes?: Buffer
}

/**
 * A compact JWS seen twice, parsed once: header, payload (frozen, so no report can change what
 * another sees), and the signing input and signature bytes. Everything that depends on the
 * time, the trust list or revocation is still judged on every verification, and the signature
 * is verified every time.
 */
interface KeptJws {
  readonly parts: Part[]
  readonly payloadSeg: string
  readonly payload: unknown
  readonly payloadBytes: Buffer
}
/** The parse of an input seen once: not kept, verified by the ordinary path. */
const ONE_OFF = Object.freeze({})

function keepCompact(text: string, keep: boolean, headers: ExactCache<object>): KeptJws | typeof ONE_OFF {
  if (!keep) return ONE_OFF
  let parsed: ReturnType<typeof parseParts>
  try { parsed = parseParts(text, headers) } catch { return ONE_OFF }
  const { payloadSeg } = parsed, part = parsed.parts[0]!
  // JSON serialisations, detached payloads and malformed segments take the ordinary path, which reports them.
  if (parsed.parts.length !== 1 || part.text === undefined || payloadSeg === undefined || !B64URL.test(payloadSeg) || !B64URL.test(part.signature)) return ONE_OFF
  const payloadBytes = Buffer.from(payloadSeg, 'base64url')
  const signingInput = Buffer.from(part.text.slice(0, part.inputEnd), 'latin1')
  return {
    parts: [{ ...part, signingInput, signatureBytes: Buffer.from(part.signature, 'base64url') }],
    payloadSeg, payloadBytes, payload: deepFreeze(decodePayload(payloadBytes.toString('utf8'))),
  }
}

/** A decoded protected header and its bytes (the first part of the JWS signing input). */
interface ProtectedHeader { readonly header: JwsHeader; readonly bytes: Buffer }

function decodeJson(seg: string): unknown {
  if (!B64URL.test(seg)) throw new Error('not base64url')
  return JSON.parse(Buffer.from(seg, 'base64url').toString('utf8'))
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v)
    for (const x of Object.values(v)) deepFreeze(x)
  }
  return v
}

/**
 * Decodes a protected header segment, once per exact text when the verifier's cache is given:
 * the header is a pure function of the segment, and with an x5c chain it is most of the JWS.
 * A cached header is frozen so no verification can change what another one sees.
 */
function decodeHeader(text: string, keep: boolean): ProtectedHeader {
  const header = decodeJson(text)
  if (!isObject(header)) throw new Error('header is not an object')
  // base64url is ASCII, so latin1 gives exactly the segment's bytes.
  return { header: keep ? deepFreeze(header) : header, bytes: Buffer.from(text, 'latin1') }
}

function decodeProtected(seg: string, cache: ExactCache<object> | undefined): ProtectedHeader {
  return cache ? cache.lookup(seg, decodeHeader) as ProtectedHeader : decodeHeader(seg, false)
}

function parseParts(jws: string, headers: ExactCache<object> | undefined): { parts: Part[]; payloadSeg: string | undefined } {
  const text = jws.trim()
  if (text.startsWith('{')) {
    const o: unknown = JSON.parse(text)
    if (!isObject(o)) throw new Error('JWS JSON is not an object')
    const sigs = Array.isArray(o.signatures) ? o.signatures : [o]
    if (sigs.length === 0) throw new Error('no signatures')
    const parts = sigs.map((s: unknown): Part => {
      if (!isObject(s) || typeof s.signature !== 'string' || typeof s.protected !== 'string') throw new Error('bad signature entry')
      const prot = decodeProtected(s.protected, headers)
      const unprot = s.header === undefined ? {} : s.header
      if (!isObject(unprot)) throw new Error('header is not an object')
      // RFC 7515 §7.2.1: the protected and unprotected header names must be disjoint.
      if (Object.keys(unprot).some((k) => k in prot.header)) throw new Error('duplicate header parameter')
      return { protectedBytes: prot.bytes, header: { ...unprot, ...prot.header }, signature: s.signature }
    })
    if (o.payload !== undefined && typeof o.payload !== 'string') throw new Error('payload is not a string')
    return { parts, payloadSeg: o.payload as string | undefined }
  }
  const dot1 = text.indexOf('.'), dot2 = dot1 < 0 ? -1 : text.indexOf('.', dot1 + 1)
  if (dot2 < 0 || text.indexOf('.', dot2 + 1) >= 0) throw new Error('compact JWS needs three segments')
  const prot = decodeProtected(text.slice(0, dot1), headers)
  return {
    parts: [{ protectedBytes: prot.bytes, header: prot.header, signature: text.slice(dot2 + 1), text, inputEnd: dot2 }],
    payloadSeg: dot2 === dot1 + 1 ? undefined : text.slice(dot1 + 1, dot2),
  }
}

/**
 * Scratch space for one verification's payload bytes, signing input and signature. Sharing it
 * is safe because each use is filled and consumed by synchronous code with no await between,
 * and it matters: a fresh 3–4 KB buffer per x5c JWS (pool refills included) measurably slowed
 * the OpenSSL verify that reads it. Inputs above SCRATCH_MAX get their own buffer.
 */
let scratch = Buffer.allocUnsafe(8192)
const SCRATCH_MAX = 1 << 16
function scratchFor(n: number): Buffer {
  if (n <= scratch.length) return scratch
  if (n > SCRATCH_MAX) return Buffer.allocUnsafe(n)
  scratch = Buffer.allocUnsafe(SCRATCH_MAX)
  return scratch
}

/**
 * Checks `part.signature` (base64url, checked) over ASCII(protected) ‖ '.' ‖ ASCII(payload)
 * (RFC 7515 §5.2 step 8) with each usable key until one verifies, and records the result.
 */
function checkSignature(report: ReportBuilder, part: Part, payloadSeg: string, spec: (typeof JWS_ALGS)[string], keys: readonly PublicKeyInfo[]): void {
  let data: Buffer, sig: Buffer
  if (part.signingInput && part.signatureBytes) {
    data = part.signingInput
    sig = part.signatureBytes
  } else {
    const n = part.protectedBytes.length, len = n + 1 + payloadSeg.length
    const buf = scratchFor(len + part.signature.length)
    // Segments are base64url (checked), so latin1 writes one byte per character. A compact JWS
    // with its own payload already holds the signing input as its first `inputEnd` characters.
    if (part.text !== undefined && part.inputEnd === len) buf.write(part.text, 0, len, 'latin1')
    else {
      part.protectedBytes.copy(buf, 0)
      buf[n] = 0x2e
      buf.write(payloadSeg, n + 1, 'latin1')
    }
    const sigLen = buf.write(part.signature, len, 'base64url')
    data = buf.subarray(0, len)
    sig = buf.subarray(len, len + sigLen)
  }
  let usable = 0, ok = false
  for (const k of keys) {
    if (k.kind !== spec.kind || (spec.curve && k.curve !== spec.curve)) continue
    usable++
    if ((ok = verifySignature(spec.alg, data, k, sig, 'ieee-p1363'))) break
  }
  if (!report.check('signature', ok, usable ? undefined : spec.noKey))
    report.fail('SIG_CRYPTO_FAILURE', usable ? 'The JWS signature does not verify with the signer\'s key.' : spec.noKeyReason)
}

function decodePayload(text: string): unknown {
  if (text.startsWith('{') || text.startsWith('[')) {
    try { return JSON.parse(text) } catch { /* not JSON: keep the text */ }
  }
  return text
}

function timeClaim(header: JwsHeader, payload: unknown): Date | undefined {
  const iat = typeof header.iat === 'number' ? header.iat : isObject(payload) && typeof payload.iat === 'number' ? payload.iat : undefined
  return iat === undefined ? undefined : new Date(iat * 1000)
}

function verifyPart(part: Part, payloadSeg: string, payload: unknown, resolve: KeyResolver): VerificationReport {
  const report = new ReportBuilder('JWS')
  const { header } = part
  const spec = typeof header.alg === 'string' ? JWS_ALGS[header.alg] : undefined
  if (!spec) return formatFailure('JWS', `Unsupported JWS algorithm ${JSON.stringify(header.alg)}.`)
  // RFC 7515 §4.1.11: we understand no extension, so any critical one makes the JWS invalid.
  if (header.crit !== undefined || header.b64 !== undefined) return formatFailure('JWS', 'The JWS uses critical or b64 header parameters that are not supported.')
  if (!part.signatureBytes && !B64URL.test(part.signature)) return formatFailure('JWS', 'The JWS signature is not base64url.')
  report.check('format', true, spec.format)
  const signingTime = timeClaim(header, payload)
  if (signingTime) report.extra.signingTime = isoTime(signingTime)
  report.extra.payload = payload
  const resolved = resolve(header, signingTime, report)
  if (resolved?.summary) report.extra.signer = resolved.summary
  if (resolved?.revocation) report.extra.revocation = resolved.revocation
  if (resolved) checkSignature(report, part, payloadSeg, spec, resolved.keys)
  return report.build('The JWS signature is valid and its signer chains to a trust anchor.')
}

/** The verifier's parse caches for JWS: protected headers by segment, and whole compact JWS texts. */
export interface JwsCaches { readonly headers: ExactCache<object>; readonly documents: ExactCache<object> }

function verifyParts(parts: readonly Part[], payloadSeg: string, payload: unknown, differs: boolean, resolve: KeyResolver): VerificationReport {
  const reports: VerificationReport[] = []
  for (const part of parts) {
    const r = verifyPart(part, payloadSeg, payload, resolve)
    if (differs) {
      r.checks.push({ name: 'data', passed: false, detail: 'supplied data differs from the JWS payload' })
      Object.assign(r, { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE', reason: 'The supplied data differs from the signed JWS payload.' })
    }
    reports.push(r)
  }
  return combine(reports)
}

/**
 * Verifies a JWS with a key resolver; never throws for bad input.
 * @param caches the verifier's parse caches, if any
 */
export function verifyJwsWith(jws: string, detached: Uint8Array | undefined, resolve: KeyResolver, caches?: JwsCaches): VerificationReport {
  const headers = caches?.headers
  // A compact JWS seen before (a licence checked again and again) is not parsed again.
  if (caches && jws.charCodeAt(0) !== 0x7b) {
    const kept = caches.documents.lookup(jws, (own, keep) => keepCompact(own, keep, caches.headers))
    if (kept !== ONE_OFF) {
      const k = kept as KeptJws
      return verifyParts(k.parts, k.payloadSeg, k.payload, detached !== undefined && Buffer.compare(k.payloadBytes, detached) !== 0, resolve)
    }
  }
  let parsed: ReturnType<typeof parseParts>
  try {
    parsed = parseParts(jws, headers)
  } catch (e) {
    return formatFailure('JWS', `The input is not a well-formed JWS (${(e as Error).message}).`)
  }
  let payloadSeg: string
  let payload: unknown
  let differs = false
  if (parsed.payloadSeg !== undefined) {
    payloadSeg = parsed.payloadSeg
    if (!B64URL.test(payloadSeg)) return formatFailure('JWS', 'The JWS payload is not base64url.')
    const buf = scratchFor(payloadSeg.length)
    const n = buf.write(payloadSeg, 0, 'base64url')
    payload = decodePayload(buf.toString('utf8', 0, n))
    // Compared now, while the scratch still holds the payload.
    differs = detached !== undefined && Buffer.compare(buf.subarray(0, n), detached) !== 0
  } else {
    // RFC 7515 Appendix F: a detached payload is supplied out of band.
    if (!detached) {
      const r = new ReportBuilder('JWS')
      r.check('payload', false, 'detached payload not supplied')
      r.fail('SIGNED_DATA_NOT_FOUND', 'The JWS has a detached payload and no data was supplied.')
      return r.build('')
    }
    const bytes = Buffer.from(detached.buffer, detached.byteOffset, detached.byteLength)
    payloadSeg = bytes.toString('base64url')
    payload = decodePayload(bytes.toString('utf8'))
  }
  return verifyParts(parsed.parts, payloadSeg, payload, differs, resolve)
}

interface X5c { readonly leaf: Certificate; readonly rest: readonly Certificate[]; readonly keys: readonly PublicKeyInfo[]; readonly slot: PlanSlot }
/** Parsed x5c chains by the (frozen, cached) header array they came from. */
const x5cParsed = new WeakMap<readonly unknown[], X5c>()

function x5cCerts(x5c: unknown): X5c {
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')) throw new Error('x5c must be a non-empty array of strings')
  const hit = x5cParsed.get(x5c)
  if (hit) return hit
  const certs = x5c.map((c: string) => {
    // RFC 7515 §4.1.6: x5c holds standard base64 (not base64url) DER.
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(c)) throw new Error('x5c entry is not base64')
    return parseCertificate(Buffer.from(c, 'base64'))
  })
  const parsed: X5c = { leaf: certs[0]!, rest: certs.slice(1), keys: [certs[0]!.publicKey], slot: {} }
  // Only a frozen array (from a cached protected header) is certain to keep its contents.
  if (Object.isFrozen(x5c)) x5cParsed.set(x5c, parsed)
  return parsed
}

const CA = ['ca'] as const

/** The verifier's resolver: x5c to the trust store's CAs, or `kid` from a region's JWKS. */
export function trustResolver(ctx: VerifyContext): KeyResolver {
  return (header, signingTime, report) => {
    if (header.x5c !== undefined) {
      let certs: X5c
      try {
        certs = x5cCerts(header.x5c)
      } catch (e) {
        report.check('signer certificate', false, (e as Error).message)
        report.fail('FORMAT_FAILURE', 'The JWS x5c certificate chain does not decode.')
        return undefined
      }
      const v = validateSigner(ctx, { leaf: certs.leaf, intermediates: certs.rest, anchorKinds: CA, signingTime, label: 'signer', slot: certs.slot }, report)
      return { keys: certs.keys, summary: v.summary, revocation: v.revocation }
    }
    const kid = typeof header.kid === 'string' ? header.kid : undefined
    const all = kid ? ctx.store.jwks.get(kid) ?? [] : []
    const inRegion = ctx.expectedRegion === undefined ? all : all.filter((k) => k.region === ctx.expectedRegion)
    if (all.length === 0) {
      report.check('signer key', false, kid ? `kid ${kid} is in no region's JWKS` : 'neither x5c nor kid')
      report.fail('NO_SIGNING_CERTIFICATE_FOUND', kid ? `No region publishes a key with kid "${kid}".` : 'The JWS names no key (neither x5c nor kid).')
      return undefined
    }
    if (!report.check('signer key', inRegion.length > 0, `kid ${kid} from region ${all[0]!.region}`))
      report.fail('CHAIN_CONSTRAINTS_FAILURE', `The key "${kid}" belongs to region ${all[0]!.region}, not to region ${ctx.expectedRegion} as expected.`)
    const chosen = inRegion.length ? inRegion : all
    const first = chosen[0]!
    return {
      keys: chosen.map((k) => k.key),
      summary: { subject: `kid:${first.kid}`, serialNumber: '', issuer: first.authority, region: first.region, authority: first.authority },
    }
  }
}

/** Verifies a JWS against the verifier's trust. Never throws. */
export function verifyJws(ctx: VerifyContext, input: { jws: string; data?: Uint8Array }): VerificationReport {
  return verifyJwsWith(input.jws, input.data, trustResolver(ctx), ctx.parsed.jws)
}
