import { getNamedType, getNullableType, isListType } from 'graphql'
import { FederationError } from '../errors.js'
import type { LookupMapping } from '../config/region-config-schema.js'
import type { CallShape, RootCall, RootResult } from '../upstream/root-call.js'
import type { RegionRuntime } from './region-runtime.js'
import type { LocalSelection } from './local-selection.js'

/** A compiled way to fetch local objects by key from one city. */
export interface CompiledLookup {
  readonly rt: RegionRuntime
  /** The root calls that fetch these keys (one for list arguments, one per key otherwise). */
  calls(keys: readonly string[]): RootCall[]
  /** Local objects by key from the calls' results (in the calls' order); missing keys are absent. */
  match(keys: readonly string[], results: readonly RootResult[]): Map<string, unknown>
  /** Local key → the value the city's argument expects; undefined when it cannot be one. */
  coerceKey(key: string): string | number | undefined
}

/**
 * Compiles a lookup (a batch root field, a single-key root field, or federation `_entities`)
 * selecting `selection` on each found object.
 * @throws FederationError CONFIG_INVALID if the local schema lost the field since loading.
 */
export function compileLookupCall(rt: RegionRuntime, lookup: LookupMapping, localType: string, selection: LocalSelection): CompiledLookup {
  selection.addPath(lookup.key)
  const keyOf = (item: unknown) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[lookup.key] : undefined)
  const collect = (items: unknown[], out: Map<string, unknown>) => {
    for (const item of items) {
      const k = keyOf(item)
      if (k !== undefined && k !== null) out.set(String(k), item)
    }
  }
  if (lookup.entities) {
    const printed = `{ ... on ${lookup.entities} ${selection.print()} }`
    const keyType = getNamedType(
      (rt.localSchema.getType(lookup.entities) as import('graphql').GraphQLObjectType).getFields()[lookup.key]!.type,
    ).name
    const coerceKey = keyCoercion(keyType)
    const shape: CallShape = {}
    return {
      rt,
      coerceKey,
      calls: (keys) => [
        {
          field: '_entities',
          args: [{ name: 'representations', type: '[_Any!]!', value: keys.map((k) => ({ __typename: lookup.entities, [lookup.key]: coerceKey(k) })) }],
          selection: printed,
          shape,
        },
      ],
      match(_keys, results) {
        const out = new Map<string, unknown>()
        for (const r of results) if (Array.isArray(r.data)) collect(r.data, out)
        return out
      },
    }
  }
  const field = rt.localSchema.getQueryType()?.getFields()[lookup.field!]
  const arg = field?.args.find((a) => a.name === lookup.arg)
  if (!field || !arg) throw new FederationError('CONFIG_INVALID', `${rt.region.name}: lookup field ${lookup.field}(${lookup.arg}) is missing`)
  const argType = String(arg.type)
  const listArg = isListType(getNullableType(arg.type))
  const coerceKey = keyCoercion(getNamedType(arg.type).name)
  const printed = selection.print()
  const shape: CallShape = {}
  return {
    rt,
    coerceKey,
    calls: (keys) =>
      listArg
        ? [{ field: field.name, args: [{ name: arg.name, type: argType, value: keys.map(coerceKey) }], selection: printed, shape }]
        : keys.map((k) => ({ field: field.name, args: [{ name: arg.name, type: argType, value: coerceKey(k) }], selection: printed })),
    match(_keys, results) {
      const out = new Map<string, unknown>()
      for (const r of results) collect(Array.isArray(r.data) ? r.data : [r.data], out)
      return out
    },
  }
}

function keyCoercion(typeName: string): (key: string) => string | number | undefined {
  if (typeName === 'Int') return (k) => (/^-?\d{1,9}$/.test(k) ? Number(k) : undefined)
  if (typeName === 'Float') return (k) => (/^-?\d+(\.\d+)?$/.test(k) ? Number(k) : undefined)
  return (k) => k
}
