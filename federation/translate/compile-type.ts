import { getNamedType, getNullableType, isListType, isUnionType, type GraphQLObjectType } from 'graphql'
import { normalizeField, type NormalizedField } from '../config/normalize.js'
import type { TypeMapping } from '../config/region-config-schema.js'
import { fieldsFor, type ObjectSelection, type SubSelection } from './canonical-selection.js'
import { LocalSelection } from './local-selection.js'
import { compileLookupCall, type CompiledLookup } from './lookup-call.js'
import type { RegionRuntime } from './region-runtime.js'
import { generateObjectMapper, type FieldStep } from './generate-mapper.js'
import { badValue, converterFor, type Converter } from './value-converters.js'

type LocalObject = Record<string, unknown>
type CanonicalObject = Record<string, unknown>

/** A value to fetch separately (a join) once the main answer is mapped. */
export interface PendingJoin {
  readonly target: CanonicalObject
  readonly field: string
  readonly key: unknown
  readonly variant: JoinVariant
}

export interface JoinVariant {
  readonly mapping: string
  readonly lookup: CompiledLookup
  readonly plan: ObjectPlan
}

export interface MapContext {
  joins: PendingJoin[]
}

/** How to select one local object and turn it into a canonical one. */
export interface ObjectPlan {
  readonly selection: LocalSelection
  /** Local object → canonical object (with `__typename` for union members), or an Error. */
  map(local: unknown, ctx: MapContext): unknown
  /**
   * The canonical path (field names and list indices) that a local error path below this
   * object corresponds to, or undefined when no requested field reads from it.
   */
  locate(localPath: readonly (string | number)[]): (string | number)[] | undefined
}

/** What a canonical field reads, kept to map error paths back. */
interface FieldSource {
  name: string
  from: string
  child?: ObjectPlan
  list: boolean
}

function locateIn(sources: readonly FieldSource[], path: readonly (string | number)[]): (string | number)[] | undefined {
  if (path.length === 0) return []
  for (const f of sources) {
    if (f.from === '.') {
      const inner = f.child?.locate(path)
      if (inner) return [f.name, ...inner]
      continue
    }
    const segments = f.from.split('.')
    if (!segments.every((s, i) => path[i] === s)) continue
    const rest = path.slice(segments.length)
    if (!f.child) return [f.name]
    if (f.list && typeof rest[0] === 'number') return [f.name, rest[0], ...(f.child.locate(rest.slice(1)) ?? [])]
    return [f.name, ...(f.child.locate(rest) ?? [])]
  }
  return undefined
}

type Reader = (local: LocalObject, ctx: MapContext, out: CanonicalObject) => unknown
type Step = FieldStep<MapContext>

/** The segments of a local path (`a.b` → [a, b]); `.` is the local object itself. */
function segmentsOf(path: string): string[] {
  return path === '.' ? [] : path.split('.')
}

function getter(path: string): (o: LocalObject) => unknown {
  const segments = segmentsOf(path)
  if (segments.length === 0) return (o) => o
  if (segments.length === 1) {
    const name = segments[0]!
    return (o) => o[name]
  }
  return (o) => {
    let v: unknown = o
    for (const s of segments) {
      if (v === null || v === undefined) return null
      v = (v as LocalObject)[s]
    }
    return v
  }
}

const isObject = (v: unknown): v is LocalObject => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Compiles a type mapping and the canonical fields requested of it into a plan: the local
 * selection to send and a generated function that maps the answer (see generate-mapper.ts),
 * built once per operation document.
 */
export function compileMapping(rt: RegionRuntime, mappingName: string, sub: SubSelection | undefined): ObjectPlan {
  const mapping = rt.types[mappingName]!
  const canonicalName = mapping.canonical ?? mappingName
  const canonicalType = rt.canonicalSchema.getType(canonicalName)
  if (isUnionType(canonicalType)) return compileUnion(rt, mapping, sub)
  return compileObject(rt, mapping, canonicalType as GraphQLObjectType, fieldsFor(sub, canonicalName), false)
}

function compileObject(
  rt: RegionRuntime,
  mapping: TypeMapping,
  canonicalType: GraphQLObjectType,
  requested: ObjectSelection,
  tagged: boolean,
): ObjectPlan {
  const selection = new LocalSelection()
  const steps: Step[] = []
  const sources: FieldSource[] = []
  const canonicalFields = canonicalType.getFields()
  for (const [name, sub] of requested) {
    const raw = mapping.fields?.[name]
    const def = canonicalFields[name]
    if (raw === undefined || !def) continue // unmapped nullable field: graphql-js answers null
    const field = normalizeField(raw)
    const list = isListType(getNullableType(def.type))
    steps.push(compileField(rt, field, getNamedType(def.type).name, list, sub, selection, name, sources))
  }
  const typename = canonicalType.name
  return {
    selection,
    map: generateObjectMapper<MapContext>(steps, tagged ? typename : undefined, (local) => badValue(rt, `${typename} object`, local)),
    locate: (path) => locateIn(sources, path),
  }
}

function compileField(
  rt: RegionRuntime,
  field: NormalizedField,
  canonicalType: string,
  list: boolean,
  sub: SubSelection | undefined,
  selection: LocalSelection,
  name: string,
  sources: FieldSource[],
): Step {
  if (field.kind === 'const') {
    return { kind: 'value', name, value: field.value === '$region' ? rt.region : field.value }
  }
  if (field.kind === 'join') {
    sources.push({ name, from: field.key, list: false })
    return { kind: 'call', name, read: compileJoin(rt, field, sub, selection, name) }
  }
  const path = segmentsOf(field.from)
  if (field.type) {
    const child = compileMapping(rt, field.type, sub)
    sources.push({ name, from: field.from, child, list })
    if (field.from === '.') selection.merge(child.selection)
    else selection.addPath(field.from, true)!.merge(child.selection)
    if (!list) return { kind: 'read', name, path, child }
    const get = getter(field.from)
    return {
      kind: 'call',
      name,
      read: (local, ctx) => {
        const v = get(local)
        if (v === null || v === undefined) return null
        if (!Array.isArray(v)) return badValue(rt, 'list', v)
        return v.map((item) => (item === null || item === undefined ? null : child.map(item, ctx)))
      },
    }
  }
  selection.addPath(field.from)
  sources.push({ name, from: field.from, list })
  const convert: Converter | undefined = converterFor(rt, field, canonicalType)
  if (!convert) return { kind: 'read', name, path }
  if (!list) return { kind: 'read', name, path, convert }
  const get = getter(field.from)
  return {
    kind: 'call',
    name,
    read: (local) => {
      const v = get(local)
      if (v === null || v === undefined) return null
      return Array.isArray(v) ? v.map((x) => (x === null || x === undefined ? null : convert(x))) : badValue(rt, 'list', v)
    },
  }
}

function compileUnion(rt: RegionRuntime, mapping: TypeMapping, sub: SubSelection | undefined): ObjectPlan {
  const d = mapping.discriminator!
  const selection = new LocalSelection()
  const variants = new Map<string, ObjectPlan>()
  for (const [value, target] of Object.entries(d.values)) {
    const variant = rt.types[target]!
    const canonical = rt.canonicalSchema.getType(variant.canonical ?? target) as GraphQLObjectType
    const plan = compileObject(rt, variant, canonical, fieldsFor(sub, canonical.name), true)
    variants.set(value, plan)
    // Variants of an interface or union are fragments; variants read off one flat object merge.
    if (d.from === '__typename') selection.fragment(variant.local).merge(plan.selection)
    else selection.merge(plan.selection)
  }
  selection.addPath(d.from)
  const get = getter(d.from)
  return {
    selection,
    map(local, ctx) {
      if (!isObject(local)) return badValue(rt, 'object', local)
      const plan = variants.get(String(get(local)))
      return plan ? plan.map(local, ctx) : badValue(rt, `${mapping.local} kind (${d.from})`, get(local))
    },
    locate(path) {
      for (const plan of variants.values()) {
        const found = plan.locate(path)
        if (found) return found
      }
      return undefined
    },
  }
}

function compileJoin(
  rt: RegionRuntime,
  field: Extract<NormalizedField, { kind: 'join' }>,
  sub: SubSelection | undefined,
  selection: LocalSelection,
  name: string,
): Reader {
  const variantOf = (mappingName: string, tagged: boolean): JoinVariant => {
    const mapping = rt.types[mappingName]!
    const canonical = rt.canonicalSchema.getType(mapping.canonical ?? mappingName) as GraphQLObjectType
    const plan = compileObject(rt, mapping, canonical, fieldsFor(sub, canonical.name), tagged)
    return { mapping: mappingName, lookup: compileLookupCall(rt, mapping.lookup!, mapping.local, plan.selection), plan }
  }
  const getKey = getter(field.key)
  selection.addPath(field.key)
  if (field.type) {
    const variant = variantOf(field.type, false)
    return (local, ctx, out) => {
      const key = getKey(local)
      if (key === null || key === undefined) return null
      ctx.joins.push({ target: out, field: name, key, variant })
      return null
    }
  }
  const d = field.discriminator!
  selection.addPath(d.from)
  const getKind = getter(d.from)
  const variants = new Map(Object.entries(d.values).map(([value, target]) => [value, variantOf(target, true)]))
  return (local, ctx, out) => {
    const key = getKey(local)
    if (key === null || key === undefined) return null
    const variant = variants.get(String(getKind(local)))
    if (!variant) return badValue(rt, `kind (${d.from})`, getKind(local))
    ctx.joins.push({ target: out, field: name, key, variant })
    return null
  }
}

