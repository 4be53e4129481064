/**
 * Process-wide caches of parsed public data, cleared only for cold benchmarks and tests. (The
 * small memos of pure conversions — OID text, ISO 8601 dates — are bounded and not cleared.)
 */
import { clearCertificateCache } from './x509.js'
import { clearPublicKeyCache } from './public-key.js'
import { clearSm2KeyCache } from './sm2.js'

/** Empties the parsed-certificate, imported-key and SM2 key caches (verifier caches die with the verifier). */
export function clearSigningCaches(): void {
  clearCertificateCache()
  clearPublicKeyCache()
  clearSm2KeyCache()
}
