/**
 * Making electronic seals: GB/T 38540-2020 `SESeal` v4 and GM/T 0031-2014 v1, signed by a seal
 * maker (制章者). The maker signs DER(SES_SealInfo) in v4 and SEQUENCE{SES_SealInfo, cert,
 * algorithm} in v1.
 */
import type { KeyObject } from 'node:crypto'
import { bitString, children, generalizedTime, ia5String, int, octets, parseDer, printableString, rawBytes, seq, utf8String, x509Time } from '../der.js'
import { sm3 } from '../sm3.js'
import { toDer } from '../pem.js'
import { algorithmIdentifierFor, signWith } from './sign-with.js'

export interface SealRequest {
  version?: 1 | 4
  maker: { certificate: string | Uint8Array; privateKey: KeyObject }
  /** Seal code (印章编码). */
  esID: string
  name: string
  /** 1 单位印章 (organisation), 2 个人印章 (personal). */
  type?: number
  /** Certificates of those allowed to use the seal. */
  signerCertificates: readonly (string | Uint8Array)[]
  /** v4 only: 1 lists the certificates, 2 their SM3 digests. */
  certListType?: 1 | 2
  validFrom: Date
  validTo: Date
  createDate?: Date
  picture?: { type: string; data: Uint8Array; width: number; height: number }
  vid?: string
}

/** The bare algorithm OID TLV that GB/T 38540 structures carry (no parameters). */
export function sealAlgorithmOid(privateKey: KeyObject): Uint8Array {
  return Uint8Array.from(rawBytes(children(parseDer(algorithmIdentifierFor(privateKey)))[0]!))
}

/**
 * @returns DER SESeal
 * @throws KEY_INVALID for unsupported maker keys; FORMAT_FAILURE for undecodable certificates
 * @example
 * const seal = createSeal({ maker, esID: '51060000000001', name: '德阳市市场监督管理局', signerCertificates: [signerPem], validFrom, validTo })
 */
export function createSeal(req: SealRequest): Uint8Array {
  const version = req.version ?? 4
  const makerCert = toDer(req.maker.certificate, 'maker certificate')
  const certs = req.signerCertificates.map((c) => toDer(c, 'signer certificate'))
  const time = version === 4 ? generalizedTime : x509Time
  const pic = req.picture ?? { type: 'PNG', data: Uint8Array.of(0x89, 0x50, 0x4e, 0x47), width: 40, height: 40 }
  const certList = version === 4 && req.certListType === 2
    ? seq(...certs.map((c) => seq(printableString('SM3'), octets(sm3(c)))))
    : seq(...certs.map((c) => octets(c)))
  const property = seq(
    int(req.type ?? 1), utf8String(req.name),
    ...(version === 4 ? [int(req.certListType ?? 1)] : []),
    certList, time(req.createDate ?? req.validFrom), time(req.validFrom), time(req.validTo),
  )
  const sealInfo = seq(
    seq(ia5String('ES'), int(version), ia5String(req.vid ?? 'TONGBAN')), ia5String(req.esID), property,
    seq(ia5String(pic.type), octets(pic.data), int(pic.width), int(pic.height)),
  )
  const algOid = sealAlgorithmOid(req.maker.privateKey)
  if (version === 4) return seq(sealInfo, octets(makerCert), algOid, bitString(signWith(req.maker.privateKey, sealInfo).signature))
  // GM/T 0031-2014: the maker signs SEQUENCE{sealInfo, cert, signatureAlgorithm}.
  const { signature } = signWith(req.maker.privateKey, seq(sealInfo, octets(makerCert), algOid))
  return seq(sealInfo, seq(octets(makerCert), algOid, bitString(signature)))
}
