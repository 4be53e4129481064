import { describe, expect, it } from 'vitest'
import { ExactCache } from '../../signing/exact-cache.js'

const cache = <V extends object>(max = 8, maxInputSize = 1 << 20) => new ExactCache<V>({ max, maxInputSize })

describe('ExactCache (keyed by the exact input)', () => {
  it('keeps a value from the second sighting on', () => {
    const c = cache<{ n: number; keep: boolean }>()
    let parses = 0
    const parse = (_: Uint8Array, keep: boolean) => ({ n: ++parses, keep })
    const input = Buffer.from('signed object '.repeat(10))
    expect(c.lookup(input, parse)).toEqual({ n: 1, keep: false })
    expect(c.get(input)).toBeUndefined()
    expect(c.lookup(input, parse)).toEqual({ n: 2, keep: true })
    expect(c.lookup(input, parse)).toEqual({ n: 2, keep: true })
    expect(c.get(input)).toEqual({ n: 2, keep: true })
    expect(parses).toBe(2)
  })

  it('never returns a value for other bytes that share the probe (the last 48 bytes)', () => {
    const c = cache<{ body: string }>()
    const tail = 'same signature tail '.repeat(5)
    const a = Buffer.from(`document A ${tail}`), b = Buffer.from(`document B ${tail}`)
    const parse = (own: Uint8Array) => ({ body: Buffer.from(own).toString('latin1', 0, 10) })
    c.lookup(a, parse)
    expect(c.lookup(a, parse).body).toBe('document A')
    expect(c.lookup(b, parse).body).toBe('document B')
    expect(c.get(a)?.body).not.toBe('document B')
    for (const x of [a, b]) expect(c.lookup(x, parse).body).toBe(Buffer.from(x).toString('latin1', 0, 10))
  })

  it('parses a kept value from a private copy: editing the caller\'s buffer afterwards is a miss', () => {
    const c = cache<{ own: Uint8Array }>()
    const input = Buffer.from('x'.repeat(200))
    const parse = (own: Uint8Array) => ({ own })
    expect(c.lookup(input, parse).own).toBe(input)
    const kept = c.lookup(input, parse)
    expect(c.get(input)).toBe(kept)
    expect(kept.own).not.toBe(input)
    input[3] = input[3]! ^ 1
    expect(c.get(input)).toBeUndefined()
    expect(c.lookup(input, parse)).not.toBe(kept)
    expect(Buffer.from(kept.own).toString('latin1')).toBe('x'.repeat(200))
  })

  it('matches text exactly too', () => {
    const c = cache<{ s: string }>()
    const parse = (s: string) => ({ s })
    const h = 'eyJhbGciOiJFUzI1NiJ9'.repeat(8)
    c.lookup(h, parse)
    expect(c.get(h)).toBeUndefined()
    expect(c.lookup(h, parse)).toBe(c.get(h))
    expect(c.get(`${h.slice(0, -1)}X`)).toBeUndefined()
  })

  it('is bounded by entries and by total input size', () => {
    const c = cache<{ i: number }>(4, 1000)
    const inputs = Array.from({ length: 10 }, (_, i) => Buffer.from(`input ${i} `.repeat(20)))
    inputs.forEach((x, i) => { c.lookup(x, () => ({ i })); c.lookup(x, () => ({ i })) })
    expect(inputs.filter((x) => c.get(x) !== undefined).length).toBeLessThanOrEqual(4)
    const big = Buffer.alloc(2000, 1)
    c.lookup(big, () => ({ i: -1 }))
    c.lookup(big, () => ({ i: -1 }))
    expect(c.get(big)).toBeUndefined()
  })
})
