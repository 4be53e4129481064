/**
 * Certificate revocation lists (RFC 5280 §5): parsed, held per issuer, fetched over HTTP with
 * undici when allowed, kept until nextUpdate, and always signature-checked against the issuer
 * in the certification path before use.
 */
import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import { request } from 'undici'
import { Fields, TAG, children, contents, parseDer, rawBytes, readOctetBits, readOid, readTime, type Tlv } from './der.js'
import { parseSignatureAlgorithm, type SignatureAlgorithm } from './algorithms.js'
import { SigningError } from './errors.js'
import { toDer } from './pem.js'
import type { ValidatedChain } from './chain.js'
import type { VerifyContext } from './context.js'
import { isoTime } from './iso-time.js'
import type { ReportBuilder } from './report.js'
import { signedBy, type SignedStructure } from './verify-signature.js'
import type { Certificate } from './x509.js'

const REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded',
  'cessationOfOperation', 'certificateHold', 'unused', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise']

export interface RevokedEntry { revokedAt: Date; reason?: string }

/** `tbs` holds the exact TBSCertList bytes the issuer signed. */
export interface Crl extends SignedStructure {
  readonly der: Uint8Array
  readonly issuerKey: string
  readonly thisUpdate: Date
  /** `thisUpdate` as ISO 8601, formatted once for reports. */
  readonly thisUpdateIso: string
  /** The detail of a passed revocation check against this CRL, formatted once. */
  readonly notListedDetail: string
  readonly nextUpdate: Date | undefined
  /** The two dates in epoch milliseconds, for the freshness test on every verification. */
  readonly thisUpdateMs: number
  readonly nextUpdateMs: number | undefined
  /** Serial number (hex, as in Certificate.serialNumber) → entry. */
  readonly revoked: ReadonlyMap<string, RevokedEntry>
}

function entryReason(exts: Tlv | undefined): string | undefined {
  for (const e of exts ? children(exts) : []) {
    const f = new Fields(e, 'Extension')
    if (readOid(f.next(TAG.OID, 'extnID')) !== '2.5.29.21') continue
    f.optional(TAG.BOOLEAN)
    const v = parseDer(contents(f.next(TAG.OCTET_STRING, 'extnValue')))
    return REASONS[contents(v)[0] ?? 0] ?? 'unspecified'
  }
  return undefined
}

/** @throws CRL_INVALID when the bytes are not a CRL. */
export function parseCrl(input: Uint8Array | string): Crl {
  try {
    const der = Uint8Array.from(toDer(input, 'CRL'))
    const outer = new Fields(parseDer(der), 'CertificateList')
    const tbsTlv = outer.next(TAG.SEQUENCE, 'tbsCertList')
    const algTlv = outer.next(TAG.SEQUENCE, 'signatureAlgorithm')
    const signature = readOctetBits(outer.next(TAG.BIT_STRING, 'signatureValue'))
    let signatureAlgorithm: SignatureAlgorithm | undefined
    try { signatureAlgorithm = parseSignatureAlgorithm(algTlv) } catch { signatureAlgorithm = undefined }
    const tbs = new Fields(tbsTlv, 'TBSCertList')
    tbs.optional(TAG.INTEGER)
    tbs.next(TAG.SEQUENCE, 'signature')
    const issuer = tbs.next(TAG.SEQUENCE, 'issuer')
    const thisUpdate = readTime(tbs.any('thisUpdate'))
    const nu = tbs.peek()
    const nextUpdate = nu && (nu.tag === TAG.UTC_TIME || nu.tag === TAG.GENERALIZED_TIME) ? readTime(tbs.any('nextUpdate')) : undefined
    const revoked = new Map<string, RevokedEntry>()
    const list = tbs.optional(TAG.SEQUENCE)
    for (const rc of list ? children(list) : []) {
      const f = new Fields(rc, 'revokedCertificate')
      const serial = Buffer.from(contents(f.next(TAG.INTEGER, 'userCertificate'))).toString('hex').toUpperCase()
      const revokedAt = readTime(f.any('revocationDate'))
      const reason = entryReason(f.optional(TAG.SEQUENCE))
      revoked.set(serial, reason ? { revokedAt, reason } : { revokedAt })
    }
    return {
      der, tbs: rawBytes(tbsTlv), signatureAlgorithm, signature,
      issuerKey: Buffer.from(rawBytes(issuer)).toString('latin1'), thisUpdate, nextUpdate, revoked,
      thisUpdateIso: thisUpdate.toISOString(), notListedDetail: `not on the CRL of ${thisUpdate.toISOString()}`,
      thisUpdateMs: thisUpdate.getTime(), nextUpdateMs: nextUpdate?.getTime(),
      fingerprint: createHash('sha256').update(der).digest('hex'),
    }
  } catch (cause) {
    throw new SigningError('CRL_INVALID', 'CRL does not decode', { cause })
  }
}

export type CrlFetcher = (url: string) => Promise<Uint8Array>

/** The default fetcher: undici, 5 s overall, 1 MiB cap. @throws CRL_FETCH_FAILED */
export const fetchCrlWithUndici: CrlFetcher = async (url) => {
  if (!/^https?:\/\//.test(url)) throw new SigningError('CRL_FETCH_FAILED', `not an http(s) CRL URL: ${url}`)
  try {
    const res = await request(url, { headersTimeout: 5000, bodyTimeout: 5000 })
    if (res.statusCode !== 200) { await res.body.dump(); throw new Error(`HTTP ${res.statusCode}`) }
    const buf = new Uint8Array(await res.body.arrayBuffer())
    if (buf.length > 1 << 20) throw new Error('CRL larger than 1 MiB')
    return buf
  } catch (cause) {
    if (cause instanceof SigningError) throw cause
    throw new SigningError('CRL_FETCH_FAILED', `could not fetch ${url}`, { cause })
  }
}

/** CRLs by issuer name, plus fetched ones by URL until their nextUpdate. */
export class CrlStore {
  private readonly byIssuer = new Map<string, Crl[]>()
  private readonly known = new Set<string>()
  private readonly byUrl = new Map<string, Crl>()
  /** CRL signature results keyed by (CRL SHA-256, issuer key SHA-256): everything the math depends on. */
  private readonly signatureOk = new LRUCache<string, boolean>({ max: 4096 })
  /**
   * The answer of `find` per issuer certificate, grouped by issuer name. It depends only on that
   * certificate and on the CRLs held for its name, so a name's group is dropped whenever a CRL
   * for that name is added (CRLs embedded in any CMS arrive here, so other names stay warm).
   * Freshness is never part of it.
   */
  private readonly best = new Map<string, WeakMap<Certificate, Crl | null>>()

  constructor(readonly fetcher: CrlFetcher | undefined) {}

  add(crl: Crl): void {
    if (this.known.has(crl.fingerprint)) return
    this.known.add(crl.fingerprint)
    const list = this.byIssuer.get(crl.issuerKey)
    if (list) list.push(crl)
    else this.byIssuer.set(crl.issuerKey, [crl])
    this.best.delete(crl.issuerKey)
  }

  /** The newest CRL for `cert` whose signature verifies under `issuer`, an issuer allowed to sign CRLs. */
  find(cert: Certificate, issuer: Certificate): Crl | undefined {
    // In a built path the child names its issuer, so the answer is a function of `issuer` alone.
    const memo = cert.issuerKey === issuer.subjectKey ? this.best.get(issuer.subjectKey) ?? new WeakMap<Certificate, Crl | null>() : undefined
    const hit = memo?.get(issuer)
    if (hit !== undefined) return hit ?? undefined
    let best: Crl | undefined
    // RFC 5280 §6.3.3 (f): the CRL issuer's key usage must allow cRLSign. This is a property of
    // the issuer certificate, not of its key, so it is not part of the signature memo.
    if (!issuer.keyUsage || issuer.keyUsage.has('cRLSign')) {
      for (const crl of this.byIssuer.get(cert.issuerKey) ?? []) {
        if (signedBy(this.signatureOk, crl, issuer.publicKey) && (!best || crl.thisUpdateMs > best.thisUpdateMs)) best = crl
      }
    }
    if (memo) {
      memo.set(issuer, best ?? null)
      this.best.set(issuer.subjectKey, memo)
    }
    return best
  }

  /** True when a distribution point of `cert` not yet tried could supply a CRL not already held fresh. */
  canFetch(cert: Certificate, now: Date, attempted: ReadonlySet<string> | undefined): boolean {
    if (!this.fetcher) return false
    for (const url of cert.crlUrls) if (!attempted?.has(url) && !this.heldFresh(url, now)) return true
    return false
  }

  private heldFresh(url: string, now: Date): boolean {
    const cached = this.byUrl.get(url)
    return !!cached && (!cached.nextUpdate || cached.nextUpdate > now)
  }

  /** Fetches the CRLs of `cert`'s distribution points not held fresh, recording each URL tried in `attempted`. */
  async fetchFor(cert: Certificate, now: Date, attempted: Set<string>): Promise<void> {
    if (!this.fetcher) return
    for (const url of cert.crlUrls) {
      if (attempted.has(url) || this.heldFresh(url, now)) continue
      attempted.add(url)
      try {
        const crl = parseCrl(await this.fetcher(url))
        this.byUrl.set(url, crl)
        this.add(crl)
      } catch {
        // An unreachable or broken distribution point is the same as no data: the policy decides.
      }
    }
  }
}

function fresh(crl: Crl, now: number): boolean {
  return crl.thisUpdateMs <= now && (crl.nextUpdateMs === undefined || crl.nextUpdateMs > now)
}

/**
 * Checks every certificate of the chain except the anchor (RFC 5280 §6.3) under the policy,
 * against the CRLs held now. Records checks and failures; returns the revocation facts for the
 * report. A certificate without a fresh CRL whose distribution point could supply one is added
 * to `ctx.crlFetches`: the verifier fetches and runs the verification again, so this result is
 * then provisional.
 */
export function checkRevocation(
  ctx: VerifyContext, chain: ValidatedChain, signingTime: Date | undefined, report: ReportBuilder,
): { revokedAt?: string; reason?: string } | undefined {
  const { path, revocationChecks } = chain
  if (ctx.revocation === 'off' || path.length < 2) return undefined
  const now = ctx.now, nowMs = now.getTime()
  let facts: { revokedAt?: string; reason?: string } | undefined
  for (let i = 0; i < path.length - 1; i++) {
    const cert = path[i]!, issuer = path[i + 1]!
    const crl = ctx.crls.find(cert, issuer)
    if ((!crl || !fresh(crl, nowMs)) && ctx.crls.canFetch(cert, now, ctx.crlAttempted)) (ctx.crlFetches ??= []).push(cert)
    const entry = crl?.revoked.get(cert.serialNumber)
    if (entry) {
      facts = { revokedAt: isoTime(entry.revokedAt), ...(entry.reason ? { reason: entry.reason } : {}) }
      const at = signingTime ?? now
      report.check(revocationChecks[i]!, false, `revoked ${facts.revokedAt}${entry.reason ? ` (${entry.reason})` : ''}`)
      if (entry.revokedAt <= at) report.fail('REVOKED', `The certificate "${cert.subject}" was revoked on ${facts.revokedAt}, before the signing time.`)
      // Revoked after the claimed signing time: the claim proves nothing (EN 319 102-1 REVOKED_NO_POE).
      else report.fail('REVOKED_NO_POE', `The certificate "${cert.subject}" was revoked on ${facts.revokedAt}, after the claimed signing time, and there is no proof of existence.`)
      continue
    }
    if (crl && fresh(crl, nowMs)) {
      report.check(revocationChecks[i]!, true, crl.notListedDetail)
    } else if (ctx.revocation === 'require') {
      report.check(revocationChecks[i]!, false, crl ? 'CRL is stale' : 'no CRL')
      report.fail('TRY_LATER', `No fresh revocation information is available for "${cert.subject}"; try again later.`)
    } else {
      report.check(revocationChecks[i]!, true, crl ? 'CRL is stale (policy if-available)' : 'no CRL available (policy if-available)')
    }
  }
  return facts
}
