import { describe, expect, it } from 'vitest'
import { printBatch, type CallShape, type RootCall } from '../../federation/upstream/root-call.js'

const call = (value: number, shape?: CallShape): RootCall => ({
  field: 'bjlb',
  args: [
    { name: 'pyl', type: 'Int', value: 0 },
    { name: 'ts', type: 'Int', value },
  ],
  selection: '{ bjbh }',
  ...(shape && { shape }),
})

describe('printBatch', () => {
  it('aliases each call and prefixes its variables', () => {
    expect(printBatch([call(51), call(11)])).toEqual({
      query: 'query Tongban($t0_pyl: Int, $t0_ts: Int, $t1_pyl: Int, $t1_ts: Int) { t0: bjlb(pyl: $t0_pyl, ts: $t0_ts) { bjbh } t1: bjlb(pyl: $t1_pyl, ts: $t1_ts) { bjbh } }',
      variables: { t0_pyl: 0, t0_ts: 51, t1_pyl: 0, t1_ts: 11 },
    })
  })

  it('prints a single call of a shape once and reuses the text with fresh variables', () => {
    const shape: CallShape = {}
    const first = printBatch([call(51, shape)])
    expect(first).toEqual(printBatch([call(51)]))
    const text = shape.single!.query
    const second = printBatch([call(21, shape)])
    expect(second.query).toBe(text)
    expect(second.variables).toEqual({ t0_pyl: 0, t0_ts: 21 })
    // In a batch with other calls the shape is not used.
    expect(printBatch([call(1, shape), call(2, shape)]).query).toContain('t1: bjlb')
  })
})
