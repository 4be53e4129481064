/**
 * A bounded cache keyed by the exact input (bytes or text) rather than by a digest of it.
 * An entry is found by a short probe, a 32-bit hash of the input's length and last PROBE units
 * (for the signed objects we cache that is signature material, so it spreads well), and is
 * only returned after the whole stored input compares equal to the whole new one. A hit therefore means "these very bytes
 * were seen before": no collision can alias two inputs, and a probe collision is merely a miss.
 * Why not a hash: V8 hashes a long string key character by character (≈15 µs for a 9 KB JWS
 * header) and SHA-256 also reads every byte, whereas a confirmed hit costs one memcmp.
 *
 * Values are kept from an input's second sighting on. A verifier mostly sees one-off inputs
 * (each document is new) beside a few that recur (a signer's x5c header, a seal used on every
 * document); keeping every one-off would only churn the cache and promote garbage for the GC.
 */
import { LRUCache } from 'lru-cache'

const PROBE = 48

interface Entry<V> { readonly input: Uint8Array | string; readonly value: V }

function probe(input: Uint8Array | string): number {
  const n = input.length
  let h = n | 0
  if (typeof input === 'string') for (let i = Math.max(0, n - PROBE); i < n; i++) h = Math.imul(h, 31) + input.charCodeAt(i) | 0
  else for (let i = Math.max(0, n - PROBE); i < n; i++) h = Math.imul(h, 31) + input[i]! | 0
  return h
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
  /** Made on the first admission: lru-cache preallocates its arrays, and a verifier has several of these. */
  private lru: LRUCache<number, Entry<V>> | undefined
  /** Probes of inputs seen once (the doorkeeper of the admission policy), forgotten in bulk when full. */
  private readonly seen = new Set<number>()
  private readonly maxSeen: number

  constructor(private readonly o: ExactCacheOptions) {
    this.maxSeen = o.max * 4
  }

  get(input: Uint8Array | string): V | undefined {
    const e = this.lru?.get(probe(input))
    return e !== undefined && same(e.input, input) ? e.value : undefined
  }

  /**
   * The value for `input`, cached or made by `parse`. On an input's second sighting the value
   * is made from a private copy and kept (`parse` is told so by `keep`); a one-off is made from
   * `input` itself and not kept, so `parse` may return views into what it is given, and the
   * caller must not hold such a value beyond its own synchronous use of `input`.
   */
  lookup<I extends Uint8Array | string>(input: I, parse: (own: I, keep: boolean) => V): V {
    const p = probe(input)
    const e = this.lru?.get(p)
    if (e !== undefined && same(e.input, input)) return e.value
    if (!this.seen.has(p)) {
      if (this.seen.size >= this.maxSeen) this.seen.clear()
      this.seen.add(p)
      return parse(input, false)
    }
    // Strings are immutable; bytes are copied so the caller's later edits cannot alter the key.
    const own = (typeof input === 'string' ? input : new Uint8Array(input)) as I
    const value = parse(own, true)
    this.lru ??= new LRUCache<number, Entry<V>>({ max: this.o.max, maxSize: this.o.maxInputSize, sizeCalculation: (e) => Math.max(1, e.input.length) })
    this.lru.set(p, { input: own, value })
    return value
  }

  clear(): void {
    this.lru?.clear()
    this.seen.clear()
  }
}
