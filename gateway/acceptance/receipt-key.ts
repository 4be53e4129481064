import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { exportJWK, type JWK } from 'jose'

/** The gateway's own signing key: receipts (受理回执) and audit checkpoints. */
export interface ReceiptKey {
  privateKey: KeyObject
  kid: string
  /** Public key, published at /.well-known/jwks.json. */
  jwk: JWK
}

async function fromPrivateKey(privateKey: KeyObject): Promise<ReceiptKey> {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
  const kid = `tongban-${createHash('sha256').update(spki).digest('base64url').slice(0, 16)}`
  return { privateKey, kid, jwk: { ...(await exportJWK(createPublicKey(privateKey))), kid, alg: 'ES256', use: 'sig' } }
}

/** Reads a P-256 private key (PKCS#8 PEM). @throws for a missing file or another key type. */
export async function readReceiptKey(file: string): Promise<ReceiptKey> {
  const key = createPrivateKey(readFileSync(file, 'utf8'))
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`${file}: the receipt key must be an EC P-256 private key (ES256)`)
  }
  return fromPrivateKey(key)
}

/**
 * Sandbox and first runs: the key in `file`, created there if missing (mode 0600, written
 * atomically). Production deployments pass their own key with --receipt-key.
 */
export async function loadOrCreateReceiptKey(file: string): Promise<ReceiptKey> {
  if (existsSync(file)) return readReceiptKey(file)
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, { mode: 0o600 })
  renameSync(tmp, file)
  return fromPrivateKey(privateKey)
}

/** An in-memory key (tests). */
export function ephemeralReceiptKey(): Promise<ReceiptKey> {
  return fromPrivateKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)
}
