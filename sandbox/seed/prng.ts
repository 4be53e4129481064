/** A seeded pseudo-random source: every sandbox run must produce identical data. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** Picks by relative weight: `weighted([['a', 3], ['b', 1]])` returns 'a' three times as often. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T
}

/** The seed every sandbox data set derives from; change it and all generated data changes. */
export const SANDBOX_SEED = 0x7b0ba2

/**
 * mulberry32: tiny, fast and good enough for test data. Not for anything secret.
 * Each part of the data set takes its own stream (`forLabel`), so adding records to one city
 * does not reshuffle the others.
 */
export function createRng(seed: number): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[int(0, items.length - 1)]!
    },
    weighted: (items) => {
      let total = 0
      for (const [, w] of items) total += w
      let r = next() * total
      for (const [value, w] of items) if ((r -= w) < 0) return value
      return items[items.length - 1]![0]
    },
  }
}

/** 32-bit FNV-1a over the string's UTF-16 code units, as an unsigned integer. */
export function fnv1a(label: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** A stream derived from the sandbox seed and a label (FNV-1a of the label mixed into the seed). */
export function rngFor(label: string, seed = SANDBOX_SEED): Rng {
  return createRng((fnv1a(label) ^ seed) >>> 0)
}
