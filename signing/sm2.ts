/**
 * SM2 digital signatures (GB/T 32918.2-2016) with SM3 and the user ID of GB/T 35276-2017 §5.3
 * (default `1234567812345678`).
 *
 * e = SM3(Z ‖ M) with Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ Gx ‖ Gy ‖ Px ‖ Py) (GB/T 32918.2 §5.5).
 * Node's one-shot `crypto.verify('sm3', …)` always uses an empty ID, so we compute Z ourselves
 * and feed Z ‖ M to `createVerify('sm3')`: Node's streaming Verify hashes its input and then
 * calls EVP_PKEY_verify on the digest, which for an SM2-typed key is the raw SM2 verification
 * of e. That keeps the curve arithmetic in OpenSSL (about 3× faster here than pure JS). Builds
 * whose OpenSSL lacks SM2 fall back to @noble/curves with per-key precomputed tables.
 */
import { createHash, createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import { weierstrass, type WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js'
import { LRUCache } from 'lru-cache'
import { Fields, TAG, bitString, contents, int, oid, parseDer, readUnsigned, seq } from './der.js'
import { parsePublicKeyInfo } from './public-key.js'
import { OID } from './algorithms.js'
import { SigningError } from './errors.js'

export const SM2_DEFAULT_ID = '1234567812345678'

const hex = (s: string): bigint => BigInt('0x' + s)
const P = hex('FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF')
const CURVE = {
  p: P,
  a: P - 3n,
  b: hex('28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93'),
  n: hex('FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123'),
  h: 1n,
  Gx: hex('32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7'),
  Gy: hex('BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0'),
}
const N = CURVE.n
const Sm2Point = weierstrass(CURVE)
const be32 = (v: bigint): Buffer => Buffer.from(v.toString(16).padStart(64, '0'), 'hex')
const toBig = (b: Uint8Array): bigint => (b.length ? BigInt('0x' + Buffer.from(b).toString('hex')) : 0n)
const CURVE_BYTES = Buffer.concat([be32(CURVE.a), be32(CURVE.b), be32(CURVE.Gx), be32(CURVE.Gy)])
const DEFAULT_ID_BYTES = Buffer.from(SM2_DEFAULT_ID)

export type Sm2Engine = 'node' | 'noble'

interface KeyEntry {
  point: Buffer
  key: KeyObject
  zDefault: Buffer
  noble?: WeierstrassPoint<bigint>
}
// Parsed public keys and their Z for the default ID; public data, so safe to share process-wide.
const keys = new LRUCache<string, KeyEntry>({ max: 1024 })

/** Z_A for a 65-byte uncompressed public point (GB/T 32918.2 §5.5). */
export function sm2Z(point: Uint8Array, id: Uint8Array | string = SM2_DEFAULT_ID): Uint8Array {
  const idb = typeof id === 'string' ? Buffer.from(id) : id
  const bits = idb.length * 8
  if (bits > 0xffff) throw new SigningError('INVALID_ARGUMENT', 'SM2 ID longer than 8191 bytes')
  return createHash('sm3').update(Uint8Array.of(bits >> 8, bits & 0xff)).update(idb)
    .update(CURVE_BYTES).update(point.subarray(1)).digest()
}

/** SubjectPublicKeyInfo for an SM2 point: id-ecPublicKey with the SM2 curve (GM/T 0006). */
export function sm2Spki(point: Uint8Array): Uint8Array {
  return seq(seq(oid(OID.ecPublicKey), oid(OID.sm2Curve)), bitString(point))
}

function entryFor(point: Uint8Array): KeyEntry {
  const k = Buffer.from(point).toString('latin1')
  let e = keys.get(k)
  if (!e) {
    if (point.length !== 65 || point[0] !== 4) throw new SigningError('KEY_INVALID', 'SM2 public key must be an uncompressed point')
    Sm2Point.fromBytes(point).assertValidity()
    const p = Buffer.from(point)
    const key = createPublicKey({ key: Buffer.from(sm2Spki(p)), format: 'der', type: 'spki' })
    e = { point: p, key, zDefault: Buffer.from(sm2Z(p)) }
    keys.set(k, e)
  }
  return e
}

/** Accepts DER SEQUENCE{r,s} (GB/T 35276 §7.3) or raw r‖s (64 octets). */
export function sm2SignatureParts(sig: Uint8Array): { r: bigint; s: bigint } | undefined {
  try {
    if (sig.length === 64) return { r: toBig(sig.subarray(0, 32)), s: toBig(sig.subarray(32)) }
    const f = new Fields(parseDer(sig), 'SM2Signature')
    const r = toBig(readUnsigned(f.next(TAG.INTEGER, 'r')))
    const s = toBig(readUnsigned(f.next(TAG.INTEGER, 's')))
    f.done('SM2Signature')
    return { r, s }
  } catch {
    return undefined
  }
}

let nodeEngine: boolean | undefined
/** True when this Node's OpenSSL verifies SM2 over a caller-supplied digest (checked once). */
export function nodeSm2Available(): boolean {
  if (nodeEngine === undefined) {
    try {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' })
      const point = Sm2Point.BASE.multiply(privateScalar(privateKey)).toBytes(false)
      const msg = Buffer.from('tongban sm2 self-test')
      const sig = nodeSign(privateKey, point, msg, DEFAULT_ID_BYTES)
      nodeEngine = nobleVerify(point, msg, sig, sm2Z(point))
    } catch {
      nodeEngine = false
    }
  }
  return nodeEngine
}

/** SM2-typed copies of private keys, made once per key object and dropped with it. */
const sm2Typed = new WeakMap<KeyObject, KeyObject>()

function nodeSign(privateKey: KeyObject, point: Uint8Array, msg: Uint8Array, id: Uint8Array): Uint8Array {
  // Re-import so OpenSSL types the key as SM2 rather than plain EC (which would make ECDSA).
  let sm2Key = sm2Typed.get(privateKey)
  if (!sm2Key) {
    sm2Key = createPrivateKey({ key: privateKey.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' })
    sm2Typed.set(privateKey, sm2Key)
  }
  return createSign('sm3').update(sm2Z(point, id)).update(msg).sign(sm2Key)
}

function nobleVerify(point: Uint8Array, msg: Uint8Array, sig: Uint8Array, z: Uint8Array, entry?: KeyEntry): boolean {
  const rs = sm2SignatureParts(sig)
  if (!rs) return false
  const { r, s } = rs
  if (r < 1n || r >= N || s < 1n || s >= N) return false
  const t = (r + s) % N
  if (t === 0n) return false
  let pub = entry?.noble
  if (!pub) {
    pub = Sm2Point.fromBytes(point)
    if (entry) entry.noble = pub.precompute(8, false)
  }
  const e = toBig(createHash('sm3').update(z).update(msg).digest())
  const x1 = Sm2Point.BASE.multiplyUnsafe(s).add(pub.multiplyUnsafe(t)).toAffine().x
  return (e + x1) % N === r
}

export interface Sm2VerifyOptions {
  /** Signer ID; defaults to `1234567812345678`. */
  id?: Uint8Array | string
  /** Force an engine (tests compare both); default picks node when available. */
  engine?: Sm2Engine
}

/**
 * Verifies an SM2 signature. Never throws: malformed keys or signatures verify as false.
 * @param publicPoint 65-byte uncompressed point (04 ‖ X ‖ Y).
 */
export function sm2Verify(publicPoint: Uint8Array, message: Uint8Array, signature: Uint8Array, o: Sm2VerifyOptions = {}): boolean {
  try {
    const entry = entryFor(publicPoint)
    const z = o.id === undefined ? entry.zDefault : sm2Z(entry.point, o.id)
    const engine = o.engine ?? (nodeSm2Available() ? 'node' : 'noble')
    if (engine === 'noble') return nobleVerify(entry.point, message, signature, z, entry)
    const rs = sm2SignatureParts(signature)
    if (!rs || rs.r < 1n || rs.r >= N || rs.s < 1n || rs.s >= N) return false
    const der = signature.length === 64 ? seq(int(rs.r), int(rs.s)) : signature
    return createVerify('sm3').update(z).update(message).verify(entry.key, der)
  } catch {
    return false
  }
}

export interface Sm2SignOptions {
  id?: Uint8Array | string
  /** `der` (default): SEQUENCE{r,s}; `raw`: r‖s, 64 octets. */
  format?: 'der' | 'raw'
}

/** The 65-byte public point of an SM2 key (private or public). @throws KEY_INVALID */
export function sm2PublicPoint(key: KeyObject): Uint8Array {
  let info
  try {
    info = parsePublicKeyInfo((key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' }))
  } catch (cause) {
    throw new SigningError('KEY_INVALID', 'not an SM2 key', { cause })
  }
  if (info.kind !== 'sm2') throw new SigningError('KEY_INVALID', 'not an SM2 key')
  return info.point!
}

/** The private scalar, from PKCS#8 → ECPrivateKey (RFC 5915); only the JS fallback needs it. */
function privateScalar(key: KeyObject): bigint {
  const p8 = new Fields(parseDer(key.export({ format: 'der', type: 'pkcs8' })), 'PrivateKeyInfo')
  p8.next(TAG.INTEGER, 'version')
  p8.next(TAG.SEQUENCE, 'algorithm')
  const ec = new Fields(parseDer(contents(p8.next(TAG.OCTET_STRING, 'privateKey'))), 'ECPrivateKey')
  ec.next(TAG.INTEGER, 'version')
  return toBig(contents(ec.next(TAG.OCTET_STRING, 'privateKey')))
}

/**
 * SM2-signs `message` with the GB/T 32918 Z value for `id`.
 * @throws KEY_INVALID when the key is not an SM2 private key.
 */
export function sm2Sign(privateKey: KeyObject, message: Uint8Array, o: Sm2SignOptions = {}): Uint8Array {
  if (privateKey.type !== 'private') throw new SigningError('KEY_INVALID', 'sm2Sign needs a private key')
  const point = sm2PublicPoint(privateKey)
  const id = typeof o.id === 'string' ? Buffer.from(o.id) : o.id ?? DEFAULT_ID_BYTES
  let der: Uint8Array
  if (nodeSm2Available()) der = nodeSign(privateKey, point, message, id)
  else {
    // Fallback when OpenSSL lacks SM2: GB/T 32918.2 §6.1 in JS (not constant time; issuing only).
    const d = privateScalar(privateKey)
    const e = toBig(createHash('sm3').update(sm2Z(point, id)).update(message).digest())
    let r = 0n, s = 0n
    while (s === 0n) {
      const k = (toBig(randomBytes(40)) % (N - 1n)) + 1n
      r = (e + Sm2Point.BASE.multiply(k).toAffine().x) % N
      if (r === 0n || r + k === N) continue
      s = (Sm2Point.Fn.inv(1n + d) * (k - r * d)) % N
      if (s < 0n) s += N
    }
    der = seq(int(r), int(s))
  }
  if (o.format !== 'raw') return der
  const { r, s } = sm2SignatureParts(der)!
  return Buffer.concat([be32(r), be32(s)])
}

export const clearSm2KeyCache = (): void => keys.clear()
