import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { generateSigningKeyPair, issueCertificate, type DistinguishedName, type KeyAlgorithm, type KeyUsage } from '../../signing/index.js'

/** A key pair with its certificate, in the form kept on disk (PEM), plus live key objects. */
export interface Credential {
  readonly algorithm: KeyAlgorithm
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  readonly certificate: string
}

export interface StoredCredential {
  algorithm: KeyAlgorithm
  privateKeyPem: string
  certificate: string
}

export function storeCredential(c: Credential): StoredCredential {
  return { algorithm: c.algorithm, privateKeyPem: c.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, certificate: c.certificate }
}

export function loadCredential(s: StoredCredential): Credential {
  const privateKey = createPrivateKey(s.privateKeyPem)
  return { algorithm: s.algorithm, privateKey, publicKey: createPublicKey(privateKey), certificate: s.certificate }
}

let serial = BigInt(Date.now()) * 1000n

/** Issues a credential: self-signed when `issuer` is absent. */
export function issueCredential(o: {
  algorithm: KeyAlgorithm
  subject: DistinguishedName
  issuer?: Credential
  ca?: boolean
  keyUsage: KeyUsage[]
  notBefore: Date
  notAfter: Date
  pss?: boolean
}): Credential {
  const keys = generateSigningKeyPair(o.algorithm)
  const cert = issueCertificate({
    subject: o.subject,
    publicKey: keys.publicKey,
    ...(o.issuer ? { issuer: { certificate: o.issuer.certificate, privateKey: o.issuer.privateKey } } : { selfSignKey: keys.privateKey }),
    serialNumber: ++serial,
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    ...(o.ca && { ca: true, pathLen: 0 }),
    keyUsage: o.keyUsage,
    ...(o.pss && { pss: true }),
  })
  return { algorithm: o.algorithm, privateKey: keys.privateKey, publicKey: keys.publicKey, certificate: cert.pem }
}
