import { getNamedType, getNullableType, isInputObjectType, isListType, type GraphQLArgument, type GraphQLInputType } from 'graphql'
import { FederationError } from '../errors.js'
import type { ArgValueMapping, MutationMapping } from '../config/region-config-schema.js'
import type { RegionRuntime } from '../translate/region-runtime.js'
import { toLocalDateTime } from '../translate/time-formats.js'
import { payloadPathReader, type DeliveryPayload } from './delivery-payload.js'

/** A compiled local mutation: the document, and how to fill its variables from a payload. */
export interface DeliveryCall {
  readonly query: string
  /** Most cases one request may carry (the mapping's `batch`, default 16). */
  readonly maxBatch: number
  variables(payload: DeliveryPayload): Record<string, unknown>
  /**
   * The same mutation for `n` cases in one request: the fields `r0`…`r{n-1}`, each with its own
   * variables (`$name_i`). `batchVariables` renames each case's variables to match.
   */
  batchQuery(n: number): string
  batchVariables(each: readonly Record<string, unknown>[]): Record<string, unknown>
  /** The city's case number and duplicate flag from the mutation's answer. */
  read(data: Record<string, unknown> | null): { localId: string | null; duplicate: boolean; found: boolean }
}

type Build = (source: unknown) => unknown

/**
 * Cases per request when the mapping does not say. A city runs the aliased mutations of one
 * request one after the other (GraphQL executes mutation fields serially), so this bounds the
 * work one request asks of it; a request is one round trip and one parse instead of sixteen.
 */
const DEFAULT_BATCH = 16

/**
 * Compiles a region's `deliver` or `withdraw` mapping. Values go through reverse conversions:
 * catalogue matter code → local code, canonical enum → local value, ISO time → local format,
 * region-qualified id → this city's id (ids of other regions become null).
 * @throws FederationError UPSTREAM_BAD_RESPONSE-free: only CONFIG_INVALID when the local
 *   schema no longer has the mutation (the loader checked it).
 */
export function compileDelivery(rt: RegionRuntime, m: MutationMapping): DeliveryCall {
  const field = rt.localSchema.getMutationType()?.getFields()[m.mutation]
  if (!field) throw new FederationError('CONFIG_INVALID', `${rt.region.name} has no mutation ${m.mutation}`)
  const setters = Object.entries(m.args).map(([path, raw]) => {
    const type = argType(field.args, path)
    const steps = path.split('.')
    return { path: steps, parents: steps.slice(0, -1), leaf: steps[steps.length - 1]!, build: compileValue(rt, raw, type) }
  })
  const used = [...new Set(setters.map((s) => s.path[0]!))]
  const types = used.map((name) => [name, String(field.args.find((a) => a.name === name)!.type)] as const)
  const result = [m.result?.localId, m.result?.duplicate].filter(Boolean).join(' ')
  const selection = 'getFields' in getNamedType(field.type) ? ` { ${result || '__typename'} }` : ''
  /** One case's field (`alias`) and its variable definitions, its variables named with `suffix`. */
  const part = (alias: string, suffix: string) => ({
    defs: types.map(([name, type]) => `$${name}${suffix}: ${type}`),
    field: `${alias}: ${m.mutation}(${types.map(([name]) => `${name}: $${name}${suffix}`).join(', ')})${selection}`,
  })
  const document = (parts: readonly ReturnType<typeof part>[]) =>
    `mutation TongbanDelivery(${parts.flatMap((p) => p.defs).join(', ')}) { ${parts.map((p) => p.field).join(' ')} }`
  const batchQueries = new Map<number, string>()
  return {
    query: document([part('r', '')]),
    maxBatch: m.batch ?? DEFAULT_BATCH,
    batchQuery(n) {
      let text = batchQueries.get(n)
      if (text === undefined) batchQueries.set(n, (text = document(Array.from({ length: n }, (_, i) => part(`r${i}`, `_${i}`)))))
      return text
    },
    batchVariables(each) {
      const vars: Record<string, unknown> = {}
      each.forEach((v, i) => {
        for (const name of used) if (v[name] !== undefined) vars[`${name}_${i}`] = v[name]
      })
      return vars
    },
    variables(payload) {
      const vars: Record<string, unknown> = {}
      for (const s of setters) {
        const value = s.build(payload)
        if (value === undefined) continue
        let node = vars
        for (const k of s.parents) node = (node[k] ??= {}) as Record<string, unknown>
        node[s.leaf] = value
      }
      return vars
    },
    read(data) {
      const r = data?.r as Record<string, unknown> | null | undefined
      return {
        found: r !== null && r !== undefined,
        localId: r && m.result?.localId ? (r[m.result.localId] as string | null) ?? null : null,
        duplicate: Boolean(r && m.result?.duplicate && r[m.result.duplicate]),
      }
    },
  }
}

function argType(args: readonly GraphQLArgument[], path: string): GraphQLInputType {
  const [head, ...rest] = path.split('.')
  let type = args.find((a) => a.name === head)!.type
  for (const name of rest) type = (getNamedType(type) as import('graphql').GraphQLInputObjectType).getFields()[name]!.type
  return type
}

/** Coerces a string to the local scalar the city expects (Int/Float arguments); decided once per argument. */
function coercion(type: GraphQLInputType): (v: unknown) => unknown {
  const named = getNamedType(type).name
  if (named !== 'Int' && named !== 'Float') return (v) => v
  return (v) => (typeof v === 'string' && v !== '' ? Number(v) : v)
}

function compileValue(rt: RegionRuntime, raw: ArgValueMapping, type: GraphQLInputType): Build {
  const v = typeof raw === 'string' ? { from: raw } : raw
  if (v.const !== undefined) return () => v.const
  if (v.each) {
    const item = getNamedType(type)
    if (!isInputObjectType(item) || !isListType(getNullableType(type))) throw new FederationError('CONFIG_INVALID', `each needs a list of input objects`)
    const fields = Object.entries(v.fields ?? {}).map(([name, f]) => [name, compileValue(rt, f as ArgValueMapping, item.getFields()[name]!.type)] as const)
    const list = payloadPathReader(v.each)
    return (source) => {
      const items = list(source)
      if (!Array.isArray(items)) return []
      return items.map((it) => {
        const out: Record<string, unknown> = {}
        for (const [name, build] of fields) {
          const x = build(it)
          if (x !== undefined) out[name] = x
        }
        return out
      })
    }
  }
  const read = payloadPathReader(v.from!)
  const convert = reverseConverter(rt, v)
  const coerce = coercion(type)
  return (source) => {
    const value = read(source)
    return value === null ? null : coerce(convert(value))
  }
}

function reverseConverter(rt: RegionRuntime, v: Exclude<ArgValueMapping, string>): (value: unknown) => unknown {
  const refuse = (what: string): never => {
    throw new FederationError('INVALID_ARGUMENT', `${rt.region.name} cannot take ${what}`, { details: { region: rt.region.code } })
  }
  if (v.convert === 'matter') return (x) => rt.matterToLocal.get(String(x)) ?? refuse(`matter ${String(x)} (not in its matter codes)`)
  if (v.convert === 'localId') {
    const prefix = `${rt.region.code}:`
    return (x) => (typeof x === 'string' && x.startsWith(prefix) ? x.slice(prefix.length) : null)
  }
  if (v.enum) {
    const reverse = rt.enumsReverse.get(v.enum)!
    // Several local values may share one canonical value; the first listed is the one to send.
    return (x) => reverse.get(String(x))?.[0] ?? refuse(`${String(x)} (no local value in enum table ${v.enum})`)
  }
  if (v.format) {
    const format = v.format
    return (x) => toLocalDateTime(format, String(x)) ?? refuse(`time ${String(x)}`)
  }
  return (x) => x
}
