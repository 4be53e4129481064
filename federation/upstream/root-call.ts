import type { UpstreamGraphQLError } from './graphql-response.js'

/**
 * What calls of one shape share — same field, argument names and types (in order) and
 * selection — so that a batch holding only such a call is printed once per plan, not per
 * request. The plan that makes the calls owns it; printBatch fills it.
 */
export interface CallShape {
  single?: { query: string; variableNames: readonly string[] }
}

/** One root field a plan needs from a city; several are merged into one request. */
export interface RootCall {
  /** Local root field name. */
  readonly field: string
  /** Arguments, sent as variables: local argument name, its GraphQL type text, the value. */
  readonly args: readonly RootArg[]
  /** Printed selection set with braces, or '' for a scalar field. */
  readonly selection: string
  /** Set only by plans that guarantee every call given this shape looks the same but for values. */
  readonly shape?: CallShape
}

export interface RootArg {
  readonly name: string
  readonly type: string
  readonly value: unknown
}

/** What came back for one root call: its data and the errors located under it. */
export interface RootResult {
  readonly data: unknown
  /** Errors with paths relative to the root field (alias removed). */
  readonly errors: readonly UpstreamGraphQLError[]
}

/** Prints a query document holding `calls` under aliases t0, t1 … with prefixed variables. */
export function printBatch(calls: readonly RootCall[]): { query: string; variables: Record<string, unknown> } {
  const only = calls.length === 1 ? calls[0]! : undefined
  if (only?.shape) {
    // Most requests make one call per city; its text depends on the plan alone.
    const single = (only.shape.single ??= print(calls))
    const variables: Record<string, unknown> = {}
    for (let i = 0; i < only.args.length; i++) variables[single.variableNames[i]!] = only.args[i]!.value
    return { query: single.query, variables }
  }
  const { query, variableNames } = print(calls)
  const variables: Record<string, unknown> = {}
  let n = 0
  for (const call of calls) for (const a of call.args) variables[variableNames[n++]!] = a.value
  return { query, variables }
}

function print(calls: readonly RootCall[]): { query: string; variableNames: string[] } {
  const defs: string[] = []
  const fields: string[] = []
  const variableNames: string[] = []
  calls.forEach((call, i) => {
    const args: string[] = []
    for (const a of call.args) {
      const v = `t${i}_${a.name}`
      defs.push(`$${v}: ${a.type}`)
      args.push(`${a.name}: $${v}`)
      variableNames.push(v)
    }
    fields.push(`t${i}: ${call.field}${args.length ? `(${args.join(', ')})` : ''} ${call.selection}`)
  })
  return { query: `query Tongban${defs.length ? `(${defs.join(', ')})` : ''} { ${fields.join(' ')} }`, variableNames }
}
