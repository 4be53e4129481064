import { describe, expect, it } from 'vitest'
import { FederationError } from '../../federation/errors.js'
import { generateObjectMapper, type FieldStep } from '../../federation/translate/generate-mapper.js'

type Ctx = { seen: string[] }
const notAnObject = (local: unknown) => new Error(`not an object: ${String(local)}`)

describe('generated object mappers', () => {
  it('copies, converts, nests and calls in field order, nulls for missing values', () => {
    const child = { map: (local: unknown) => ({ inner: (local as { x: number }).x }) }
    const steps: FieldStep<Ctx>[] = [
      { kind: 'read', name: 'plain', path: ['a'] },
      { kind: 'read', name: 'missing', path: ['nope'] },
      { kind: 'read', name: 'deep', path: ['n', 'x'] },
      { kind: 'read', name: 'deepMissing', path: ['gone', 'x'] },
      { kind: 'read', name: 'converted', path: ['a'], convert: (raw) => `<${String(raw)}>` },
      { kind: 'read', name: 'convertedNull', path: ['z'], convert: () => 'never' },
      { kind: 'read', name: 'nested', path: ['n'], child },
      { kind: 'read', name: 'self', path: [], child: { map: (local) => Object.keys(local as object).length } },
      { kind: 'value', name: 'fixed', value: 42 },
      { kind: 'call', name: 'called', read: (_local, ctx, out) => (ctx.seen.push(Object.keys(out).join()), 'c') },
    ]
    const map = generateObjectMapper<Ctx>(steps, 'Thing', notAnObject)
    const ctx: Ctx = { seen: [] }
    expect(map({ a: 'A', n: { x: 1 }, z: null }, ctx)).toEqual({
      __typename: 'Thing',
      plain: 'A',
      missing: null,
      deep: 1,
      deepMissing: null,
      converted: '<A>',
      convertedNull: null,
      nested: { inner: 1 },
      self: 3,
      fixed: 42,
      called: 'c',
    })
    // Keys come in the order of the steps, after __typename, as graphql-js expects them.
    expect(ctx.seen).toEqual(['__typename,plain,missing,deep,deepMissing,converted,convertedNull,nested,self,fixed,called'])
  })

  it('answers the not-an-object error for anything but a plain object', () => {
    const map = generateObjectMapper<Ctx>([{ kind: 'read', name: 'a', path: ['a'] }], undefined, notAnObject)
    for (const v of [null, 'x', 3, [1]]) expect(map(v, { seen: [] })).toBeInstanceOf(Error)
  })

  it.each([['a-b'], ['1a'], ['a.b'], ['__proto__'], ["a'];process.exit();//"], ['']])('refuses %j as a name before generating code', (name) => {
    expect(() => generateObjectMapper<Ctx>([{ kind: 'read', name: 'ok', path: [name] }], undefined, notAnObject)).toThrow(FederationError)
    expect(() => generateObjectMapper<Ctx>([{ kind: 'value', name, value: 1 }], undefined, notAnObject)).toThrow(FederationError)
  })

  it('passes values by reference, never as code', () => {
    const value = "'); throw new Error('injected'); ('"
    const map = generateObjectMapper<Ctx>([{ kind: 'value', name: 'v', value }], value, notAnObject)
    expect(map({}, { seen: [] })).toEqual({ __typename: value, v: value })
  })
})
