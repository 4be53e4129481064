import type { UpstreamGraphQLError } from './graphql-response.js'

/** One root field a plan needs from a city; several are merged into one request. */
export interface RootCall {
  /** Local root field name. */
  readonly field: string
  /** Arguments, sent as variables: local argument name, its GraphQL type text, the value. */
  readonly args: readonly RootArg[]
  /** Printed selection set with braces, or '' for a scalar field. */
  readonly selection: string
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
  const defs: string[] = []
  const fields: string[] = []
  const variables: Record<string, unknown> = {}
  calls.forEach((call, i) => {
    const args: string[] = []
    for (const a of call.args) {
      const v = `t${i}_${a.name}`
      defs.push(`$${v}: ${a.type}`)
      args.push(`${a.name}: $${v}`)
      variables[v] = a.value
    }
    fields.push(`t${i}: ${call.field}${args.length ? `(${args.join(', ')})` : ''} ${call.selection}`)
  })
  return { query: `query Tongban${defs.length ? `(${defs.join(', ')})` : ''} { ${fields.join(' ')} }`, variables }
}
