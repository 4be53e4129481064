import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql'
import { DATE_FORMATS, DATE_TIME_FORMATS, type FieldMapping, type RegionConfig, type TypeMapping } from './region-config-schema.js'
import { fieldsOf, isLeafOutput, isListOutput, localTypeAccepts, resolveArgPath, resolveLocalPath } from './local-types.js'
import { normalizeField, type NormalizedField } from './normalize.js'
import { checkOperations } from './check-operations.js'
import { checkDelivery } from '../delivery/check-delivery.js'

export type Report = (path: (string | number)[], message: string) => void

export interface CheckContext {
  config: RegionConfig
  canonical: GraphQLSchema
  local: GraphQLSchema
  report: Report
}

/** The canonical type a mapping produces (its `canonical`, else its own name). */
export function canonicalOf(name: string, mapping: TypeMapping): string {
  return mapping.canonical ?? name
}

/**
 * Checks a region configuration against the canonical schema and the city's local schema:
 * every name must exist on both sides, types and list-ness must agree, conversions must fit.
 * Problems are reported, not thrown, so the operator sees all of them at once.
 */
export function checkRegion(ctx: CheckContext): void {
  for (const [name, mapping] of Object.entries(ctx.config.types)) checkTypeMapping(ctx, name, mapping)
  checkEnums(ctx)
  checkOperations(ctx)
  checkDelivery(ctx)
}

function checkTypeMapping(ctx: CheckContext, name: string, mapping: TypeMapping): void {
  const at = ['types', name]
  const canonicalName = canonicalOf(name, mapping)
  const canonicalType = ctx.canonical.getType(canonicalName)
  const localType = ctx.local.getType(mapping.local)
  if (!canonicalType || !(isObjectType(canonicalType) || isUnionType(canonicalType))) {
    ctx.report([...at, mapping.canonical ? 'canonical' : ''], `unknown canonical type '${canonicalName}'`)
    return
  }
  if (!localType) {
    ctx.report([...at, 'local'], `the local schema has no type '${mapping.local}'`)
    return
  }
  if (mapping.lookup) checkLookup(ctx, [...at, 'lookup'], mapping.lookup, mapping.local)
  if (isUnionType(canonicalType)) {
    if (!mapping.discriminator) ctx.report(at, `${canonicalName} is a union: give a discriminator`)
    else checkDiscriminator(ctx, [...at, 'discriminator'], mapping.discriminator, mapping.local, canonicalType.getTypes().map((t) => t.name))
    if (mapping.fields) ctx.report([...at, 'fields'], `${canonicalName} is a union: map fields on its member types`)
    return
  }
  if (mapping.discriminator) ctx.report([...at, 'discriminator'], `${canonicalName} is an object type; discriminators are for unions`)
  const canonicalFields = canonicalType.getFields()
  const fields = mapping.fields ?? {}
  for (const [fieldName, field] of Object.entries(canonicalFields)) {
    if (!(fieldName in fields) && isNonNullType(field.type)) {
      ctx.report([...at, 'fields'], `canonical field ${canonicalName}.${fieldName} is non-null and must be mapped`)
    }
  }
  for (const [fieldName, raw] of Object.entries(fields)) {
    if (!canonicalFields[fieldName]) {
      ctx.report([...at, 'fields', fieldName], `canonical type ${canonicalName} has no field '${fieldName}'`)
      continue
    }
    checkField(ctx, [...at, 'fields', fieldName], canonicalType, fieldName, normalizeField(raw), mapping.local, typeof raw === 'string')
  }
}

function checkDiscriminator(
  ctx: CheckContext,
  at: (string | number)[],
  d: NonNullable<TypeMapping['discriminator']>,
  localTypeName: string,
  members: string[],
): void {
  const localType = ctx.local.getType(localTypeName)
  if (d.from === '__typename') {
    if (!localType || isObjectType(localType)) ctx.report([...at, 'from'], `__typename only discriminates an interface or union; ${localTypeName} is neither`)
  } else {
    const path = resolveLocalPath(ctx.local, localTypeName, d.from)
    if ('error' in path) ctx.report([...at, 'from'], path.error)
    else if (!isLeafOutput(path.field.type) || path.list) ctx.report([...at, 'from'], `'${d.from}' must be a single scalar or enum`)
  }
  for (const [value, target] of Object.entries(d.values)) {
    const variant = ctx.config.types[target]
    if (!variant) {
      ctx.report([...at, 'values', value], `no type mapping named '${target}'`)
      continue
    }
    const variantCanonical = canonicalOf(target, variant)
    if (!members.includes(variantCanonical)) {
      ctx.report([...at, 'values', value], `${variantCanonical} is not one of ${members.join(', ')}`)
    }
    if (d.from === '__typename') {
      if (variant.local !== value) ctx.report([...at, 'values', value], `mapping '${target}' reads local type ${variant.local}, not ${value}`)
      const possible = localType ? ctx.local.getType(value) : undefined
      if (!possible || !localType || !localTypeAccepts(ctx.local, value, localType)) {
        ctx.report([...at, 'values', value], `${value} is not a possible type of local ${localTypeName}`)
      }
    } else if (variant.local !== localTypeName && !variant.lookup) {
      ctx.report([...at, 'values', value], `mapping '${target}' must read the same local type ${localTypeName}`)
    }
  }
}

export function checkLookup(
  ctx: CheckContext,
  at: (string | number)[],
  lookup: NonNullable<TypeMapping['lookup']>,
  localTypeName: string,
): void {
  if (lookup.entities) {
    const entity = ctx.local.getType(lookup.entities)
    const union = ctx.local.getType('_Entity')
    if (!ctx.config.federation) ctx.report([...at, 'entities'], 'entities lookups need `federation: true`')
    else if (!entity || !isUnionType(union) || !union.getTypes().some((t) => t.name === lookup.entities)) {
      ctx.report([...at, 'entities'], `${lookup.entities} is not an entity (@key type) of the local schema`)
    } else if (lookup.entities !== localTypeName) {
      ctx.report([...at, 'entities'], `the mapping reads local type ${localTypeName}, not ${lookup.entities}`)
    }
  } else {
    const field = ctx.local.getQueryType()?.getFields()[lookup.field!]
    if (!field) {
      ctx.report([...at, 'field'], `the local Query type has no field '${lookup.field}'`)
      return
    }
    if (!field.args.some((a) => a.name === lookup.arg)) ctx.report([...at, 'arg'], `local field ${lookup.field} has no argument '${lookup.arg}'`)
    if (!localTypeAccepts(ctx.local, localTypeName, getNamedType(field.type))) {
      ctx.report([...at, 'field'], `local field ${lookup.field} returns ${getNamedType(field.type).name}, not ${localTypeName}`)
    }
  }
  const keyField = fieldsOf(ctx.local.getType(localTypeName) ?? undefined)?.[lookup.key]
  if (!keyField || !isLeafOutput(keyField.type)) ctx.report([...at, 'key'], `local type ${localTypeName} has no scalar field '${lookup.key}'`)
}

function checkField(
  ctx: CheckContext,
  at: (string | number)[],
  owner: GraphQLObjectType,
  fieldName: string,
  field: NormalizedField,
  localTypeName: string,
  shorthand: boolean,
): void {
  const canonicalField = owner.getFields()[fieldName]!
  // `name: sqrxm` has no `from` key to point at; report on the field itself.
  const fromAt = shorthand ? at : [...at, 'from']
  const target = getNamedType(canonicalField.type)
  const canonicalList = isListType(getNullableType(canonicalField.type))
  const where = `${owner.name}.${fieldName}`

  if (field.kind === 'const') {
    if (field.value === '$region') {
      if (target.name !== 'Region') ctx.report([...at, 'const'], `$region only fits a Region field; ${where} is ${target.name}`)
    } else if (!isLeafType(target)) ctx.report([...at, 'const'], `${where} is ${target.name}; a constant fits only scalar fields`)
    return
  }
  if (field.kind === 'join') {
    checkJoin(ctx, at, field, localTypeName, target)
    return
  }
  // from
  let localNamed: GraphQLNamedType
  let localList = false
  if (field.from === '.') {
    localNamed = ctx.local.getType(localTypeName)!
  } else {
    const path = resolveLocalPath(ctx.local, localTypeName, field.from)
    if ('error' in path) {
      ctx.report(fromAt, path.error)
      return
    }
    localNamed = getNamedType(path.field.type)
    localList = path.list
  }
  if (canonicalList !== localList) {
    ctx.report(fromAt, `${where} is ${canonicalList ? 'a list' : 'not a list'} but local '${field.from}' is ${localList ? 'a list' : 'not'}`)
  }
  const needs = (what: string, ok: boolean) => {
    if (!ok) ctx.report(at, `${where} (${target.name}) needs ${what}`)
  }
  if (target.name === 'Region') return needs('convert: region', field.convert === 'region')
  if (target.name === 'Matter') return needs('convert: matter', field.convert === 'matter')
  if (target.name === 'ID') return needs('convert: id', field.convert === 'id' && isLeafType(localNamed))
  if (target.name === 'DateTime' || target.name === 'Date') {
    const allowed: readonly string[] = target.name === 'Date' ? DATE_FORMATS : DATE_TIME_FORMATS
    needs(`a format (${allowed.join(', ')})`, field.format !== undefined && allowed.includes(field.format))
    return needs('a scalar local field', isLeafType(localNamed))
  }
  if (isEnumType(target)) {
    needs('enum: <table>', field.enum !== undefined)
    if (field.enum !== undefined) checkEnumTable(ctx, at, field.enum, target.name, localNamed)
    return
  }
  if (isLeafType(target)) {
    if (field.convert || field.enum || field.format || field.type) ctx.report(at, `${where} is ${target.name}: no conversion applies`)
    return needs('a scalar local field', isLeafType(localNamed))
  }
  // object or union
  if (!field.type) return ctx.report(at, `${where} is ${target.name}: give type: <mapping>`)
  const mapping = ctx.config.types[field.type]
  if (!mapping) return ctx.report([...at, 'type'], `no type mapping named '${field.type}'`)
  if (canonicalOf(field.type, mapping) !== target.name) {
    ctx.report([...at, 'type'], `mapping '${field.type}' produces ${canonicalOf(field.type, mapping)}, but ${where} is ${target.name}`)
  }
  if (mapping.local !== localNamed.name) {
    ctx.report([...at, 'type'], `mapping '${field.type}' reads local ${mapping.local}, but '${field.from}' is ${localNamed.name}`)
  }
}

function checkJoin(
  ctx: CheckContext,
  at: (string | number)[],
  field: Extract<NormalizedField, { kind: 'join' }>,
  localTypeName: string,
  target: GraphQLNamedType,
): void {
  const key = resolveLocalPath(ctx.local, localTypeName, field.key)
  if ('error' in key) ctx.report([...at, 'join', 'key'], key.error)
  const variants = field.type ? [field.type] : Object.values(field.discriminator!.values)
  if (field.discriminator) {
    const members = isUnionType(target) ? target.getTypes().map((t) => t.name) : [target.name]
    checkDiscriminator(ctx, [...at, 'join', 'discriminator'], field.discriminator, localTypeName, members)
  }
  for (const v of variants) {
    const mapping = ctx.config.types[v]
    if (!mapping) ctx.report([...at, 'join'], `no type mapping named '${v}'`)
    else if (!mapping.lookup) ctx.report(['types', v], `mapping '${v}' is joined, so it needs a lookup`)
  }
}

export function checkEnumTable(
  ctx: CheckContext,
  at: (string | number)[],
  table: string,
  canonicalEnum: string,
  local: GraphQLNamedType | undefined,
): void {
  const values = ctx.config.enums[table]
  if (!values) return ctx.report([...at, 'enum'], `no enum table named '${table}' under enums`)
  const canonical = ctx.canonical.getType(canonicalEnum)
  if (!isEnumType(canonical)) return
  for (const [localValue, canonicalValue] of Object.entries(values)) {
    if (!canonical.getValue(canonicalValue)) {
      ctx.report(['enums', table, localValue], `'${canonicalValue}' is not a value of ${canonicalEnum} (${canonical.getValues().map((v) => v.name).join(', ')})`)
    }
    if (isEnumType(local) && !local.getValue(localValue)) {
      ctx.report(['enums', table, localValue], `'${localValue}' is not a value of local enum ${local.name}`)
    }
  }
}

function checkEnums(ctx: CheckContext): void {
  const used = new Set<string>()
  const visit = (f: NormalizedField) => f.kind === 'from' && f.enum && used.add(f.enum)
  for (const t of Object.values(ctx.config.types)) for (const f of Object.values(t.fields ?? {})) visit(normalizeField(f))
  for (const op of [ctx.config.operations.cases, ctx.config.operations.certificates]) {
    for (const f of Object.values(op?.filter ?? {})) if (typeof f !== 'string' && f.enum) used.add(f.enum)
  }
  const visitArgs = (args: Record<string, unknown> | undefined) => {
    for (const v of Object.values(args ?? {})) {
      if (typeof v !== 'object' || v === null) continue
      const a = v as { enum?: string; fields?: Record<string, unknown> }
      if (a.enum) used.add(a.enum)
      visitArgs(a.fields)
    }
  }
  visitArgs(ctx.config.deliver?.args)
  visitArgs(ctx.config.withdraw?.args)
  for (const name of Object.keys(ctx.config.enums)) {
    if (!used.has(name)) ctx.report(['enums', name], `enum table '${name}' is not used by any mapping`)
  }
}

export { resolveArgPath, isInputObjectType }
export type { FieldMapping }
