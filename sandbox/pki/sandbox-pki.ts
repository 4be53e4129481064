import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { createPublicKey, type KeyObject } from 'node:crypto'
import { exportJWK } from 'jose'
import { createCrl, createSeal, createTrustList, generateSigningKeyPair, parseCertificate, type Jwk, type KeyAlgorithm, type RegionAnchors } from '../../signing/index.js'
import { issueCredential, loadCredential, storeCredential, type Credential, type StoredCredential } from './pki-material.js'

/**
 * The sandbox's public-key infrastructure: a provincial root that signs the federation trust
 * list, and per city a CA, a licence-signing credential, a retired (revoked) one, a seal maker,
 * the seal holder's SM2 credential and its GB/T 38540 seal, and a JWS key published in a JWKS.
 *
 * Generated on first use and kept in a directory outside the repository (private keys are
 * never committed); CRLs and the trust list are re-signed at every start so they are fresh.
 */
export interface CityPki {
  readonly code: string
  readonly name: string
  readonly ca: Credential
  /** Signs licences (CMS, x5c JWS); algorithm per city. */
  readonly signer: Credential
  /** Revoked on `retiredRevokedAt`: licences it signed afterwards must fail as REVOKED. */
  readonly retired: Credential
  readonly retiredRevokedAt: Date
  readonly sealMaker: Credential
  /** The seal holder (the licence authority): SM2, certificate issued by the city CA. */
  readonly sealSigner: Credential
  /** DER SESeal (GB/T 38540 v4) made by the seal maker for the seal signer. */
  readonly seal: Uint8Array
  /**
   * The JWS key. Cities with a certificate for it sign with `x5c`; the others with `kid`,
   * resolved through the region's JWKS in the trust list.
   */
  readonly jws: { readonly privateKey: KeyObject; readonly kid: string; readonly jwk: Jwk; readonly certificate: string | null }
  /** CA's CRL (PEM), fresh at load. */
  readonly crl: string
  /**
   * The city's identity provider key: it signs the bearer tokens of the city's window clerks
   * and of the city platform itself (sandbox stand-in for the city's IdP).
   */
  readonly identity: { readonly privateKey: KeyObject; readonly kid: string; readonly jwk: Jwk; readonly issuer: string }
}

export interface SandboxPki {
  readonly province: Credential
  /** The provincial identity provider: it signs auditor tokens that oversee every city. */
  readonly provinceIdentity: { readonly code: string; readonly name: string; readonly privateKey: KeyObject; readonly kid: string; readonly jwk: Jwk; readonly issuer: string }
  readonly cities: ReadonlyMap<string, CityPki>
  /** Signed federation trust list (JWS), valid 30 days from load. */
  readonly trustList: string
  /** Every region's anchors, as in the trust list. */
  readonly anchors: readonly RegionAnchors[]
}

/** City code → how its platform signs: RSA, ECDSA P-256 or SM2 (GB/T 32918) licences. */
const CITY_STYLE: Record<string, { name: string; org: string; ca: KeyAlgorithm; jws: KeyAlgorithm; jwsX5c: boolean; pss?: boolean }> = {
  '510100': { name: '成都市', org: '成都市政务服务管理和网络理政办公室', ca: 'P-256', jws: 'P-256', jwsX5c: true },
  '510600': { name: '德阳市', org: '德阳市政务服务和大数据管理局', ca: 'SM2', jws: 'P-256', jwsX5c: false },
  '511400': { name: '眉山市', org: '眉山市政务服务和大数据管理局', ca: 'RSA', jws: 'RSA', jwsX5c: true },
  '512000': { name: '资阳市', org: '资阳市政务服务和大数据管理局', ca: 'RSA', jws: 'Ed25519', jwsX5c: false, pss: true },
}

const VALID_FROM = new Date('2015-01-01T00:00:00+08:00')
const VALID_TO = new Date('2040-12-31T23:59:59+08:00')
/** The day the sandbox's retired signing keys were revoked (key compromise). */
export const RETIRED_REVOKED_AT = new Date('2024-06-30T00:00:00+08:00')

interface StoredCity {
  identity: StoredCredential & { kid: string }
  ca: StoredCredential
  signer: StoredCredential
  retired: StoredCredential
  sealMaker: StoredCredential
  sealSigner: StoredCredential
  seal: string
  jws: StoredCredential & { kid: string }
}

interface StoredPki {
  version: 2
  province: StoredCredential
  /** Added after version 2 first shipped: created and saved on load when missing. */
  provinceIdentity?: StoredCredential & { kid: string }
  cities: Record<string, StoredCity>
}

/** The province the sandbox federation belongs to (四川省). */
export const SANDBOX_PROVINCE = { code: '510000', name: '四川省' } as const

function createProvinceIdentity(): StoredCredential & { kid: string } {
  return { ...storeCredential({ ...generateSigningKeyPair('P-256'), certificate: '' }), kid: `${SANDBOX_PROVINCE.code}-idp-1` }
}

function save(file: string, stored: StoredPki): void {
  mkdirSync(dirname(file), { recursive: true })
  // Write then rename: a concurrent reader sees the old file or the whole new one.
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(stored, null, 1), { mode: 0o600 })
  renameSync(tmp, file)
}

function createCity(code: string): StoredCity {
  const s = CITY_STYLE[code]!
  const dn = (cn: string) => ({ C: 'CN', ST: '四川省', L: s.name, O: s.org, CN: `${cn} (sandbox)` })
  const period = { notBefore: VALID_FROM, notAfter: VALID_TO }
  const ca = issueCredential({ algorithm: s.ca, subject: dn(`${s.name}电子证照根CA`), ca: true, keyUsage: ['keyCertSign', 'cRLSign'], ...period, ...(s.pss && { pss: true }) })
  const leaf = (cn: string, algorithm: KeyAlgorithm) =>
    issueCredential({ algorithm, subject: dn(cn), issuer: ca, keyUsage: ['digitalSignature', 'nonRepudiation'], ...period, ...(s.pss && { pss: true }) })
  const sealMaker = issueCredential({ algorithm: 'SM2', subject: dn(`${s.name}电子印章制作中心`), keyUsage: ['digitalSignature', 'keyCertSign'], ...period })
  const sealSigner = leaf(`${s.org} 电子证照专用章`, 'SM2')
  const seal = createSeal({
    maker: { certificate: sealMaker.certificate, privateKey: sealMaker.privateKey },
    esID: `${code}00000001`,
    name: `${s.name}电子证照签发专用章`,
    signerCertificates: [sealSigner.certificate],
    validFrom: VALID_FROM,
    validTo: VALID_TO,
  })
  const jwsKey = generateSigningKeyPair(s.jws)
  const jwsCredential: Credential = s.jwsX5c
    ? leaf(`${s.name}电子证照签发(JWS)`, s.jws)
    : { algorithm: s.jws, privateKey: jwsKey.privateKey, publicKey: jwsKey.publicKey, certificate: '' }
  const idp = generateSigningKeyPair('P-256')
  return {
    identity: { ...storeCredential({ ...idp, certificate: '' }), kid: `${code}-idp-1` },
    ca: storeCredential(ca),
    signer: storeCredential(leaf(`${s.name}电子证照签发`, s.ca)),
    retired: storeCredential(leaf(`${s.name}电子证照签发 2019 (已停用)`, s.ca)),
    sealMaker: storeCredential(sealMaker),
    sealSigner: storeCredential(sealSigner),
    seal: Buffer.from(seal).toString('base64'),
    jws: { ...storeCredential(jwsCredential), kid: `${code}-licence-${s.jws.toLowerCase()}` },
  }
}

/** The `iss` of a sandbox city's identity provider. */
export function sandboxIssuer(code: string): string {
  return `https://idp.sandbox.tongban.local/${code}`
}

/**
 * Loads the sandbox PKI from `file`, creating it there first if missing; without a file the
 * PKI lives in memory only (tests).
 */
export async function loadSandboxPki(options: { file?: string; now?: Date } = {}): Promise<SandboxPki> {
  const now = options.now ?? new Date()
  let stored: StoredPki | undefined
  if (options.file && existsSync(options.file)) {
    try {
      const parsed = JSON.parse(readFileSync(options.file, 'utf8')) as StoredPki
      if (parsed.version === 2 && Object.keys(CITY_STYLE).every((c) => parsed.cities[c])) stored = parsed
    } catch {
      // Unreadable or from an older layout: make a new one.
    }
  }
  if (!stored) {
    const province = issueCredential({
      algorithm: 'P-256',
      subject: { C: 'CN', ST: '四川省', O: '四川省大数据中心', CN: '四川省政务服务电子证照信任根 (sandbox)' },
      ca: true,
      keyUsage: ['keyCertSign', 'digitalSignature'],
      notBefore: VALID_FROM,
      notAfter: VALID_TO,
    })
    stored = {
      version: 2,
      province: storeCredential(province),
      provinceIdentity: createProvinceIdentity(),
      cities: Object.fromEntries(Object.keys(CITY_STYLE).map((c) => [c, createCity(c)])),
    }
    if (options.file) save(options.file, stored)
  } else if (!stored.provinceIdentity) {
    stored.provinceIdentity = createProvinceIdentity()
    if (options.file) save(options.file, stored)
  }
  const cities = new Map<string, CityPki>()
  const anchors: RegionAnchors[] = []
  for (const [code, c] of Object.entries(stored.cities)) {
    const ca = loadCredential(c.ca)
    const retired = loadCredential(c.retired)
    const jwsCredential = loadCredential({ ...c.jws, certificate: c.jws.certificate })
    const jwk = { ...((await exportJWK(createPublicKey(jwsCredential.privateKey))) as Jwk), kid: c.jws.kid, use: 'sig' }
    const crl = createCrl({
      issuer: { certificate: ca.certificate, privateKey: ca.privateKey },
      revoked: [{ serialNumber: parseCertificate(retired.certificate).serialNumber, revokedAt: RETIRED_REVOKED_AT, reason: 'keyCompromise' }],
      thisUpdate: new Date(now.getTime() - 3600_000),
      nextUpdate: new Date(now.getTime() + 7 * 86400_000),
    }).pem
    const idp = loadCredential(c.identity)
    const identity = {
      privateKey: idp.privateKey,
      kid: c.identity.kid,
      jwk: { ...((await exportJWK(idp.publicKey)) as Jwk), kid: c.identity.kid, use: 'sig', alg: 'ES256' },
      issuer: sandboxIssuer(code),
    }
    const city: CityPki = {
      code,
      identity,
      name: CITY_STYLE[code]!.name,
      ca,
      signer: loadCredential(c.signer),
      retired,
      retiredRevokedAt: RETIRED_REVOKED_AT,
      sealMaker: loadCredential(c.sealMaker),
      sealSigner: loadCredential(c.sealSigner),
      seal: Buffer.from(c.seal, 'base64'),
      jws: { privateKey: jwsCredential.privateKey, kid: c.jws.kid, jwk, certificate: jwsCredential.certificate || null },
      crl,
    }
    cities.set(code, city)
    anchors.push({
      region: code,
      name: CITY_STYLE[code]!.org,
      caCertificates: [ca.certificate],
      sealMakers: [city.sealMaker.certificate],
      jwks: { keys: [jwk] },
    })
  }
  const province = loadCredential(stored.province)
  const pidp = loadCredential(stored.provinceIdentity!)
  const provinceIdentity = {
    ...SANDBOX_PROVINCE,
    privateKey: pidp.privateKey,
    kid: stored.provinceIdentity!.kid,
    jwk: { ...((await exportJWK(pidp.publicKey)) as Jwk), kid: stored.provinceIdentity!.kid, use: 'sig', alg: 'ES256' },
    issuer: sandboxIssuer(SANDBOX_PROVINCE.code),
  }
  const trustList = await createTrustList(
    { issuer: '四川省大数据中心 (sandbox)', regions: anchors, issuedAt: now, expiresAt: new Date(now.getTime() + 30 * 86400_000) },
    { privateKey: province.privateKey, certificates: [province.certificate] },
  )
  return { province, provinceIdentity, cities, trustList, anchors }
}
