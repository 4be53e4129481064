/** SM3 (GB/T 32905) via node:crypto; OpenSSL 3 ships it in the default provider. */
import { createHash } from 'node:crypto'

export function sm3(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sm3')
  for (const p of parts) h.update(p)
  return h.digest()
}
