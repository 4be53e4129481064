/**
 * The verifier: trust, revocation policy and caches bound once; `verify()` dispatches any input
 * to its format and always resolves to a report — bad bytes never throw.
 */
import { SigningError } from './errors.js'
import { createCaches, type RevocationPolicy, type VerifyContext } from './context.js'
import { CrlStore, fetchCrlWithUndici, parseCrl, type CrlFetcher } from './crl.js'
import { detectFormat } from './detect.js'
import { verifyCms } from './cms.js'
import { verifyJws } from './jws.js'
import { verifyOfd } from './ofd.js'
import { formatFailure, type SignatureFormat, type VerificationReport } from './report.js'
import { verifySeal, verifySesSignature } from './ses.js'
import { toDer } from './pem.js'
import { createTrustStore, type RegionAnchors, type TrustStore } from './trust-store.js'
import type { TrustList } from './trust-list.js'

export type VerifyInput =
  | { jws: string; data?: Uint8Array }
  | { cms: Uint8Array | string; data?: Uint8Array; certificates?: readonly (Uint8Array | string)[] }
  | { seal: Uint8Array; data?: Uint8Array }
  | { ofd: Uint8Array }
  | { auto: Uint8Array | string; data?: Uint8Array }

export interface VerifierOptions {
  /** An opened trust list, region anchors, or a store from createTrustStore. */
  trust: TrustList | readonly RegionAnchors[] | TrustStore
  /** CRLs (PEM or DER) to use before fetching. */
  crls?: readonly (Uint8Array | string)[]
  /** Fetch CRLs from distribution points: true (undici), false, or a custom fetcher. Default true unless offline. */
  fetchCrl?: boolean | CrlFetcher
  offline?: boolean
  /** Clock, for tests and for judging at a given time. */
  now?: Date | (() => Date)
  /** Default 'if-available'. */
  revocation?: RevocationPolicy
  /** Expect signers from this region (GB/T 2260); another region's anchor then fails the chain constraints. */
  expectedRegion?: string
}

export interface Verifier {
  /** @returns a report; rejects only with INVALID_ARGUMENT for an input of the wrong shape. */
  verify(input: VerifyInput, o?: { expectedRegion?: string }): Promise<VerificationReport>
  /** Adds a CRL. @throws CRL_INVALID */
  addCrl(crl: Uint8Array | string): void
  readonly trust: TrustStore
}

function toStore(trust: VerifierOptions['trust']): TrustStore {
  if ('bySubject' in trust) return trust as TrustStore
  if (Array.isArray(trust)) return createTrustStore(trust)
  const list = trust as TrustList
  return createTrustStore(list.regions, { expiresAt: new Date(list.expiresAt) })
}

const KINDS = ['jws', 'cms', 'seal', 'ofd', 'auto'] as const
const FORMAT_OF: Record<string, SignatureFormat> = { jws: 'JWS', cms: 'CMS', seal: 'SES_SIGNATURE', ofd: 'OFD', auto: 'JWS' }

/**
 * Creates a verifier.
 * @throws INVALID_ARGUMENT for bad options; CERTIFICATE_INVALID / KEY_INVALID for unusable anchors; CRL_INVALID for a bad CRL.
 * @example
 * const v = createVerifier({ trust: await openTrustList(jws, provincialPem), revocation: 'require' })
 * const report = await v.verify({ auto: bytes })
 */
export function createVerifier(o: VerifierOptions): Verifier {
  if (!o || typeof o !== 'object' || !o.trust) throw new SigningError('INVALID_ARGUMENT', 'createVerifier needs { trust }')
  if (o.revocation && !['require', 'if-available', 'off'].includes(o.revocation))
    throw new SigningError('INVALID_ARGUMENT', `revocation must be 'require', 'if-available' or 'off', not ${String(o.revocation)}`)
  const store = toStore(o.trust)
  const fetcher = o.offline || o.fetchCrl === false ? undefined : typeof o.fetchCrl === 'function' ? o.fetchCrl : fetchCrlWithUndici
  const crls = new CrlStore(fetcher)
  for (const c of o.crls ?? []) crls.add(parseCrl(c))
  const now = typeof o.now === 'function' ? o.now : o.now ? ((d: Date) => () => d)(o.now) : () => new Date()
  const caches = createCaches()
  const revocation = o.revocation ?? 'if-available'

  function dispatch(ctx: VerifyContext, input: VerifyInput): VerificationReport {
    if ('jws' in input) return verifyJws(ctx, input)
    if ('cms' in input) {
      const cms = typeof input.cms === 'string' ? toDer(input.cms, 'CMS') : input.cms
      return verifyCms(ctx, { cms, ...(input.data ? { data: input.data } : {}), ...(input.certificates ? { certificates: input.certificates } : {}) })
    }
    if ('ofd' in input) return verifyOfd(ctx, input.ofd)
    if ('seal' in input) {
      const d = detectFormat(input.seal)
      return d?.format === 'SES_SEAL' ? verifySeal(ctx, input.seal) : verifySesSignature(ctx, input.seal, input.data)
    }
    const d = detectFormat(input.auto)
    if (!d) return formatFailure('JWS', 'The input is not a recognised signature format (JWS, CMS, GB/T 38540 seal or OFD).')
    switch (d.format) {
      case 'JWS': return verifyJws(ctx, { jws: d.text!, ...(input.data ? { data: input.data } : {}) })
      case 'CMS': return verifyCms(ctx, { cms: d.bytes!, ...(input.data ? { data: input.data } : {}) })
      case 'OFD': return verifyOfd(ctx, d.bytes!)
      case 'SES_SEAL': return verifySeal(ctx, d.bytes!)
      case 'SES_SIGNATURE': return verifySesSignature(ctx, d.bytes!, input.data)
    }
  }

  /** One synchronous run; `ctx.crlFetches` tells whether revocation data should be fetched first. */
  function run(input: VerifyInput, kind: string, at: Date, expectedRegion: string | undefined, attempted: ReadonlySet<string> | undefined): { report: VerificationReport; ctx: VerifyContext } {
    const ctx: VerifyContext = {
      store, crls, revocation, now: at, expectedRegion, crlAttempted: attempted, crlFetches: undefined,
      certSignatures: caches.certSignatures, chains: caches.chains, parsed: caches.parsed,
    }
    try {
      return { report: dispatch(ctx, input), ctx }
    } catch (e) {
      // Parsers report malformed bytes themselves; anything reaching here is still the input's fault.
      ctx.crlFetches = undefined
      return { report: formatFailure(FORMAT_OF[kind]!, `The input could not be processed (${(e as Error).message}).`), ctx }
    }
  }

  /**
   * A distribution point could supply missing revocation data: fetch it, then judge again at
   * the same instant. Each URL is tried once per verification, so the loop ends.
   */
  async function withFetches(first: VerifyContext, input: VerifyInput, kind: string, at: Date, expectedRegion: string | undefined): Promise<VerificationReport> {
    const attempted = new Set<string>()
    for (let pending = first.crlFetches; ;) {
      for (const cert of pending ?? []) await crls.fetchFor(cert, at, attempted)
      const { report, ctx } = run(input, kind, at, expectedRegion, attempted)
      if (!ctx.crlFetches) return report
      pending = ctx.crlFetches
    }
  }

  function verifyNow(input: VerifyInput, opts: { expectedRegion?: string }): Promise<VerificationReport> {
    if (!input || typeof input !== 'object') throw new SigningError('INVALID_ARGUMENT', 'verify() needs an input object')
    const kind = 'jws' in input ? 'jws' : 'cms' in input ? 'cms' : KINDS.find((k) => k in input)
    if (!kind) throw new SigningError('INVALID_ARGUMENT', 'verify() input needs one of jws, cms, seal, ofd, auto')
    // One reading of the clock per verification, so every check (and every rerun) judges the same instant.
    const at = now()
    if (store.expiresAt && store.expiresAt < at) {
      const r = formatFailure(FORMAT_OF[kind]!, '')
      return Promise.resolve({ ...r, indication: 'INDETERMINATE', subIndication: 'TRY_LATER', reason: `The trust list expired on ${store.expiresAt.toISOString()}; refresh it and try again.`, checks: [{ name: 'trust list fresh', passed: false }] })
    }
    const expectedRegion = opts.expectedRegion ?? o.expectedRegion
    const { report, ctx } = run(input, kind, at, expectedRegion, undefined)
    return ctx.crlFetches ? withFetches(ctx, input, kind, at, expectedRegion) : Promise.resolve(report)
  }

  return {
    trust: store,
    addCrl: (c) => crls.add(parseCrl(c)),
    // Not an async function: the checks are synchronous, and a verification that needs no CRL
    // fetch (nearly all of them) then costs no suspended frame. Throws still arrive as rejections.
    verify(input, opts = {}) {
      try {
        return verifyNow(input, opts)
      } catch (e) {
        return Promise.reject(e)
      }
    },
  }
}
