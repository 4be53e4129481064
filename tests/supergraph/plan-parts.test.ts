/**
 * The plan executor's parts, one by one: finding entities at a plan path, their
 * representations, the planner's rewrites, merging answers, and shaping the client's answer
 * (aliases, fragments, @skip/@include, null propagation, leaf serialization).
 */
import { buildSchema, getOperationAST, GraphQLError, Kind, parse, type FragmentDefinitionNode } from 'graphql'
import { describe, expect, it } from 'vitest'
import { applyRewrites, mergeInto, objectsAt, representationOf, type TypeMatch } from '../../federation/supergraph/plan/entities.js'
import { shapeResponse } from '../../federation/supergraph/plan/shape-response.js'
import { applyHeapPolicy } from '../../gateway/cli/heap-policy.js'

const matches: TypeMatch = (typename, condition) => typename === condition || (condition === 'Media' && (typename === 'Book' || typename === 'Film'))

describe('objectsAt', () => {
  const data = {
    users: [
      { id: 'u1', reviews: [{ product: { upc: 'p1' } }, { product: null }] },
      null,
      { id: 'u3', reviews: [{ product: { upc: 'p2' } }] },
    ],
    shelf: [[{ __typename: 'Book', id: 'b1' }], [{ __typename: 'Film', id: 'f1' }, { __typename: 'Toy', id: 't1' }]],
  }

  it('walks lists at `@`, skips nulls, and gives each object its response path', () => {
    const paths: (string | number)[][] = []
    const found = objectsAt(data, ['users', '@', 'reviews', '@', 'product'], matches, paths)
    expect(found).toEqual([{ upc: 'p1' }, { upc: 'p2' }])
    expect(paths).toEqual([
      ['users', 0, 'reviews', 0, 'product'],
      ['users', 2, 'reviews', 0, 'product'],
    ])
  })

  it('walks nested lists, and a type-conditioned step keeps only matching objects', () => {
    expect(objectsAt(data, ['shelf', '@'], matches).map((o) => o.id)).toEqual(['b1', 'f1', 't1'])
    expect(objectsAt(data, ['shelf', '@', '... on Media'], matches).map((o) => o.id)).toEqual(['b1', 'f1'])
  })

  it('finds nothing where the path leads to a scalar or a missing field', () => {
    expect(objectsAt(data, ['users', '@', 'id'], matches)).toEqual([])
    expect(objectsAt(data, ['nothing', '@'], matches)).toEqual([])
  })
})

describe('representationOf', () => {
  const requires = [{ kind: 'InlineFragment' as const, typeCondition: 'Product', selections: [{ kind: 'Field' as const, name: '__typename' }, { kind: 'Field' as const, name: 'upc' }, { kind: 'Field' as const, name: 'dims', selections: [{ kind: 'Field' as const, name: 'w' }] }] }]

  it('selects the key and nested @requires fields, dropping everything else', () => {
    expect(representationOf({ __typename: 'Product', upc: 'p1', name: 'x', dims: { w: 2, h: 3 } }, requires, matches)).toEqual({ __typename: 'Product', upc: 'p1', dims: { w: 2 } })
  })

  it('is undefined for an object of another type, or one lacking a key field (a null key)', () => {
    expect(representationOf({ __typename: 'User', upc: 'p1', dims: null }, requires, matches)).toBeUndefined()
    expect(representationOf({ __typename: 'Product', dims: null }, requires, matches)).toBeUndefined()
  })

  it('keeps a null @requires value as null', () => {
    expect(representationOf({ __typename: 'Product', upc: 'p1', dims: null }, requires, matches)).toEqual({ __typename: 'Product', upc: 'p1', dims: null })
  })
})

describe('applyRewrites and mergeInto', () => {
  it('sets a value under a type condition (an @interfaceObject typename) and renames an aliased key', () => {
    const rep = { __typename: 'Book', id: 'b1' }
    applyRewrites([{ kind: 'ValueSetter', path: ['... on Book', '__typename'], setValueTo: 'Media' }], rep, matches)
    expect(rep).toEqual({ __typename: 'Media', id: 'b1' })
    const film = { __typename: 'Film', id: 'f1' }
    applyRewrites([{ kind: 'ValueSetter', path: ['... on Book', '__typename'], setValueTo: 'Media' }], film, matches)
    expect(film.__typename).toBe('Film')
    const answer: Record<string, unknown> = { __typename: 'Book', title__alias_0: 'x' }
    applyRewrites([{ kind: 'KeyRenamer', path: ['... on Book', 'title__alias_0'], renameKeyTo: 'title' }], answer, matches)
    expect(answer).toEqual({ __typename: 'Book', title: 'x' })
  })

  it('merges objects by key and lists by index, without losing what was there', () => {
    const target = { a: 1, u: { id: 'u1', reviews: [{ id: 'r1' }, { id: 'r2' }] } }
    mergeInto(target, { u: { name: 'n', reviews: [{ body: 'b1' }, { body: 'b2' }] }, b: null })
    expect(target).toEqual({ a: 1, b: null, u: { id: 'u1', name: 'n', reviews: [{ id: 'r1', body: 'b1' }, { id: 'r2', body: 'b2' }] } })
  })
})

describe('shapeResponse', () => {
  const schema = buildSchema(`
    enum Rating { GOOD BAD }
    interface Media { id: ID! }
    type Book implements Media { id: ID! title: String! pages: Int }
    type Film implements Media { id: ID! minutes: Int }
    type Review { id: ID! rating: Rating body: String! }
    type Query { media: [Media] reviews: [Review!] review: Review count: Int }
  `)
  const shape = (query: string, data: Record<string, unknown>, variables: Record<string, unknown> = {}, errors: GraphQLError[] = []) => {
    const document = parse(query)
    const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]))
    const result = shapeResponse({ schema, operation: getOperationAST(document)!, fragments, variables, collections: new WeakMap() }, data, errors)
    return { result, errors }
  }

  it('keeps only what was asked, under aliases and in document order, with fragments by __typename', () => {
    const { result, errors } = shape(`{ media { __typename ... on Book { t: title } ...F } count }  fragment F on Film { minutes id }`, {
      count: 2,
      media: [
        { __typename: 'Book', id: 'b1', t: 'T', pages: 3 },
        { __typename: 'Film', id: 'f1', minutes: 90 },
      ],
    })
    expect(errors).toEqual([])
    expect(JSON.stringify(result)).toBe('{"media":[{"__typename":"Book","t":"T"},{"__typename":"Film","minutes":90,"id":"f1"}],"count":2}')
  })

  it('applies @skip and @include with variables', () => {
    const { result } = shape(`query($a: Boolean!) { review { id @skip(if: $a) body @include(if: $a) } }`, { review: { id: 'r1', body: 'b' } }, { a: true })
    expect(result).toEqual({ review: { body: 'b' } })
  })

  it('a null in a non-null field nulls the nearest nullable parent, with one error at the field', () => {
    const { result, errors } = shape(`{ review { id body } reviews { id body } count }`, { review: { id: 'r1', body: null }, reviews: [{ id: 'r2', body: 'x' }, { id: 'r3' }], count: 1 })
    expect(result).toEqual({ review: null, reviews: null, count: 1 })
    expect(errors.map((e) => e.path)).toEqual([
      ['review', 'body'],
      ['reviews', 1, 'body'],
    ])
    expect(errors[0]!.message).toBe('Cannot return null for non-nullable field Review.body.')
  })

  it('adds no error where a subgraph error already explains the null', () => {
    const { errors } = shape(`{ review { id body } }`, { review: { id: 'r1', body: null } }, {}, [new GraphQLError('subgraph failed', { path: ['review', 'body'] })])
    expect(errors.map((e) => e.message)).toEqual(['subgraph failed'])
  })

  it('serializes leaves: an enum value the API does not have, or a wrong scalar, is a null with an error', () => {
    const { result, errors } = shape(`{ media { id ... on Book { pages } } review { rating id } }`, { media: [{ __typename: 'Book', id: 'b', pages: 'many' }], review: { rating: 'SECRET', id: 'r' } })
    expect(result).toEqual({ media: [{ id: 'b', pages: null }], review: { rating: null, id: 'r' } })
    expect(errors.map((e) => e.path)).toEqual([
      ['media', 0, 'pages'],
      ['review', 'rating'],
    ])
  })

  it('an object whose __typename is not a type of the abstract field is a null with an error', () => {
    const { result, errors } = shape(`{ media { id } }`, { media: [{ __typename: 'Review', id: 'x' }, { __typename: 'Film', id: 'f' }] })
    expect(result).toEqual({ media: [null, { id: 'f' }] })
    expect(errors[0]!.path).toEqual(['media', 0])
  })
})

describe('applyHeapPolicy', () => {
  it('grows the heap at most twofold by default, takes a percentage, and 0 leaves V8 its own', () => {
    expect(applyHeapPolicy({}).growingPercent).toBe(100)
    expect(applyHeapPolicy({ TONGBAN_HEAP_GROWING_PERCENT: '50' }).growingPercent).toBe(50)
    expect(applyHeapPolicy({ TONGBAN_HEAP_GROWING_PERCENT: '0' }).growingPercent).toBeUndefined()
  })

  it('turns allocation-site pretenuring off unless TONGBAN_PRETENURING=v8', () => {
    expect(applyHeapPolicy({}).pretenuring).toBe(false)
    expect(applyHeapPolicy({ TONGBAN_PRETENURING: 'off' }).pretenuring).toBe(false)
    expect(applyHeapPolicy({ TONGBAN_PRETENURING: 'v8' }).pretenuring).toBe(true)
    expect(() => applyHeapPolicy({ TONGBAN_PRETENURING: 'no' })).toThrow(/TONGBAN_PRETENURING must be "off"/)
  })

  it('refuses a value that is not a whole percentage', () => {
    expect(() => applyHeapPolicy({ TONGBAN_HEAP_GROWING_PERCENT: 'lots' })).toThrow(/TONGBAN_HEAP_GROWING_PERCENT/)
    expect(() => applyHeapPolicy({ TONGBAN_HEAP_GROWING_PERCENT: '-5' })).toThrow(/whole number/)
  })
})
