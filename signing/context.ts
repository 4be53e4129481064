/** What one verification needs besides the bytes: trust, revocation, clock, caches. */
import { LRUCache } from 'lru-cache'
import type { ChainPlan } from './chain.js'
import type { CrlStore } from './crl.js'
import { ExactCache } from './exact-cache.js'
import type { TrustStore } from './trust-store.js'

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
  /**
   * Successful signature-math results keyed by a SHA-256 over everything the math depends on
   * (scheme, digest, salt length, public key, message, signature); see `memoVerify`.
   */
  readonly signatures: LRUCache<string, true>
  /** Built certification paths and their static constraint results, by leaf, certificates offered, purpose. */
  readonly chains: LRUCache<string, ChainPlan>
  /** Parsed containers, keyed by their exact bytes or text; signatures are still verified per call. */
  readonly parsed: {
    readonly cms: ExactCache<object>
    readonly ses: ExactCache<object>
    readonly seal: ExactCache<object>
    readonly jwsHeader: ExactCache<object>
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
}

const MiB = 1 << 20

export function createCaches(): VerifierCaches {
  const parsed = (max: number, mib: number): ExactCache<object> => new ExactCache({ max, maxInputSize: mib * MiB })
  return {
    certSignatures: new LRUCache({ max: 8192 }),
    signatures: new LRUCache({ max: 4096 }),
    chains: new LRUCache({ max: 2048 }),
    parsed: { cms: parsed(1024, 32), ses: parsed(1024, 32), seal: parsed(1024, 32), jwsHeader: parsed(1024, 16) },
  }
}
