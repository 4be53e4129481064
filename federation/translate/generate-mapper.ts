import { FederationError } from '../errors.js'

type LocalObject = Record<string, unknown>
type CanonicalObject = Record<string, unknown>

/** What a generated mapper needs of the plans it nests and of the mapping context. */
export interface ChildMapper<C> {
  map(local: unknown, ctx: C): unknown
}

/** How one canonical field gets its value; the generator turns a list of these into code. */
export type FieldStep<C> =
  /** A fixed value (`const:` in the configuration). */
  | { kind: 'value'; name: string; value: unknown }
  /**
   * A local value at `path` (segments; empty for the local object itself): copied (null when
   * missing), converted, or mapped by a nested plan. Both null and undefined become null.
   */
  | { kind: 'read'; name: string; path: readonly string[]; convert?: (raw: unknown) => unknown; child?: ChildMapper<C> }
  /** Anything else (lists, joins): a closure called in field order with the object being built. */
  | { kind: 'call'; name: string; read: (local: LocalObject, ctx: C, out: CanonicalObject) => unknown }

/** GraphQL names (spec §2.1.9); no other text is ever written into generated code. */
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/

function assertName(name: string): string {
  // `__typename` is the one reserved name a plan reads or writes; other `__` names (such as
  // `__proto__`) would mean something else to JavaScript than to GraphQL.
  if (!GRAPHQL_NAME.test(name) || (name.startsWith('__') && name !== '__typename')) {
    throw new FederationError('CONFIG_INVALID', `'${name.slice(0, 60)}' is not a GraphQL name a translation plan can use`)
  }
  return name
}

/**
 * Generates the function that maps one local object to a canonical one.
 *
 * Why generate: the closure version read every field through one shared `(o) => o[name]`
 * and wrote it with `out[name] = …`, so both sites saw every field name and went
 * megamorphic. Generated code gives each field its own property access (`local.sqsj`), which
 * stays monomorphic because a city's rows all share one shape, and starts from an object
 * literal with every canonical field, so all mapped objects share one hidden class as well —
 * which also keeps graphql-jit's reads of them monomorphic.
 *
 * Only GraphQL names, checked by `assertName`, are written into the code; values (constants,
 * converters, nested plans, the type name) are passed in as `d[i]`, never printed.
 * Fields are assigned in the given order, so joins are queued in the same order as before.
 * @throws FederationError CONFIG_INVALID for a name that is not a GraphQL name.
 */
export function generateObjectMapper<C>(
  steps: readonly FieldStep<C>[],
  typename: string | undefined,
  notAnObject: (local: unknown) => unknown,
): (local: unknown, ctx: C) => unknown {
  const deps: unknown[] = [notAnObject]
  const dep = (value: unknown) => `d[${deps.push(value) - 1}]`
  const body: string[] = []
  const fields: string[] = []
  if (typename !== undefined) fields.push(`__typename: ${dep(typename)}`)
  for (const step of steps) fields.push(`${assertName(step.name)}: null`)
  for (const step of steps) {
    const out = `out.${step.name}`
    if (step.kind === 'value') {
      body.push(`${out} = ${dep(step.value)};`)
    } else if (step.kind === 'call') {
      body.push(`${out} = ${dep(step.read)}(local, ctx, out);`)
    } else {
      const path = step.path.map(assertName)
      if (path.length === 0) body.push('v = local;')
      else {
        body.push(`v = local.${path[0]};`)
        // A missing object along the path makes the value null.
        for (const s of path.slice(1)) body.push(`v = v === null || v === undefined ? null : v.${s};`)
      }
      if (step.child) body.push(`${out} = v === null || v === undefined ? null : ${dep(step.child)}.map(v, ctx);`)
      else if (step.convert) body.push(`${out} = v === null || v === undefined ? null : ${dep(step.convert)}(v);`)
      else body.push(`${out} = v === undefined ? null : v;`)
    }
  }
  const source = [
    `'use strict';`,
    `return function map(local, ctx) {`,
    `  if (typeof local !== 'object' || local === null || Array.isArray(local)) return d[0](local);`,
    `  let v;`,
    `  const out = { ${fields.join(', ')} };`,
    ...body.map((line) => `  ${line}`),
    `  return out;`,
    `};`,
  ].join('\n')
  return new Function('d', source)(deps) as (local: unknown, ctx: C) => unknown
}
