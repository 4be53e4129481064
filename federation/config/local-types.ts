import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql'

/** Fields of an object or interface type, or undefined for other kinds. */
export function fieldsOf(type: GraphQLNamedType | undefined): Record<string, GraphQLField<unknown, unknown>> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields() : undefined
}

export function isListOutput(type: GraphQLOutputType): boolean {
  return isListType(getNullableType(type))
}

export interface ResolvedPath {
  /** The last field of the path. */
  field: GraphQLField<unknown, unknown>
  /** True when an intermediate or the last field is a list. */
  list: boolean
}

/**
 * Walks a dotted local field path (`applicant.name`) from a local type. Intermediate fields
 * must be single objects: a list in the middle cannot map to one canonical value.
 */
export function resolveLocalPath(
  schema: GraphQLSchema,
  typeName: string,
  path: string,
): ResolvedPath | { error: string } {
  let type: GraphQLNamedType | undefined = schema.getType(typeName) ?? undefined
  const segments = path.split('.')
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i]!
    const fields = fieldsOf(type)
    const field = fields?.[name]
    if (!field) return { error: `local type ${type?.name ?? typeName} has no field '${name}'` }
    if (i === segments.length - 1) return { field, list: isListOutput(field.type) }
    if (isListOutput(field.type)) return { error: `'${name}' is a list; only the last field of a path may be one` }
    type = getNamedType(field.type)
  }
  return { error: 'empty path' }
}

/** True when `name` is the local type itself or one of its possible types. */
export function localTypeAccepts(schema: GraphQLSchema, expected: string, actual: GraphQLNamedType): boolean {
  if (actual.name === expected) return true
  const exp = schema.getType(expected)
  return (isAbstractType(actual) && isObjectType(exp) && schema.isSubType(actual, exp)) || false
}

export function isLeafOutput(type: GraphQLOutputType): boolean {
  return isLeafType(getNamedType(type))
}

/** Walks an argument path (`where.status`) into the input type at its end. */
export function resolveArgPath(
  args: readonly GraphQLArgument[],
  path: string,
): { type: GraphQLInputType } | { error: string } {
  const [head, ...rest] = path.split('.')
  const arg = args.find((a) => a.name === head)
  if (!arg) return { error: `has no argument '${head}'` }
  let type: GraphQLInputType = arg.type
  for (const name of rest) {
    const named = getNamedType(type)
    const field = 'getFields' in named && !isObjectType(named) ? (named.getFields() as Record<string, { type: GraphQLInputType }>)[name] : undefined
    if (!field) return { error: `input ${named.name} has no field '${name}'` }
    type = field.type
  }
  return { type }
}
