/** Issuing JWS (RFC 7515) via jose: compact, flattened or general JSON serialisation. */
import type { KeyObject } from 'node:crypto'
import { CompactSign, FlattenedSign, GeneralSign } from 'jose'
import { joseAlgFor } from '../jose-alg.js'
import { toDer } from '../pem.js'

export interface JwsSignOptions {
  kid?: string
  /** Certificate chain, leaf first (PEM or DER), put in `x5c`. */
  x5c?: readonly (string | Uint8Array)[]
  serialization?: 'compact' | 'flattened' | 'general'
  /** RSA keys: PS256 instead of RS256. */
  pss?: boolean
  /** Compact only: omit the payload segment (RFC 7515 Appendix F). */
  detached?: boolean
  typ?: string
}

/**
 * Signs `payload` (bytes, a string, or a JSON value).
 * @throws KEY_INVALID for keys other than RSA, P-256 and Ed25519
 * @example
 * const jws = await signJws({ licence: 'DY-001' }, key, { x5c: [leafPem, caPem] })
 */
export async function signJws(payload: unknown, privateKey: KeyObject, o: JwsSignOptions = {}): Promise<string> {
  const bytes = payload instanceof Uint8Array ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload))
  const header = {
    alg: joseAlgFor(privateKey, { pss: !!o.pss }),
    ...(o.typ ? { typ: o.typ } : {}),
    ...(o.kid ? { kid: o.kid } : {}),
    ...(o.x5c ? { x5c: o.x5c.map((c) => Buffer.from(toDer(c, 'certificate')).toString('base64')) } : {}),
  }
  if (o.serialization === 'flattened') return JSON.stringify(await new FlattenedSign(bytes).setProtectedHeader(header).sign(privateKey))
  if (o.serialization === 'general') {
    const g = new GeneralSign(bytes)
    g.addSignature(privateKey).setProtectedHeader(header)
    return JSON.stringify(await g.sign())
  }
  const jws = await new CompactSign(bytes).setProtectedHeader(header).sign(privateKey)
  if (!o.detached) return jws
  const [h, , s] = jws.split('.')
  return `${h}..${s}`
}
