import { composeServices } from '@apollo/composition'
import { parse } from 'graphql'
import { describe, expect, it } from 'vitest'
import { canonicalSchema as buildCanonical, ConfigError } from '../../federation/index.js'
import { CANONICAL_SUBGRAPH_URL, canonicalOverrides, composeSupergraph, createSupergraphRuntime, mixSupergraph, schemaForDocument } from '../../federation/supergraph/index.js'
import { MATTER_CATALOGUE_SDL } from '../../sandbox/index.js'

const canonicalSchema = buildCanonical()
const local = { [CANONICAL_SUBGRAPH_URL]: canonicalSchema }
const province = { name: 'province', url: 'http://127.0.0.1:1/graphql', sdl: MATTER_CATALOGUE_SDL }

describe('composeSupergraph', () => {
  it('adds the canonical API as the subgraph `canonical`, with Matter and Region as entities', () => {
    const sdl = composeSupergraph([province])
    expect(sdl).toContain('@join__graph(name: "canonical", url: "tongban://canonical")')
    expect(sdl).toContain('@join__graph(name: "province"')
    expect(sdl).toMatch(/type Matter[^{]*@join__type\(graph: CANONICAL, key: "code"\)/)
  })

  it('lists every composition error, coded CONFIG_INVALID', () => {
    const clash = { name: 'clash', url: 'http://x/graphql', sdl: 'type Person { name: String } type Query { p: Person }' }
    const err = (() => {
      try {
        composeSupergraph([clash], 'clash.graphql')
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).code).toBe('CONFIG_INVALID')
    expect((err as ConfigError).problems[0]!.file).toBe('clash.graphql')
    expect((err as ConfigError).message).toMatch(/Person/)
  })
})

describe('mixSupergraph', () => {
  it('joins a supergraph composed elsewhere with the canonical API', () => {
    // A supergraph of the province alone, as rover would compose it, then mixed.
    const elsewhere = composeServices([{ name: province.name, url: province.url, typeDefs: parse(province.sdl) }]).supergraphSdl!
    expect(elsewhere).not.toContain('tongban://canonical')
    const mixed = mixSupergraph(elsewhere)
    expect(mixed).toContain('@join__graph(name: "canonical", url: "tongban://canonical")')
    expect(mixed).toContain('@join__graph(name: "province"')
    // One that has it already is served as it is.
    expect(mixSupergraph(mixed)).toBe(mixed)
    expect(() => mixSupergraph('type Query { a: Int }', 'plain.graphql')).toThrow(ConfigError)
  })

  it('composes again a supergraph whose shared field is @provides-d elsewhere (extraction drops its @shareable)', () => {
    const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@provides", "@shareable"])\n'
    const elsewhere = composeServices([
      { name: 'accounts', url: 'http://a/graphql', typeDefs: parse(link + 'type User @key(fields: "id") { id: ID! username: String @shareable } type Query { users: [User] }') },
      { name: 'reviews', url: 'http://r/graphql', typeDefs: parse(link + 'type User @key(fields: "id") { id: ID! username: String @external } type Review { author: User @provides(fields: "username") } type Query { reviews: [Review] }') },
    ]).supergraphSdl!
    expect(mixSupergraph(elsewhere)).toContain('name: "canonical"')
  })
})

describe('createSupergraphRuntime', () => {
  // @graphql-tools/federation 4 does not fill @fromContext arguments: refusing beats a silent null.
  it('refuses a supergraph with @fromContext arguments (Federation 2.8), naming each field', () => {
    const sdl = composeSupergraph([{
      name: 'offices',
      url: 'http://127.0.0.1:1/graphql',
      sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.8", import: ["@key", "@context", "@fromContext"])
        type Query { office(id: ID!): Office }
        type Office @key(fields: "id") @context(name: "office") { id: ID! currency: String! windows: [Window!]! }
        type Window @key(fields: "id") { id: ID! fee(currency: String @fromContext(field: "$office { currency }")): String }`,
    }], 'offices')
    let error: unknown
    try {
      createSupergraphRuntime({ supergraphSdl: sdl })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toEqual([expect.objectContaining({ path: 'Window.fee', message: expect.stringMatching(/@fromContext/) })])
  })
})

describe('schemaForDocument', () => {
  const sdl = composeSupergraph([province])
  const runtime = createSupergraphRuntime({ supergraphSdl: sdl, local })
  const choose = schemaForDocument(canonicalSchema, runtime.schema, canonicalOverrides(sdl))

  it('canonical-only documents run on the canonical schema', () => {
    expect(choose(parse('{ matter(code: "x") { name localCodes { code } } regions { code } }'))).toBe(canonicalSchema)
    expect(choose(parse('query ($f: MatterFilter) { matters(filter: $f) { __typename code } }'))).toBe(canonicalSchema)
  })

  it('a province field, a province root field, a province type or introspection runs on the supergraph', () => {
    expect(choose(parse('{ matter(code: "x") { name timeLimitDays } }'))).toBe(runtime.schema)
    expect(choose(parse('{ provinceMatters { code } }'))).toBe(runtime.schema)
    expect(choose(parse('query ($l: HandlingLevel) { provinceMatters(level: $l) { code } }'))).toBe(runtime.schema)
    expect(choose(parse('{ __schema { types { name } } }'))).toBe(runtime.schema)
  })

  it('a canonical field another subgraph overrides runs on the supergraph', () => {
    const over = composeSupergraph([{ name: 'p2', url: 'http://x/graphql', sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@override"]) type Matter @key(fields: "code") { code: String! legalBasis: String @override(from: "canonical") }' }])
    const overridden = canonicalOverrides(over)
    expect([...overridden]).toEqual(['Matter.legalBasis'])
    const rt = createSupergraphRuntime({ supergraphSdl: over, local })
    const pick = schemaForDocument(canonicalSchema, rt.schema, overridden)
    expect(pick(parse('{ matters { legalBasis } }'))).toBe(rt.schema)
    expect(pick(parse('{ matters { name } }'))).toBe(canonicalSchema)
  })
})
