import { getNamedType, type GraphQLArgument, type GraphQLInputObjectType, type GraphQLInputType } from 'graphql'
import { normalizeFilterArg, type NormalizedFilterArg } from '../config/normalize.js'
import type { ListOperation } from '../config/region-config-schema.js'
import type { UpstreamGraphQLError } from '../upstream/graphql-response.js'
import type { CallShape, RootArg, RootCall, RootResult } from '../upstream/root-call.js'
import type { SubSelection } from './canonical-selection.js'
import { compileMapping, type ObjectPlan } from './compile-type.js'
import type { RegionRuntime } from './region-runtime.js'

/** Where a region's page starts: a local cursor (connections) or an offset. */
export type RegionPosition = { cursor: string } | { offset: number } | null

export interface ListPage {
  /** The region's local objects, in its order. */
  locals: unknown[]
  /** Connections only: each local object's cursor, index-aligned with `locals`. */
  cursors?: string[]
  /** The region has items beyond the ones returned. */
  hasMore: boolean
  total?: number
  /** Errors located at an item (index into items) with the path below it, or unlocated. */
  itemErrors: { index: number; path: (string | number)[]; error: UpstreamGraphQLError }[]
  otherErrors: UpstreamGraphQLError[]
}

export interface CompiledList {
  readonly rt: RegionRuntime
  readonly item: ObjectPlan
  readonly paging: ListOperation['paging']
  /**
   * The root calls for one page, or 'skip' when the filter cannot match anything here (a
   * matter this city does not handle). Canonical filter values must already be validated.
   */
  calls(filter: Record<string, unknown>, position: RegionPosition, limit: number, withCount: boolean): RootCall[] | 'skip'
  read(results: readonly RootResult[], limit: number): ListPage
}

/** Compiles a list operation (`cases`, `certificates`) of one region for one selection. */
export function compileList(rt: RegionRuntime, op: ListOperation, sub: SubSelection | undefined): CompiledList {
  const item = compileMapping(rt, op.type, sub)
  const field = rt.localSchema.getQueryType()!.getFields()[op.list.field]!
  const paging = op.paging
  // What does not depend on the request is worked out here, once per plan.
  const filters = Object.entries(op.filter ?? {}).map(([name, raw]) => {
    const f = normalizeFilterArg(raw)
    return { name, path: f.arg.split('.'), toLocal: compileFilterValue(rt, f, field.args) }
  })
  const argDefs = field.args.map((d) => ({ name: d.name, type: String(d.type) }))
  const offsetPath = paging && paging.style !== 'connection' ? paging.offset.split('.') : []
  const limitPath = paging && paging.style !== 'connection' ? paging.limit.split('.') : []
  /** Call shapes by the set of arguments present (a bit per argument of the field). */
  const shapes = new Map<number, CallShape>()
  const itemSel = item.selection.print()
  let selection: string
  if (paging?.style === 'connection') {
    selection = `{ ${paging.edges} { ${paging.cursor} ${paging.node} ${itemSel} } ${paging.pageInfo} { ${paging.hasNextPage} }${paging.totalCount ? ` ${paging.totalCount}` : ''} }`
  } else if (paging?.style === 'page') {
    selection = `{ ${paging.items} ${itemSel}${paging.total ? ` ${paging.total}` : ''} }`
  } else {
    selection = itemSel
  }
  const countField = paging?.style === 'offset' && paging.countField ? rt.localSchema.getQueryType()!.getFields()[paging.countField] : undefined
  const countDefs = countField ? countField.args.map((d) => ({ name: d.name, type: String(d.type) })) : []
  // The same arguments present means the same printed document: rootArgs keeps the field's
  // argument order, so the set of names (one bit each) identifies the shape.
  const bitOf = new Map(argDefs.map((d, i) => [d.name, 2 ** i]))
  const shapeOf = (args: readonly RootArg[]): CallShape | undefined => {
    let key = 0
    for (const a of args) key += bitOf.get(a.name)!
    let shape = shapes.get(key)
    if (!shape) shapes.set(key, (shape = {}))
    return shape
  }

  return {
    rt,
    item,
    paging,
    calls(filter, position, limit, withCount) {
      const args: Record<string, unknown> = {}
      for (const { name, path, toLocal } of filters) {
        const value = filter[name]
        if (value === undefined || value === null) continue
        const local = toLocal(value)
        if (local === undefined) return 'skip'
        setPath(args, path, local)
      }
      const countArgs = countField ? rootArgs(countDefs, args) : []
      if (paging?.style === 'connection') {
        args[paging.first] = limit
        if (position && 'cursor' in position) args[paging.after] = position.cursor
      } else if (paging) {
        setPath(args, offsetPath, position && 'offset' in position ? position.offset : 0)
        // One more than needed tells whether the city has a next page without a count.
        setPath(args, limitPath, limit + 1)
      }
      const main = rootArgs(argDefs, args)
      const calls: RootCall[] = [{ field: field.name, args: main, selection, shape: shapeOf(main) }]
      if (withCount && countField) calls.push({ field: countField.name, args: countArgs, selection: '' })
      return calls
    },
    read(results, limit) {
      const [main, count] = results
      const page: ListPage = { locals: [], hasMore: false, itemErrors: [], otherErrors: [] }
      const data = main?.data as Record<string, unknown> | unknown[] | null
      let itemPrefix: (string | number)[] = []
      if (paging?.style === 'connection' && data && !Array.isArray(data)) {
        const edges = Array.isArray(data[paging.edges]) ? (data[paging.edges] as Record<string, unknown>[]) : []
        const cursors: string[] = []
        for (const e of edges) {
          page.locals.push(e?.[paging.node])
          cursors.push(String(e?.[paging.cursor] ?? ''))
        }
        page.cursors = cursors
        page.hasMore = Boolean((data[paging.pageInfo] as Record<string, unknown> | undefined)?.[paging.hasNextPage])
        if (paging.totalCount && typeof data[paging.totalCount] === 'number') page.total = data[paging.totalCount] as number
        itemPrefix = [paging.edges]
      } else if (paging?.style === 'page' && data && !Array.isArray(data)) {
        const items = Array.isArray(data[paging.items]) ? (data[paging.items] as unknown[]) : []
        page.locals = items.slice(0, limit)
        page.hasMore = items.length > limit
        if (paging.total && typeof data[paging.total] === 'number') page.total = data[paging.total] as number
        itemPrefix = [paging.items]
      } else if (Array.isArray(data)) {
        page.locals = paging ? data.slice(0, limit) : data
        page.hasMore = paging ? data.length > limit : false
      }
      if (count && typeof count.data === 'number') page.total = count.data
      for (const error of [...(main?.errors ?? []), ...(count?.errors ?? [])]) {
        const located = locateItem(error.path ?? [], itemPrefix, paging?.style === 'connection' ? paging.node : undefined)
        if (located && located.index < page.locals.length) page.itemErrors.push({ ...located, error })
        else page.otherErrors.push(error)
      }
      return page
    },
  }
}

function locateItem(path: readonly (string | number)[], prefix: readonly (string | number)[], node: string | undefined) {
  if (!prefix.every((p, i) => path[i] === p)) return undefined
  const index = path[prefix.length]
  if (typeof index !== 'number') return undefined
  let rest = path.slice(prefix.length + 1)
  if (node !== undefined) {
    if (rest[0] !== node) return undefined
    rest = rest.slice(1)
  }
  return { index, path: rest }
}

function setPath(target: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let node = target
  for (let i = 0; i < segments.length - 1; i++) node = (node[segments[i]!] ??= {}) as Record<string, unknown>
  node[segments[segments.length - 1]!] = value
}

function rootArgs(defs: readonly { name: string; type: string }[], values: Record<string, unknown>): RootArg[] {
  const out: RootArg[] = []
  for (const d of defs) if (values[d.name] !== undefined) out.push({ name: d.name, type: d.type, value: values[d.name] })
  return out
}

/**
 * Compiles how a canonical filter value becomes the local argument value: undefined when
 * nothing here can match (a matter this city does not handle, another region's id).
 */
function compileFilterValue(rt: RegionRuntime, f: NormalizedFilterArg, args: readonly GraphQLArgument[]): (value: unknown) => unknown {
  const [head, ...rest] = f.arg.split('.')
  let type = args.find((a) => a.name === head)!.type as GraphQLInputType
  for (const name of rest) type = (getNamedType(type) as GraphQLInputObjectType).getFields()[name]!.type
  const named = getNamedType(type).name
  const isList = String(type).replace(/!$/, '').startsWith('[')
  const coerce = (v: string) => (named === 'Int' || named === 'Float' ? Number(v) : v)
  const prefix = `${rt.region.code}:`
  const localValues = (value: unknown): readonly string[] => {
    if (f.enum) return rt.enumsReverse.get(f.enum)?.get(String(value)) ?? []
    if (f.convert === 'matter') return rt.matterToLocal.has(String(value)) ? [rt.matterToLocal.get(String(value))!] : []
    if (f.convert === 'id') {
      const s = String(value)
      return s.startsWith(prefix) ? [s.slice(prefix.length)] : []
    }
    return [String(value)]
  }
  return (value) => {
    const locals = localValues(value)
    if (locals.length === 0) return undefined
    return isList ? locals.map(coerce) : coerce(locals[0]!)
  }
}
