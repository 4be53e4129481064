import { getNamedType, type GraphQLArgument } from 'graphql'
import { normalizeFilterArg, type NormalizedFilterArg } from '../config/normalize.js'
import type { ListOperation } from '../config/region-config-schema.js'
import type { UpstreamGraphQLError } from '../upstream/graphql-response.js'
import type { RootArg, RootCall, RootResult } from '../upstream/root-call.js'
import type { SubSelection } from './canonical-selection.js'
import { compileMapping, type ObjectPlan } from './compile-type.js'
import type { RegionRuntime } from './region-runtime.js'

/** Where a region's page starts: a local cursor (connections) or an offset. */
export type RegionPosition = { cursor: string } | { offset: number } | null

export interface ListPage {
  items: { local: unknown; cursor?: string }[]
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
  const filters = Object.entries(op.filter ?? {}).map(([name, raw]) => [name, normalizeFilterArg(raw)] as const)
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

  return {
    rt,
    item,
    paging,
    calls(filter, position, limit, withCount) {
      const args: Record<string, unknown> = {}
      for (const [name, f] of filters) {
        const value = filter[name]
        if (value === undefined || value === null) continue
        const local = toLocalFilterValue(rt, f, value, field.args)
        if (local === undefined) return 'skip'
        setPath(args, f.arg, local)
      }
      const countArgs = countField ? rootArgs(countField.args, args) : []
      if (paging?.style === 'connection') {
        args[paging.first] = limit
        if (position && 'cursor' in position) args[paging.after] = position.cursor
      } else if (paging) {
        setPath(args, paging.offset, position && 'offset' in position ? position.offset : 0)
        // One more than needed tells whether the city has a next page without a count.
        setPath(args, paging.limit, limit + 1)
      }
      const calls: RootCall[] = [{ field: field.name, args: rootArgs(field.args, args), selection }]
      if (withCount && countField) calls.push({ field: countField.name, args: countArgs, selection: '' })
      return calls
    },
    read(results, limit) {
      const [main, count] = results
      const page: ListPage = { items: [], hasMore: false, itemErrors: [], otherErrors: [] }
      const data = main?.data as Record<string, unknown> | unknown[] | null
      let itemPrefix: (string | number)[] = []
      if (paging?.style === 'connection' && data && !Array.isArray(data)) {
        const edges = Array.isArray(data[paging.edges]) ? (data[paging.edges] as Record<string, unknown>[]) : []
        page.items = edges.map((e) => ({ local: e?.[paging.node], cursor: String(e?.[paging.cursor] ?? '') }))
        page.hasMore = Boolean((data[paging.pageInfo] as Record<string, unknown> | undefined)?.[paging.hasNextPage])
        if (paging.totalCount && typeof data[paging.totalCount] === 'number') page.total = data[paging.totalCount] as number
        itemPrefix = [paging.edges]
      } else if (paging?.style === 'page' && data && !Array.isArray(data)) {
        const items = Array.isArray(data[paging.items]) ? (data[paging.items] as unknown[]) : []
        page.items = items.slice(0, limit).map((local) => ({ local }))
        page.hasMore = items.length > limit
        if (paging.total && typeof data[paging.total] === 'number') page.total = data[paging.total] as number
        itemPrefix = [paging.items]
      } else if (Array.isArray(data)) {
        const items = paging ? data.slice(0, limit) : data
        page.items = items.map((local) => ({ local }))
        page.hasMore = paging ? data.length > limit : false
      }
      if (count && typeof count.data === 'number') page.total = count.data
      for (const error of [...(main?.errors ?? []), ...(count?.errors ?? [])]) {
        const located = locateItem(error.path ?? [], itemPrefix, paging?.style === 'connection' ? paging.node : undefined)
        if (located && located.index < page.items.length) page.itemErrors.push({ ...located, error })
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

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.')
  let node = target
  for (const s of segments.slice(0, -1)) node = (node[s] ??= {}) as Record<string, unknown>
  node[segments[segments.length - 1]!] = value
}

function rootArgs(defs: readonly GraphQLArgument[], values: Record<string, unknown>): RootArg[] {
  return defs.filter((d) => values[d.name] !== undefined).map((d) => ({ name: d.name, type: String(d.type), value: values[d.name] }))
}

/** Canonical filter value → local argument value; undefined when nothing here can match. */
function toLocalFilterValue(rt: RegionRuntime, f: NormalizedFilterArg, value: unknown, args: readonly GraphQLArgument[]): unknown {
  const [head, ...rest] = f.arg.split('.')
  let type = args.find((a) => a.name === head)!.type as import('graphql').GraphQLInputType
  for (const name of rest) type = (getNamedType(type) as import('graphql').GraphQLInputObjectType).getFields()[name]!.type
  const named = getNamedType(type).name
  const isList = String(type).replace(/!$/, '').startsWith('[')
  const coerce = (v: string) => (named === 'Int' || named === 'Float' ? Number(v) : v)
  let locals: string[]
  if (f.enum) locals = [...(rt.enumsReverse.get(f.enum)?.get(String(value)) ?? [])]
  else if (f.convert === 'matter') locals = rt.matterToLocal.has(String(value)) ? [rt.matterToLocal.get(String(value))!] : []
  else if (f.convert === 'id') {
    const s = String(value)
    const prefix = `${rt.region.code}:`
    locals = s.startsWith(prefix) ? [s.slice(prefix.length)] : []
  } else locals = [String(value)]
  if (locals.length === 0) return undefined
  return isList ? locals.map(coerce) : coerce(locals[0]!)
}
