import { GraphQLError, GraphQLScalarType, Kind } from 'graphql'

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

function stringScalar(name: string, pattern: RegExp, example: string, description: string): GraphQLScalarType {
  const check = (value: unknown): string => {
    if (typeof value === 'string' && pattern.test(value) && !Number.isNaN(Date.parse(value))) return value
    throw new GraphQLError(`${name} must look like ${example}`, { extensions: { code: 'BAD_USER_INPUT' } })
  }
  return new GraphQLScalarType({
    name,
    description,
    // Values reaching serialize were produced by the translation layer, which already
    // checked them; a non-string here is a bug worth surfacing as a field error.
    serialize: (value) => {
      if (typeof value === 'string') return value
      throw new GraphQLError(`${name} cannot represent ${typeof value}`)
    },
    parseValue: check,
    parseLiteral: (ast) => check(ast.kind === Kind.STRING ? ast.value : undefined),
  })
}

export const DateTimeScalar = stringScalar('DateTime', DATE_TIME, '2025-03-04T09:30:00+08:00', 'ISO-8601 date-time with offset.')
export const DateScalar = stringScalar('Date', DATE, '2025-03-04', 'Calendar date, yyyy-MM-dd.')
