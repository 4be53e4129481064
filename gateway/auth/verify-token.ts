import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose'
import { LRUCache } from 'lru-cache'
import { GatewayError } from '../errors.js'
import { CLAIM, TOKEN_AUDIENCE, type Caller, type TongbanClaim } from './caller.js'

/** One region's identity provider: its issuer and the keys its tokens are signed with. */
export interface IdentityProvider {
  region: string
  issuer: string
  jwks: JSONWebKeySet | URL
  /**
   * The provincial identity provider (`province.yaml`): it issues auditor tokens whose
   * jurisdiction is every city of the federation, and nothing else.
   */
  province?: boolean
}

const ROLES = new Set(['window-clerk', 'city-platform', 'auditor'])

/**
 * Verifies bearer tokens (JWT, via jose) against the identity provider of the region that
 * issued them. A token may only speak for its issuer's region: a Chengdu IdP cannot mint a
 * Deyang window. Verified callers are cached until their token expires.
 */
export class TokenVerifier {
  readonly #byIssuer = new Map<string, { region: string; province: boolean; keys: JWTVerifyGetKey }>()
  readonly #cache = new LRUCache<string, Caller>({ max: 10_000, ttlAutopurge: false })

  constructor(providers: readonly IdentityProvider[]) {
    for (const p of providers) {
      const keys = p.jwks instanceof URL ? createRemoteJWKSet(p.jwks, { cacheMaxAge: 10 * 60_000 }) : createLocalJWKSet(p.jwks)
      this.#byIssuer.set(p.issuer, { region: p.region, province: p.province === true, keys })
    }
  }

  get regions(): string[] {
    return [...new Set([...this.#byIssuer.values()].map((v) => v.region))]
  }

  /**
   * @throws GatewayError UNAUTHENTICATED with the reason (unknown issuer, bad signature,
   *   expired, wrong audience, missing or inconsistent claims).
   */
  async verify(token: string): Promise<Caller> {
    const cached = this.#cache.get(token)
    if (cached) return cached
    const unauthenticated = (why: string, cause?: unknown) => new GatewayError('UNAUTHENTICATED', `the bearer token is not accepted: ${why}`, { cause })
    let iss: string | undefined
    try {
      iss = decodeJwt(token).iss
    } catch (err) {
      throw unauthenticated('it is not a JWT', err)
    }
    const provider = iss ? this.#byIssuer.get(iss) : undefined
    if (!provider) throw unauthenticated(`unknown issuer ${iss ?? '(none)'}`)
    let payload
    try {
      ;({ payload } = await jwtVerify(token, provider.keys, { issuer: iss, audience: TOKEN_AUDIENCE, requiredClaims: ['exp', 'sub'] }))
    } catch (err) {
      throw unauthenticated((err as Error).message, err)
    }
    const claim = payload[CLAIM] as Partial<TongbanClaim> | undefined
    if (!claim || typeof claim !== 'object' || !ROLES.has(String(claim.role))) throw unauthenticated(`claim '${CLAIM}.role' is missing or unknown`)
    if (claim.region !== provider.region) throw unauthenticated(`a token of ${provider.region}'s identity provider cannot speak for region ${String(claim.region)}`)
    if (provider.province && claim.role !== 'auditor') throw unauthenticated(`the provincial identity provider issues auditor tokens only, not ${String(claim.role)}`)
    if (claim.role === 'window-clerk' && (typeof claim.window !== 'string' || !/^[\w.-]{1,64}$/.test(claim.window))) {
      throw unauthenticated('a window clerk token needs a window id')
    }
    const caller: Caller = {
      role: claim.role as Caller['role'],
      region: provider.region,
      jurisdiction: provider.province ? 'province' : 'region',
      window: claim.window ?? null,
      subject: payload.sub ?? null,
    }
    this.#cache.set(token, caller, { ttl: Math.max(1, (payload.exp! * 1000 - Date.now())) })
    return caller
  }
}
