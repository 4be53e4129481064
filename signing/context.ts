/** What one verification needs besides the bytes: trust, revocation, clock, caches. */
import { LRUCache } from 'lru-cache'
import type { ChainPlan } from './chain.js'
import type { CrlStore } from './crl.js'
import { ExactCache } from './exact-cache.js'
import type { TrustStore } from './trust-store.js'
import type { Certificate } from './x509.js'

/**
 * `require`: no fresh CRL for an issuer → INDETERMINATE/TRY_LATER.
 * `if-available`: use CRLs that are configured or fetchable; absence is recorded, not failed.
 * `off`: no revocation checking.
 */
export type RevocationPolicy = 'require' | 'if-available' | 'off'

/**
 * Per-verifier caches. Each holds a pure function of public bytes (and of the verifier's fixed
 * trust store); nothing that depends on the clock, on revocation data or on the caller's
 * expectations is cached, and no whole verdict is.
 */
export interface VerifierCaches {
  /** Certificate-signature results keyed by (certificate hash, issuer key hash); public data only. */
  readonly certSignatures: LRUCache<string, boolean>
  /** Built certification paths and their static constraint results, by purpose, leaf and certificates offered. */
  readonly chains: LRUCache<string, ChainPlan>
  /**
   * Parsed containers, keyed by their exact bytes or text (see exact-cache.ts). Document
   * signatures are verified on every call; a seal's maker signature is remembered on the
   * cached seal, since those exact bytes fix everything that verification depends on.
   */
  readonly parsed: {
    readonly cms: ExactCache<object>
    readonly ses: ExactCache<object>
    readonly seal: ExactCache<object>
    /** JWS protected headers by segment text, and whole compact JWS texts. */
    readonly jws: { readonly headers: ExactCache<object>; readonly documents: ExactCache<object> }
    /** CMS `certificates` SETs, which recur in every document of a signer. */
    readonly certSets: ExactCache<object>
  }
}

export interface VerifyContext extends VerifierCaches {
  readonly store: TrustStore
  readonly crls: CrlStore
  /** The time this verification is judged at: the clock is read once per verification, so every check agrees. */
  readonly now: Date
  readonly revocation: RevocationPolicy
  /** Region (GB/T 2260) the caller expects the signer to belong to. */
  readonly expectedRegion: string | undefined
  /** CRL URLs this verification has already tried to fetch (shared by its reruns); undefined before any fetch. */
  readonly crlAttempted: ReadonlySet<string> | undefined
  /**
   * Set by checkRevocation when a certificate lacks a fresh CRL that a distribution point could
   * supply: the verifier fetches those and judges again. The only I/O of a verification, so the
   * checks themselves stay synchronous.
   */
  crlFetches: Certificate[] | undefined
}

const MiB = 1 << 20

export function createCaches(): VerifierCaches {
  const parsed = (max: number, mib: number): ExactCache<object> => new ExactCache({ max, maxInputSize: mib * MiB })
  return {
    certSignatures: new LRUCache({ max: 8192 }),
    chains: new LRUCache({ max: 2048 }),
    parsed: { cms: parsed(1024, 32), ses: parsed(1024, 32), seal: parsed(1024, 32), jws: { headers: parsed(1024, 16), documents: parsed(1024, 16) }, certSets: parsed(1024, 16) },
  }
}
