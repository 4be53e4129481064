import type { FetchDataRewrite, QueryPlanSelectionNode, ResponsePath } from '@apollo/query-planner'

/** A JSON object of the response being assembled. */
export type ResultObject = Record<string, unknown>

/** Whether an object whose `__typename` is `typename` matches a type condition. */
export type TypeMatch = (typename: string, condition: string) => boolean

/**
 * The objects at a plan path (`users.@.reviews.@.product`: `@` walks a list), in document
 * order, with their response paths when `paths` is given (only wanted for error placement).
 */
export function objectsAt(data: ResultObject, path: Readonly<ResponsePath>, matches: TypeMatch, paths?: (string | number)[][]): ResultObject[] {
  const found: ResultObject[] = []
  const visit = (value: unknown, i: number, at: (string | number)[] | undefined): void => {
    if (value === null || typeof value !== 'object') return
    if (Array.isArray(value)) {
      // `@` walks a list; a list nested deeper than the path says is walked too.
      const next = path[i] === '@' ? i + 1 : i
      for (let n = 0; n < value.length; n++) visit(value[n], next, at && [...at, n])
      return
    }
    const object = value as ResultObject
    if (i === path.length) {
      found.push(object)
      paths?.push(at!)
      return
    }
    const step = String(path[i])
    if (step === '@') return
    if (step.startsWith('... on ')) {
      const typename = object.__typename
      if (typeof typename === 'string' && matches(typename, step.slice(7))) visit(object, i + 1, at)
      return
    }
    visit(object[step], i + 1, at && [...at, step])
  }
  visit(data, 0, paths ? [] : undefined)
  return found
}

/**
 * An entity's representation for `_entities`: the `requires` selection (key fields, and
 * @requires fields) read from what is already fetched. Undefined when the object does not
 * match the selection's type condition or lacks a field the selection needs (a null key).
 */
export function representationOf(entity: ResultObject, requires: readonly QueryPlanSelectionNode[], matches: TypeMatch): ResultObject | undefined {
  const out: ResultObject = {}
  return selectInto(out, entity, requires, matches) ? out : undefined
}

function selectInto(out: ResultObject, source: ResultObject, selections: readonly QueryPlanSelectionNode[], matches: TypeMatch): boolean {
  let any = false
  for (const s of selections) {
    if (s.kind === 'InlineFragment') {
      const typename = source.__typename
      if (s.typeCondition && (typeof typename !== 'string' || !matches(typename, s.typeCondition))) continue
      if (!selectInto(out, source, s.selections, matches)) return false
      any = true
      continue
    }
    const key = s.alias ?? s.name
    const value = source[key]
    if (value === undefined) return false
    any = true
    if (value === null || !s.selections) {
      out[key] = value
      continue
    }
    out[key] = selectValue(value, s.selections, matches)
    if (out[key] === undefined) return false
  }
  return any
}

function selectValue(value: unknown, selections: readonly QueryPlanSelectionNode[], matches: TypeMatch): unknown {
  if (value === null) return null
  if (Array.isArray(value)) {
    const list: unknown[] = []
    for (const v of value) {
      const s = selectValue(v, selections, matches)
      if (s === undefined) return undefined
      list.push(s)
    }
    return list
  }
  const out: ResultObject = {}
  return selectInto(out, value as ResultObject, selections, matches) ? out : undefined
}

/**
 * Applies the planner's rewrites to a representation sent or an entity received:
 * `ValueSetter` (e.g. `__typename` of an @interfaceObject) and `KeyRenamer` (a field the
 * planner aliased). Paths start with type conditions (`... on Book`) and field names.
 */
export function applyRewrites(rewrites: readonly FetchDataRewrite[] | undefined, value: ResultObject, matches: TypeMatch): void {
  if (!rewrites) return
  for (const rewrite of rewrites) rewriteAt(value, rewrite, 0, matches)
}

function rewriteAt(value: unknown, rewrite: FetchDataRewrite, i: number, matches: TypeMatch): void {
  if (value === null || typeof value !== 'object') return
  if (Array.isArray(value)) {
    for (const v of value) rewriteAt(v, rewrite, i, matches)
    return
  }
  const object = value as ResultObject
  const step = rewrite.path[i]!
  if (step.startsWith('... on ')) {
    const typename = object.__typename
    if (typeof typename === 'string' && matches(typename, step.slice(7))) rewriteAt(object, rewrite, i + 1, matches)
    return
  }
  if (i < rewrite.path.length - 1) return rewriteAt(object[step], rewrite, i + 1, matches)
  if (rewrite.kind === 'ValueSetter') object[step] = rewrite.setValueTo
  else if (step in object) {
    object[rewrite.renameKeyTo] = object[step]
    delete object[step]
  }
}

/** Merges what a subgraph answered into what is already there (objects by key, lists by index). */
export function mergeInto(target: ResultObject, source: ResultObject): void {
  for (const key in source) {
    const incoming = source[key]
    const present = target[key]
    if (present !== null && incoming !== null && typeof present === 'object' && typeof incoming === 'object') {
      if (Array.isArray(present) && Array.isArray(incoming)) {
        for (let i = 0; i < incoming.length; i++) {
          const p = present[i]
          const n = incoming[i]
          if (p !== null && n !== null && typeof p === 'object' && typeof n === 'object' && !Array.isArray(p)) mergeInto(p as ResultObject, n as ResultObject)
          else if (Array.isArray(p) && Array.isArray(n)) mergeInto({ l: p }, { l: n })
          else present[i] = n
        }
        continue
      }
      if (!Array.isArray(present) && !Array.isArray(incoming)) {
        mergeInto(present as ResultObject, incoming as ResultObject)
        continue
      }
    }
    target[key] = incoming
  }
}
