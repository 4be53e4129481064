import type { KeyObject } from 'node:crypto'
import { SignJWT } from 'jose'
import { CLAIM, TOKEN_AUDIENCE, type TongbanClaim } from './caller.js'

/**
 * Signs a bearer token the way a region's identity provider would (the sandbox's `tongban
 * token`, and tests). Real deployments get tokens from the cities' own identity providers.
 */
export async function issueToken(o: {
  privateKey: KeyObject
  kid: string
  issuer: string
  subject: string
  claim: TongbanClaim
  ttlSeconds?: number
}): Promise<string> {
  return new SignJWT({ [CLAIM]: o.claim })
    .setProtectedHeader({ alg: 'ES256', kid: o.kid, typ: 'JWT' })
    .setIssuer(o.issuer)
    .setSubject(o.subject)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${o.ttlSeconds ?? 8 * 3600}s`)
    .sign(o.privateKey)
}
