import { beforeAll, describe, expect, it } from 'vitest'
import { SigningError } from '../../signing/index.js'
import { makePki, type Pki } from '../fixtures/pki.js'
import { outcome, verifierFor } from './helpers.js'

let pki: Pki
beforeAll(() => { pki = makePki() })

describe('createVerifier().verify', () => {
  it('rejects, never throws, for an input of the wrong shape', async () => {
    const v = verifierFor(pki)
    let p: Promise<unknown> | undefined
    expect(() => { p = v.verify(null as never) }).not.toThrow()
    await expect(p).rejects.toBeInstanceOf(SigningError)
    await expect(v.verify({ neither: 1 } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(v.verify({ jws: 'x' }, null as never)).rejects.toBeInstanceOf(TypeError)
  })
  it('reads the clock once per verification, warm or cold', async () => {
    let reads = 0
    const v = verifierFor(pki, { now: () => { reads++; return new Date() } })
    const jws = await pki.jws(pki.chengduLeaf, [pki.chengduSub])
    for (let i = 1; i <= 4; i++) {
      expect(outcome(await v.verify({ jws }))).toBe('TOTAL_PASSED')
      expect(reads).toBe(i)
    }
  })
  it('a clock that throws is a rejection too', async () => {
    const v = verifierFor(pki, { now: () => { throw new Error('no clock') } })
    await expect(v.verify({ jws: await pki.jws(pki.meishanLeaf) })).rejects.toThrow('no clock')
  })
})
