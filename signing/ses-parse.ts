/**
 * Decoders for GB/T 38540-2020 (version 4) and GM/T 0031-2014 (version 1) electronic seal
 * structures. Every field is read strictly in the order of the ASN.1 modules; the only
 * latitude is what the standards' own revisions and producers disagree on:
 * optional fields appear either `[0] EXPLICIT` or untagged, and v1 times may be UTCTime or
 * GeneralizedTime. Anything else is a FORMAT_FAILURE.
 *
 * Byte fields of the results are views into the input, not copies: callers that keep a result
 * parse a private copy (see exact-cache.ts).
 */
import {
  Fields, TAG, children, contents, parseDer, rawBytes, readOctetBits, readSmallInt,
  readString, readTime, parseTimeString, seq, type Tlv,
} from './der.js'
import { parseSignatureAlgorithm, type SignatureAlgorithm } from './algorithms.js'

export interface SealCertDigest { algorithm: string; value: Uint8Array }

export interface ParsedSeal {
  version: 1 | 4
  vid: string
  esID: string
  type: number
  name: string
  /** 1: certificates; 2: certificate digests (v4 certListType). v1 always lists certificates. */
  certListType: 1 | 2
  certs: Uint8Array[]
  certDigests: SealCertDigest[]
  createDate: Date
  validStart: Date
  validEnd: Date
  picture: { type: string; width: number; height: number }
  makerCert: Uint8Array
  signatureAlgorithm: SignatureAlgorithm
  /** The bytes the maker signed: DER(SES_SealInfo) in v4; SEQUENCE{sealInfo, cert, alg} in v1. */
  signedBytes: Uint8Array
  signature: Uint8Array
}

export interface ParsedSesSignature {
  version: 1 | 4
  seal: ParsedSeal
  signingTime: Date | undefined
  dataHash: Uint8Array
  propertyInfo: string
  signerCert: Uint8Array
  signatureAlgorithm: SignatureAlgorithm
  /** DER(TBS_Sign), exactly as signed. */
  tbs: Uint8Array
  signature: Uint8Array
}

/** `[0] EXPLICIT X` or plain `X` for an optional trailing field. */
function optionalField(f: Fields, tag: number): Tlv | undefined {
  const t = f.peek()
  if (!t) return undefined
  if (t.tag === 0xa0) {
    f.any('tagged field')
    const inner = children(t)
    if (inner.length !== 1 || inner[0]!.tag !== tag) throw new Error('bad [0] EXPLICIT field')
    return inner[0]
  }
  return f.optional(tag)
}

function parseSealInfo(t: Tlv): Omit<ParsedSeal, 'makerCert' | 'signatureAlgorithm' | 'signedBytes' | 'signature'> {
  const f = new Fields(t, 'SES_SealInfo')
  const h = new Fields(f.next(TAG.SEQUENCE, 'header'), 'SES_Header')
  if (readString(h.next(TAG.IA5, 'ID')) !== 'ES') throw new Error('seal header ID is not "ES"')
  const version = readSmallInt(h.next(TAG.INTEGER, 'version'))
  if (version !== 1 && version !== 4) throw new Error(`unsupported seal version ${version}`)
  const vid = readString(h.next(TAG.IA5, 'Vid'))
  h.done('SES_Header')
  const esID = readString(f.next(TAG.IA5, 'esID'))
  const p = new Fields(f.next(TAG.SEQUENCE, 'property'), 'SES_ESPropertyInfo')
  const type = readSmallInt(p.next(TAG.INTEGER, 'type'))
  const name = readString(p.next(TAG.UTF8, 'name'))
  let certListType: 1 | 2 = 1
  if (version === 4) {
    const clt = readSmallInt(p.next(TAG.INTEGER, 'certListType'))
    if (clt !== 1 && clt !== 2) throw new Error(`unknown certListType ${clt}`)
    certListType = clt
  }
  const certs: Uint8Array[] = []
  const certDigests: SealCertDigest[] = []
  for (const item of children(p.next(TAG.SEQUENCE, 'certList'))) {
    if (certListType === 1) {
      if (item.tag !== TAG.OCTET_STRING) throw new Error('certList entry is not an OCTET STRING')
      certs.push(contents(item))
    } else {
      const d = new Fields(item, 'CertDigestObj')
      certDigests.push({ algorithm: readString(d.next(TAG.PRINTABLE, 'type')), value: contents(d.next(TAG.OCTET_STRING, 'value')) })
    }
  }
  const time = (what: string): Date => {
    const x = p.any(what)
    // GB/T 38540 uses GeneralizedTime; GM/T 0031 UTCTime. Both are accepted for either version.
    return readTime(x)
  }
  const createDate = time('createDate'), validStart = time('validStart'), validEnd = time('validEnd')
  p.done('SES_ESPropertyInfo')
  const pic = new Fields(f.next(TAG.SEQUENCE, 'picture'), 'SES_ESPictrueInfo')
  const picture = { type: readString(pic.next(TAG.IA5, 'type')), width: 0, height: 0 }
  pic.next(TAG.OCTET_STRING, 'data')
  picture.width = readSmallInt(pic.next(TAG.INTEGER, 'width'))
  picture.height = readSmallInt(pic.next(TAG.INTEGER, 'height'))
  optionalField(f, TAG.SEQUENCE)
  f.done('SES_SealInfo')
  return { version, vid, esID, type, name, certListType, certs, certDigests, createDate, validStart, validEnd, picture }
}

/** SESeal: v4 `{sealInfo, cert, signAlgID, signedValue}`; v1 `{sealInfo, signInfo{cert, alg, signData}}`. */
export function parseSealTlv(t: Tlv): ParsedSeal {
  const f = new Fields(t, 'SESeal')
  const infoTlv = f.next(TAG.SEQUENCE, 'eSealInfo')
  const info = parseSealInfo(infoTlv)
  let certTlv: Tlv, algTlv: Tlv, sigTlv: Tlv
  if (info.version === 4) {
    certTlv = f.next(TAG.OCTET_STRING, 'cert')
    algTlv = f.next(TAG.OID, 'signAlgID')
    sigTlv = f.next(TAG.BIT_STRING, 'signedValue')
  } else {
    const si = new Fields(f.next(TAG.SEQUENCE, 'signInfo'), 'SES_SignInfo')
    certTlv = si.next(TAG.OCTET_STRING, 'cert')
    algTlv = si.next(TAG.OID, 'signatureAlgorithm')
    sigTlv = si.next(TAG.BIT_STRING, 'signData')
    si.done('SES_SignInfo')
  }
  f.done('SESeal')
  // GM/T 0031-2014 §7.1: the v1 maker signs SEQUENCE{SES_SealInfo, cert, signatureAlgorithm}.
  const signedBytes = info.version === 4 ? rawBytes(infoTlv) : seq(rawBytes(infoTlv), rawBytes(certTlv), rawBytes(algTlv))
  return {
    ...info,
    makerCert: contents(certTlv),
    signatureAlgorithm: parseSignatureAlgorithm(parseDer(seq(rawBytes(algTlv)))),
    signedBytes,
    signature: readOctetBits(sigTlv),
  }
}

export function parseSeal(der: Uint8Array): ParsedSeal {
  return parseSealTlv(parseDer(der))
}

/** v1 timeInfo is a BIT STRING holding a time (or a timestamp we cannot read). */
function v1Time(bits: Uint8Array): Date | undefined {
  try {
    return readTime(parseDer(bits))
  } catch {
    const s = Buffer.from(bits).toString('latin1')
    if (/^\d{14}/.test(s)) return parseTimeString(s, true)
    if (/^\d{12}Z$/.test(s)) return parseTimeString(s, false)
    return undefined
  }
}

/**
 * @param sealOf reads the embedded SESeal from its exact DER; a verifier passes a cached lookup,
 * since one seal recurs in every document it seals.
 */
export function parseSesSignature(der: Uint8Array, sealOf: (sealDer: Uint8Array) => ParsedSeal = parseSeal): ParsedSesSignature {
  const f = new Fields(parseDer(der), 'SES_Signature')
  const tbsTlv = f.next(TAG.SEQUENCE, 'toSign')
  const t = new Fields(tbsTlv, 'TBS_Sign')
  const version = readSmallInt(t.next(TAG.INTEGER, 'version'))
  if (version !== 1 && version !== 4) throw new Error(`unsupported TBS_Sign version ${version}`)
  const seal = sealOf(rawBytes(t.next(TAG.SEQUENCE, 'eseal')))
  let signingTime: Date | undefined
  if (version === 4) signingTime = readTime(t.next(TAG.GENERALIZED_TIME, 'timeInfo'))
  else signingTime = v1Time(readOctetBits(t.next(TAG.BIT_STRING, 'timeInfo')))
  const dataHash = readOctetBits(t.next(TAG.BIT_STRING, 'dataHash'))
  const propertyInfo = readString(t.next(TAG.IA5, 'propertyInfo'))
  let signerCert: Uint8Array, algTlv: Tlv, signature: Uint8Array
  if (version === 4) {
    optionalField(t, TAG.SEQUENCE)
    t.done('TBS_Sign')
    signerCert = contents(f.next(TAG.OCTET_STRING, 'cert'))
    algTlv = f.next(TAG.OID, 'signatureAlgID')
    signature = readOctetBits(f.next(TAG.BIT_STRING, 'signature'))
    optionalField(f, TAG.BIT_STRING)
  } else {
    signerCert = contents(t.next(TAG.OCTET_STRING, 'cert'))
    algTlv = t.next(TAG.OID, 'signatureAlgorithm')
    t.done('TBS_Sign')
    signature = readOctetBits(f.next(TAG.BIT_STRING, 'signature'))
  }
  f.done('SES_Signature')
  return {
    version, seal, signingTime, dataHash, propertyInfo, signerCert,
    signatureAlgorithm: parseSignatureAlgorithm(parseDer(seq(rawBytes(algTlv)))),
    tbs: rawBytes(tbsTlv), signature,
  }
}

