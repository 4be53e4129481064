import { getNamedType, getNullableType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType } from 'graphql'
import type { CheckContext } from '../config/check-region.js'
import { resolveArgPath } from '../config/local-types.js'
import type { ArgValueMapping, MutationMapping } from '../config/region-config-schema.js'
import { PAYLOAD_ENUMS, PAYLOAD_FIELDS, PAYLOAD_LISTS } from './delivery-payload.js'

type At = (string | number)[]

/** Checks a region's `deliver` / `withdraw` mappings against its local Mutation type. */
export function checkDelivery(ctx: CheckContext): void {
  for (const key of ['deliver', 'withdraw'] as const) {
    const mapping = ctx.config[key]
    if (mapping) checkMutation(ctx, [key], mapping)
  }
  if (ctx.config.deliver && !ctx.config.operations.case) {
    ctx.report(['operations'], 'a region that takes deliveries needs operations.case, so the gateway can follow the cases')
  }
  if (ctx.config.statusUpdates?.mode === 'poll' && !ctx.config.operations.case) {
    ctx.report(['statusUpdates'], 'polling needs operations.case')
  }
}

function checkMutation(ctx: CheckContext, at: At, m: MutationMapping): void {
  const field = ctx.local.getMutationType()?.getFields()[m.mutation]
  if (!field) return ctx.report([...at, 'mutation'], `the local schema has no mutation '${m.mutation}'`)
  const given = new Set(Object.keys(m.args))
  for (const [path, value] of Object.entries(m.args)) {
    const target = resolveArgPath(field.args, path)
    if ('error' in target) {
      ctx.report([...at, 'args', path], `mutation ${m.mutation} ${target.error}`)
      continue
    }
    checkValue(ctx, [...at, 'args', path], value, target.type, PAYLOAD_FIELDS)
  }
  // Every non-null argument and input field on the way must be filled.
  const missing: string[] = []
  const walk = (prefix: string, type: GraphQLInputType) => {
    const named = getNamedType(type)
    if (!isInputObjectType(named) || isListType(getNullableType(type))) return
    for (const f of Object.values(named.getFields())) {
      const path = `${prefix}.${f.name}`
      const filled = given.has(path) || [...given].some((g) => g.startsWith(`${path}.`))
      if (!filled && isNonNullType(f.type) && f.defaultValue === undefined) missing.push(path)
      if (filled && !given.has(path)) walk(path, f.type)
    }
  }
  for (const a of field.args) {
    const filled = given.has(a.name) || [...given].some((g) => g.startsWith(`${a.name}.`))
    if (!filled && isNonNullType(a.type)) missing.push(a.name)
    if (filled && !given.has(a.name)) walk(a.name, a.type)
  }
  for (const path of missing) ctx.report([...at, 'args'], `required local argument ${path} of ${m.mutation} is not mapped`)
  const result = getNamedType(field.type)
  for (const [key, name] of Object.entries(m.result ?? {})) {
    if (name && !('getFields' in result && (result.getFields() as Record<string, unknown>)[name])) {
      ctx.report([...at, 'result', key], `${m.mutation} returns ${result.name}, which has no field '${name}'`)
    }
  }
}

function checkValue(ctx: CheckContext, at: At, raw: ArgValueMapping, target: GraphQLInputType, fields: Readonly<Record<string, string>>): void {
  const value = typeof raw === 'string' ? { from: raw } : raw
  if (value.each !== undefined) {
    const items = PAYLOAD_LISTS[value.each]
    if (!items) return ctx.report([...at, 'each'], `'${value.each}' is not a list of the delivery payload (${Object.keys(PAYLOAD_LISTS).join(', ')})`)
    const item = getNamedType(target)
    if (!isListType(getNullableType(target)) || !isInputObjectType(item)) return ctx.report(at, `each needs a list of input objects; the local argument is ${String(target)}`)
    for (const [name, v] of Object.entries(value.fields ?? {})) {
      const f = item.getFields()[name]
      if (!f) ctx.report([...at, 'fields', name], `input ${item.name} has no field '${name}'`)
      else checkValue(ctx, [...at, 'fields', name], v as ArgValueMapping, f.type, items)
    }
    return
  }
  if (value.const !== undefined) return
  if (!value.from) return ctx.report(at, 'give from, const or each')
  const kind = fields[value.from]
  if (!kind) return ctx.report([...at, 'from'], `'${value.from}' is not a field of the delivery payload (${Object.keys(fields).join(', ')})`)
  const need = (what: string, ok: boolean) => ok || ctx.report(at, `${value.from} (${kind}) needs ${what}`)
  if (kind === 'Matter') need('convert: matter', value.convert === 'matter')
  if (kind === 'DateTime') need('a format', value.format !== undefined)
  if (value.convert === 'localId' && kind !== 'ID') ctx.report([...at, 'convert'], `localId converts ids; ${value.from} is ${kind}`)
  const domain = PAYLOAD_ENUMS[kind]
  if (domain) {
    if (!value.enum) return void need('enum: <table>', false)
    const table = ctx.config.enums[value.enum]
    if (!table) return ctx.report([...at, 'enum'], `no enum table named '${value.enum}' under enums`)
    const covered = new Set(Object.values(table))
    const uncovered = domain.filter((d) => !covered.has(d))
    if (uncovered.length) ctx.report([...at, 'enum'], `enum table '${value.enum}' has no local value for ${uncovered.join(', ')}`)
  } else if (value.enum) ctx.report([...at, 'enum'], `${value.from} is ${kind}, not an enum`)
}
