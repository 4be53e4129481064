/** What the city resolvers read of a list of records: newest first, by position. Arrays are one. */
export interface RecordList<T> extends Iterable<T> {
  readonly length: number
  /** The record at `index` (0: the newest; negative counts from the oldest end, as Array#at). */
  at(index: number): T | undefined
  /** As Array#slice, newest first. */
  slice(start?: number, end?: number): T[]
  filter(predicate: (item: T) => boolean): T[]
  map<U>(fn: (item: T, index: number) => U): U[]
  forEach(fn: (item: T, index: number) => void): void
}

/**
 * Records read newest first but held oldest first. A city's new case is nearly always its
 * newest, so taking one in is an append, where a newest-first array shifted every record it held:
 * the cost of each intake grew with the number of cases the city had, and after some ten
 * thousand deliveries it was most of a sandbox city's CPU (bench/acceptance).
 */
export class NewestFirst<T> implements RecordList<T> {
  readonly #oldestFirst: T[]

  /** @param newestFirst the records, newest first (copied). */
  constructor(newestFirst: readonly T[] = []) {
    this.#oldestFirst = newestFirst.slice().reverse()
  }

  get length(): number {
    return this.#oldestFirst.length
  }

  at(index: number): T | undefined {
    const n = this.#oldestFirst.length
    const i = Math.trunc(index) < 0 ? n + Math.trunc(index) : Math.trunc(index)
    return i >= 0 && i < n ? this.#oldestFirst[n - 1 - i] : undefined
  }

  slice(start = 0, end = this.#oldestFirst.length): T[] {
    const n = this.#oldestFirst.length
    const clamp = (k: number) => (k < 0 ? Math.max(0, n + Math.trunc(k)) : Math.min(n, Math.trunc(k)))
    const out: T[] = []
    for (let i = clamp(start), e = clamp(end); i < e; i++) out.push(this.#oldestFirst[n - 1 - i]!)
    return out
  }

  filter(predicate: (item: T) => boolean): T[] {
    const out: T[] = []
    for (const item of this) if (predicate(item)) out.push(item)
    return out
  }

  map<U>(fn: (item: T, index: number) => U): U[] {
    const out: U[] = []
    let i = 0
    for (const item of this) out.push(fn(item, i++))
    return out
  }

  forEach(fn: (item: T, index: number) => void): void {
    let i = 0
    for (const item of this) fn(item, i++)
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = this.#oldestFirst.length - 1; i >= 0; i--) yield this.#oldestFirst[i]!
  }

  /**
   * Adds a record where the order puts it: at the newest end when it is the newest (the usual
   * case, no search), else after the last record older than it.
   * @param olderThan true when `a` is older than `b` (sorts after it, newest first).
   */
  insert(record: T, olderThan: (a: T, b: T) => boolean): void {
    const list = this.#oldestFirst
    const newest = list[list.length - 1]
    if (newest === undefined || olderThan(newest, record)) {
      list.push(record)
      return
    }
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (olderThan(list[mid]!, record)) lo = mid + 1
      else hi = mid
    }
    list.splice(lo, 0, record)
  }
}
