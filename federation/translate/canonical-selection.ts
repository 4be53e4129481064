import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql'

/**
 * The canonical fields a query asks of one object type, merged over aliases, fragments and
 * repeated fields. Aliases, arguments-free repetition and @skip/@include do not matter here:
 * the local query fetches the union of what could be needed and graphql-js shapes the answer.
 */
export type ObjectSelection = Map<string, SubSelection | undefined>

/** Fields asked of an object type, or of each possible type of a union or interface. */
export type SubSelection =
  | { kind: 'object'; type: string; fields: ObjectSelection }
  | { kind: 'abstract'; type: string; byType: Map<string, ObjectSelection> }

type Fragments = Record<string, FragmentDefinitionNode>

export function collectSelection(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  sets: readonly (SelectionSetNode | undefined)[],
  fragments: Fragments,
): SubSelection {
  if (isAbstractType(type)) {
    const byType = new Map<string, ObjectSelection>()
    for (const member of schema.getPossibleTypes(type)) {
      const fields: ObjectSelection = new Map()
      for (const set of sets) if (set) collectObject(schema, member, set, fragments, fields)
      byType.set(member.name, fields)
    }
    return { kind: 'abstract', type: type.name, byType }
  }
  const fields: ObjectSelection = new Map()
  for (const set of sets) if (set) collectObject(schema, type as GraphQLObjectType, set, fragments, fields)
  return { kind: 'object', type: type.name, fields }
}

function applies(schema: GraphQLSchema, condition: string | undefined, type: GraphQLObjectType): boolean {
  if (!condition || condition === type.name) return true
  const cond = schema.getType(condition)
  return cond !== undefined && isAbstractType(cond) && schema.isSubType(cond, type)
}

function collectObject(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  set: SelectionSetNode,
  fragments: Fragments,
  into: ObjectSelection,
): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const name = sel.name.value
      if (name.startsWith('__')) continue
      const def = type.getFields()[name]
      if (!def) continue
      const named = getNamedType(def.type)
      if (!isCompositeType(named)) {
        if (!into.has(name)) into.set(name, undefined)
        continue
      }
      const sub = collectSelection(schema, named, [sel.selectionSet], fragments)
      const existing = into.get(name)
      into.set(name, existing ? mergeSub(existing, sub) : sub)
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (applies(schema, sel.typeCondition?.name.value, type)) collectObject(schema, type, sel.selectionSet, fragments, into)
    } else {
      const fragment = fragments[sel.name.value]
      if (fragment && applies(schema, fragment.typeCondition.name.value, type)) {
        collectObject(schema, type, fragment.selectionSet, fragments, into)
      }
    }
  }
}

export function mergeObject(a: ObjectSelection, b: ObjectSelection): ObjectSelection {
  const out: ObjectSelection = new Map(a)
  for (const [name, sub] of b) {
    const existing = out.get(name)
    out.set(name, existing && sub ? mergeSub(existing, sub) : (existing ?? sub))
  }
  return out
}

function mergeSub(a: SubSelection, b: SubSelection): SubSelection {
  if (a.kind === 'object' && b.kind === 'object') return { ...a, fields: mergeObject(a.fields, b.fields) }
  if (a.kind === 'abstract' && b.kind === 'abstract') {
    const byType = new Map(a.byType)
    for (const [t, f] of b.byType) byType.set(t, byType.has(t) ? mergeObject(byType.get(t)!, f) : f)
    return { ...a, byType }
  }
  return a
}

/** Fields asked of one concrete canonical type within a sub-selection. */
export function fieldsFor(sub: SubSelection | undefined, type: string): ObjectSelection {
  if (!sub) return new Map()
  if (sub.kind === 'object') return sub.type === type ? sub.fields : new Map()
  return sub.byType.get(type) ?? new Map()
}

export function isObjectSelectionType(t: unknown): t is GraphQLObjectType {
  return isObjectType(t)
}
