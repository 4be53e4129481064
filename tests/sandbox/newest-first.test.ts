import { describe, expect, it } from 'vitest'
import { NewestFirst } from '../../sandbox/newest-first.js'

interface Rec { ms: number; no: string }
const olderThan = (a: Rec, b: Rec) => a.ms < b.ms || (a.ms === b.ms && a.no < b.no)
/** The model: a plain newest-first array, sorted the slow way. */
const sorted = (xs: Rec[]) => [...xs].sort((a, b) => (olderThan(a, b) ? 1 : olderThan(b, a) ? -1 : 0))

describe('NewestFirst', () => {
  it('reads the records it was given newest first, by position, slice, iteration, filter, map and forEach', () => {
    const given = sorted(Array.from({ length: 7 }, (_, i) => ({ ms: 1000 + i * 10, no: `N${i}` })))
    const list = new NewestFirst(given)
    expect(list.length).toBe(7)
    expect([...list]).toEqual(given)
    expect(list.at(0)).toBe(given[0])
    expect(list.at(6)).toBe(given[6])
    expect(list.at(-1)).toBe(given[6])
    expect(list.at(-7)).toBe(given[0])
    expect(list.at(7)).toBeUndefined()
    expect(list.at(-8)).toBeUndefined()
    for (const [s, e] of [[0, 3], [2, 5], [5, 100], [-3, undefined], [-100, 2], [4, 2], [undefined, undefined]] as const) {
      expect(list.slice(s, e)).toEqual(given.slice(s, e))
    }
    expect(list.filter((r) => r.ms % 20 === 0)).toEqual(given.filter((r) => r.ms % 20 === 0))
    expect(list.map((r, i) => `${i}:${r.no}`)).toEqual(given.map((r, i) => `${i}:${r.no}`))
    const seen: string[] = []
    list.forEach((r, i) => seen.push(`${i}:${r.no}`))
    expect(seen).toEqual(given.map((r, i) => `${i}:${r.no}`))
  })

  it('keeps newest-first order through inserts: the newest, the oldest, in between and equal times', () => {
    let seed = 7
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const model: Rec[] = []
    const list = new NewestFirst<Rec>()
    for (let i = 0; i < 400; i++) {
      // Mostly the newest (as intake is), sometimes older, sometimes at a time already held.
      const r = rand()
      const ms = r < 0.7 ? 10_000 + i * 5 : r < 0.9 ? Math.floor(rand() * 12_000) : (model[Math.floor(rand() * model.length)]?.ms ?? 0)
      const rec = { ms, no: `C${String(i).padStart(4, '0')}` }
      list.insert(rec, olderThan)
      model.push(rec)
    }
    expect([...list]).toEqual(sorted(model))
    expect(list.slice(10, 20)).toEqual(sorted(model).slice(10, 20))
  })
})
