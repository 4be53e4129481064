/**
 * Making GB/T 38540 `SES_Signature` (v4) and GM/T 0031 v1 electronic signatures: the signer
 * signs DER(TBS_Sign), which embeds the seal and dataHash = SM3(data) (SHA-256 for non-SM2).
 */
import { createHash, type KeyObject } from 'node:crypto'
import { bitString, explicit, generalizedTime, ia5String, int, octets, seq } from '../der.js'
import { sm2SignatureParts } from '../sm2.js'
import { sm3 } from '../sm3.js'
import { toDer } from '../pem.js'
import { sealAlgorithmOid } from './seal.js'
import { keyKindOf, signWith } from './sign-with.js'

export interface SesSignatureRequest {
  version?: 1 | 4
  seal: Uint8Array
  signer: { certificate: string | Uint8Array; privateKey: KeyObject }
  data: Uint8Array
  /** What was signed, e.g. the OFD path of Signature.xml. */
  propertyInfo: string
  signingTime?: Date
  /** Write the SM2 signature as raw r‖s instead of DER (both occur in the field). */
  rawSignature?: boolean
  /** v4: append an empty extDatas `[0] EXPLICIT` (exercises the tagged optional form). */
  taggedExtDatas?: boolean
}

const be32 = (v: bigint): Buffer => Buffer.from(v.toString(16).padStart(64, '0'), 'hex')

/**
 * @returns DER SES_Signature
 * @throws KEY_INVALID for unsupported keys; FORMAT_FAILURE for an undecodable certificate
 * @example
 * const sv = createSesSignature({ seal, signer, data: signatureXml, propertyInfo: '/Doc_0/Signs/Sign_0/Signature.xml' })
 */
export function createSesSignature(req: SesSignatureRequest): Uint8Array {
  const version = req.version ?? 4
  const cert = toDer(req.signer.certificate, 'signer certificate')
  const sm2 = keyKindOf(req.signer.privateKey) === 'sm2'
  const dataHash = sm2 ? sm3(req.data) : createHash('sha256').update(req.data).digest()
  const when = req.signingTime ?? new Date()
  const algOid = sealAlgorithmOid(req.signer.privateKey)
  const sign = (tbs: Uint8Array): Uint8Array => {
    const sig = signWith(req.signer.privateKey, tbs).signature
    if (!req.rawSignature || !sm2) return sig
    const { r, s } = sm2SignatureParts(sig)!
    return Buffer.concat([be32(r), be32(s)])
  }
  if (version === 4) {
    const tbs = seq(int(4), req.seal, generalizedTime(when), bitString(dataHash), ia5String(req.propertyInfo),
      ...(req.taggedExtDatas ? [explicit(0, seq())] : []))
    return seq(tbs, octets(cert), algOid, bitString(sign(tbs)))
  }
  // GM/T 0031-2014: timeInfo is a BIT STRING; we put the GeneralizedTime text in it.
  const timeText = Buffer.from(generalizedTime(when).subarray(2))
  const tbs = seq(int(1), req.seal, bitString(timeText), bitString(dataHash), ia5String(req.propertyInfo), octets(cert), algOid)
  return seq(tbs, bitString(sign(tbs)))
}
