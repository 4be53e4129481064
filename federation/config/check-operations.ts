import { getNamedType, getNullableType, isEnumType, isListType, isObjectType, type GraphQLNamedType } from 'graphql'
import { checkEnumTable, checkLookup, canonicalOf, type CheckContext } from './check-region.js'
import { fieldsOf, isListOutput, localTypeAccepts, resolveArgPath } from './local-types.js'
import { normalizeFilterArg } from './normalize.js'
import type { ListOperation, LookupOperation, PagingMapping } from './region-config-schema.js'

/** Canonical root fields a region may serve, and the canonical type each returns. */
const ROOT_TYPES = { case: 'Case', cases: 'Case', certificate: 'Certificate', certificates: 'Certificate' } as const

/** Canonical filter names per list operation, with their canonical input type names. */
export function canonicalFilters(ctx: Pick<CheckContext, 'canonical'>, op: 'cases' | 'certificates'): Record<string, string> {
  const query = ctx.canonical.getQueryType()!.getFields()
  if (op === 'certificates') {
    return Object.fromEntries(query.certificates!.args.map((a) => [a.name, getNamedType(a.type).name]))
  }
  const filter = getNamedType(query.cases!.args.find((a) => a.name === 'filter')!.type)
  const fields = 'getFields' in filter ? (filter.getFields() as Record<string, { type: import('graphql').GraphQLInputType }>) : {}
  // `region` is decided by the gateway (it picks which regions to ask), never sent to a city.
  return Object.fromEntries(Object.entries(fields).filter(([n]) => n !== 'region').map(([n, f]) => [n, getNamedType(f.type).name]))
}

export function checkOperations(ctx: CheckContext): void {
  const ops = ctx.config.operations
  for (const name of ['case', 'certificate'] as const) {
    const op = ops[name]
    if (op) checkLookupOperation(ctx, name, op)
  }
  for (const name of ['cases', 'certificates'] as const) {
    const op = ops[name]
    if (op) checkListOperation(ctx, name, op)
  }
}

function mappingFor(ctx: CheckContext, opName: keyof typeof ROOT_TYPES, type: string): string | undefined {
  const mapping = ctx.config.types[type]
  if (!mapping) {
    ctx.report(['operations', opName, 'type'], `no type mapping named '${type}'`)
    return undefined
  }
  if (canonicalOf(type, mapping) !== ROOT_TYPES[opName]) {
    ctx.report(['operations', opName, 'type'], `mapping '${type}' produces ${canonicalOf(type, mapping)}; ${opName} returns ${ROOT_TYPES[opName]}`)
  }
  return mapping.local
}

function checkLookupOperation(ctx: CheckContext, name: 'case' | 'certificate', op: LookupOperation): void {
  const local = mappingFor(ctx, name, op.type)
  if (local) checkLookup(ctx, ['operations', name, 'lookup'], op.lookup, local)
}

function checkListOperation(ctx: CheckContext, name: 'cases' | 'certificates', op: ListOperation): void {
  const at = ['operations', name]
  const local = mappingFor(ctx, name, op.type)
  const query = ctx.local.getQueryType()?.getFields() ?? {}
  const field = query[op.list.field]
  if (!field) return ctx.report([...at, 'list', 'field'], `the local Query type has no field '${op.list.field}'`)
  const allowed = canonicalFilters(ctx, name)
  for (const [filterName, raw] of Object.entries(op.filter ?? {})) {
    const f = normalizeFilterArg(raw)
    const fat = [...at, 'filter', filterName]
    const canonicalType = allowed[filterName]
    if (!canonicalType) {
      ctx.report(fat, `'${filterName}' is not a canonical filter of ${name} (${Object.keys(allowed).join(', ')})`)
      continue
    }
    const arg = resolveArgPath(field.args, f.arg)
    if ('error' in arg) {
      ctx.report([...fat, 'arg'], `local field ${op.list.field} ${arg.error}`)
      continue
    }
    const canonicalEnum = ctx.canonical.getType(canonicalType)
    if (isEnumType(canonicalEnum)) {
      if (!f.enum) {
        ctx.report(fat, `${filterName} is ${canonicalType}: give enum: <table>`)
        continue
      }
      checkEnumTable(ctx, fat, f.enum, canonicalType, getNamedType(arg.type))
      // One canonical value may stand for several local ones; only a list argument can say so.
      const table = ctx.config.enums[f.enum] ?? {}
      const counts = new Map<string, number>()
      for (const v of Object.values(table)) counts.set(v, (counts.get(v) ?? 0) + 1)
      if ([...counts.values()].some((c) => c > 1) && !isListType(getNullableType(arg.type))) {
        ctx.report([...fat, 'arg'], `enum table '${f.enum}' maps several local values to one canonical value, so '${f.arg}' must be a list argument`)
      }
    }
  }
  if (!local) return
  checkPaging(ctx, [...at, 'paging'], op, field.type, local)
  if (!op.paging && !(isListOutput(field.type) && localTypeAccepts(ctx.local, local, getNamedType(field.type)))) {
    ctx.report([...at, 'list', 'field'], `local field ${op.list.field} must return a list of ${local} (or give paging)`)
  }
}

function checkPaging(
  ctx: CheckContext,
  at: (string | number)[],
  op: ListOperation,
  resultType: import('graphql').GraphQLOutputType,
  local: string,
): void {
  const paging: PagingMapping | undefined = op.paging
  if (!paging) return
  const field = ctx.local.getQueryType()!.getFields()[op.list.field]!
  const needArg = (key: string, path: string) => {
    const r = resolveArgPath(field.args, path)
    if ('error' in r) ctx.report([...at, key], `local field ${op.list.field} ${r.error}`)
  }
  const sub = (type: GraphQLNamedType | undefined, name: string, key: string) => {
    const f = fieldsOf(type)?.[name]
    if (!f) ctx.report([...at, key], `local type ${type?.name} has no field '${name}'`)
    return f
  }
  const named = getNamedType(resultType)
  if (paging.style === 'connection') {
    needArg('first', paging.first)
    needArg('after', paging.after)
    const edges = sub(named, paging.edges, 'edges')
    const edge = edges && getNamedType(edges.type)
    const node = edge && sub(edge, paging.node, 'node')
    if (edge) sub(edge, paging.cursor, 'cursor')
    const info = sub(named, paging.pageInfo, 'pageInfo')
    if (info) sub(getNamedType(info.type), paging.hasNextPage, 'hasNextPage')
    if (paging.totalCount) sub(named, paging.totalCount, 'totalCount')
    if (node && !localTypeAccepts(ctx.local, local, getNamedType(node.type))) {
      ctx.report([...at, 'node'], `connection nodes are ${getNamedType(node.type).name}, not ${local}`)
    }
  } else if (paging.style === 'offset') {
    needArg('offset', paging.offset)
    needArg('limit', paging.limit)
    if (!isListOutput(resultType) || !localTypeAccepts(ctx.local, local, named)) {
      ctx.report([...at, 'style'], `offset paging needs ${op.list.field} to return a list of ${local}`)
    }
    if (paging.countField) {
      const count = ctx.local.getQueryType()!.getFields()[paging.countField]
      if (!count || getNamedType(count.type).name !== 'Int') ctx.report([...at, 'countField'], `the local Query type has no Int field '${paging.countField}'`)
    }
  } else {
    needArg('offset', paging.offset)
    needArg('limit', paging.limit)
    if (!isObjectType(named)) return ctx.report([...at, 'style'], `page paging needs ${op.list.field} to return an object`)
    const items = sub(named, paging.items, 'items')
    if (items && !localTypeAccepts(ctx.local, local, getNamedType(items.type))) {
      ctx.report([...at, 'items'], `page items are ${getNamedType(items.type).name}, not ${local}`)
    }
    if (paging.total) sub(named, paging.total, 'total')
  }
}
