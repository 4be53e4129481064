/**
 * A bounded cache keyed by the exact input (bytes or text) rather than by a digest of it.
 * An entry is found by a short probe, the input's last PROBE units (for the signed objects we
 * cache that is signature material, so it spreads well), and is only returned after the whole
 * stored input compares equal to the whole new one. A hit therefore means "these very bytes
 * were seen before": no collision can alias two inputs, and a probe collision is merely a miss.
 * Why not a hash: V8 hashes a long string key character by character (≈15 µs for a 9 KB JWS
 * header) and SHA-256 also reads every byte, whereas a confirmed hit costs one memcmp.
 */
import { LRUCache } from 'lru-cache'

const PROBE = 48

interface Entry<V> { readonly input: Uint8Array | string; readonly value: V }

function probe(input: Uint8Array | string): string {
  if (typeof input === 'string') return input.length <= PROBE ? input : input.slice(-PROBE)
  const from = Math.max(0, input.length - PROBE)
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1', from)
}

function same(a: Uint8Array | string, b: Uint8Array | string): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b
  return a.length === b.length && Buffer.compare(a, b) === 0
}

export interface ExactCacheOptions {
  /** Most entries kept. */
  max: number
  /** Most input bytes (or UTF-16 units) kept across all entries. */
  maxInputSize: number
}

export class ExactCache<V extends object> {
  private readonly lru: LRUCache<string, Entry<V>>

  constructor(o: ExactCacheOptions) {
    this.lru = new LRUCache<string, Entry<V>>({ max: o.max, maxSize: o.maxInputSize, sizeCalculation: (e) => Math.max(1, e.input.length) })
  }

  get(input: Uint8Array | string): V | undefined {
    const e = this.lru.get(probe(input))
    return e !== undefined && same(e.input, input) ? e.value : undefined
  }

  /**
   * @param owned true when `input` is a private copy nobody else can change (e.g. the copy the
   * value was parsed from); otherwise bytes are copied so a caller's later edits cannot alter the key.
   */
  set(input: Uint8Array | string, value: V, owned = false): void {
    const key = typeof input === 'string' || owned ? input : Uint8Array.from(input)
    this.lru.set(probe(input), { input: key, value })
  }

  clear(): void {
    this.lru.clear()
  }
}
