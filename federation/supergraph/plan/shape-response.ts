import {
  GraphQLError,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql'
import type { ResultObject } from './entities.js'

/** The fields of a selection for one runtime type, by response key, in document order. */
type CollectedFields = Map<string, readonly FieldNode[]>

/** Per document: what each (merged) selection collects for each runtime type. */
export type FieldCollections = WeakMap<object, Map<string, CollectedFields>>

/** Response paths as a linked list: made into arrays only for an error. */
interface Path {
  readonly prev: Path | undefined
  readonly key: string | number
}

const NULL_BUBBLES = Symbol('a non-null field is null')
const ROOT_NODES = new WeakMap<OperationDefinitionNode, readonly FieldNode[]>()

export interface ShapeInput {
  schema: GraphQLSchema
  operation: OperationDefinitionNode
  fragments: Readonly<Record<string, FragmentDefinitionNode>>
  /** Coerced variables (for @skip and @include). */
  variables: Readonly<Record<string, unknown>>
  /** Cache of collected fields; shared across requests only when the document has no @skip/@include. */
  collections: FieldCollections
}

/**
 * Turns what the subgraphs answered into the client's answer, as graphql-js would complete it
 * over the API schema: only the fields asked for (keys and @requires inputs the plan fetched
 * are dropped), under their aliases and in document order, fragments applied by `__typename`,
 * leaves serialized (an unknown enum value is an error), and a null in a non-null position
 * nulling its nearest nullable parent with an error, unless a subgraph error already covers it.
 * @param errors The run's errors so far; shaping adds its own.
 */
export function shapeResponse(input: ShapeInput, data: ResultObject, errors: GraphQLError[]): ResultObject | null {
  const root = input.schema.getRootType(input.operation.operation)!
  const covered = new Set<string>()
  for (const e of errors) {
    if (!e.path) continue
    for (let i = 1; i <= e.path.length; i++) covered.add(e.path.slice(0, i).join('.'))
  }
  let rootNodes = ROOT_NODES.get(input.operation)
  if (!rootNodes) {
    // The operation stands in for a field whose selection is the root's (a stable cache key).
    rootNodes = [input.operation as unknown as FieldNode]
    ROOT_NODES.set(input.operation, rootNodes)
  }
  const result = new Shaper(input, errors, covered).object(root, rootNodes, data, undefined)
  return result === NULL_BUBBLES ? null : result
}

class Shaper {
  constructor(
    readonly input: ShapeInput,
    readonly errors: GraphQLError[],
    readonly covered: Set<string>,
  ) {}

  object(type: GraphQLObjectType, nodes: readonly FieldNode[], source: ResultObject, path: Path | undefined): ResultObject | typeof NULL_BUBBLES {
    const fields = this.collect(type, nodes)
    const out: ResultObject = {}
    for (const [key, fieldNodes] of fields) {
      const name = fieldNodes[0]!.name.value
      if (name === '__typename') {
        out[key] = type.name
        continue
      }
      const field = type.getFields()[name]
      if (!field) continue
      const at: Path = { prev: path, key }
      const value = this.value(field.type, fieldNodes, source[key], at, type, name)
      if (value === NULL_BUBBLES) return NULL_BUBBLES
      out[key] = value
    }
    return out
  }

  value(type: GraphQLOutputType, nodes: readonly FieldNode[], value: unknown, path: Path, parent: GraphQLObjectType, name: string): unknown {
    if (isNonNullType(type)) {
      const inner = this.value(type.ofType, nodes, value, path, parent, name)
      if (inner === null) this.error(`Cannot return null for non-nullable field ${parent.name}.${name}.`, nodes, path)
      return inner === null ? NULL_BUBBLES : inner
    }
    if (value === null || value === undefined) return null
    if (isListType(type)) {
      if (!Array.isArray(value)) return this.error(`Expected a list for field ${parent.name}.${name}.`, nodes, path)
      const list = new Array<unknown>(value.length)
      for (let i = 0; i < value.length; i++) {
        const item = this.value(type.ofType, nodes, value[i], { prev: path, key: i }, parent, name)
        if (item === NULL_BUBBLES) return null
        list[i] = item
      }
      return list
    }
    if (isLeafType(type)) {
      try {
        return type.serialize(value)
      } catch (err) {
        return this.error((err as Error).message, nodes, path)
      }
    }
    if (typeof value !== 'object' || Array.isArray(value)) return this.error(`Expected an object for field ${parent.name}.${name}.`, nodes, path)
    let runtime: GraphQLObjectType | undefined
    if (isAbstractType(type)) {
      const typename = (value as ResultObject).__typename
      const candidate = typeof typename === 'string' ? this.input.schema.getType(typename) : undefined
      runtime = isObjectType(candidate) && this.input.schema.isSubType(type, candidate) ? candidate : undefined
      if (!runtime) return this.error(`Abstract type "${type.name}" resolved to "${String(typename)}", which is not one of its types.`, nodes, path)
    } else {
      runtime = type as GraphQLObjectType
    }
    const object = this.object(runtime, nodes, value as ResultObject, path)
    return object === NULL_BUBBLES ? null : object
  }

  /** Records an error at `path` unless a subgraph's error already explains it; the value is null. */
  error(message: string, nodes: readonly FieldNode[], path: Path): null {
    const at: (string | number)[] = []
    for (let p: Path | undefined = path; p; p = p.prev) at.unshift(p.key)
    if (!this.covered.has(at.join('.'))) {
      this.errors.push(new GraphQLError(message, { nodes, path: at }))
      for (let i = 1; i <= at.length; i++) this.covered.add(at.slice(0, i).join('.'))
    }
    return null
  }

  collect(type: GraphQLObjectType, nodes: readonly FieldNode[]): CollectedFields {
    let byType = this.input.collections.get(nodes)
    if (!byType) {
      byType = new Map()
      this.input.collections.set(nodes, byType)
    }
    let fields = byType.get(type.name)
    if (!fields) {
      const collected = new Map<string, FieldNode[]>()
      for (const node of nodes) if (node.selectionSet) this.collectInto(collected, type, node.selectionSet, new Set())
      fields = collected
      byType.set(type.name, fields)
    }
    return fields
  }

  collectInto(into: Map<string, FieldNode[]>, type: GraphQLObjectType, selectionSet: SelectionSetNode, visited: Set<string>): void {
    for (const selection of selectionSet.selections) {
      if (!this.included(selection)) continue
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value
        const list = into.get(key)
        if (list) list.push(selection)
        else into.set(key, [selection])
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || this.applies(selection.typeCondition.name.value, type)) this.collectInto(into, type, selection.selectionSet, visited)
      } else {
        const name = selection.name.value
        if (visited.has(name)) continue
        visited.add(name)
        const fragment = this.input.fragments[name]
        if (fragment && this.applies(fragment.typeCondition.name.value, type)) this.collectInto(into, type, fragment.selectionSet, visited)
      }
    }
  }

  applies(condition: string, type: GraphQLObjectType): boolean {
    if (condition === type.name) return true
    const conditionType = this.input.schema.getType(condition)
    return !!conditionType && isAbstractType(conditionType) && this.input.schema.isSubType(conditionType, type)
  }

  /** @skip / @include, with literal or variable arguments. */
  included(node: SelectionNode): boolean {
    for (const d of node.directives ?? []) {
      if (d.name.value !== 'skip' && d.name.value !== 'include') continue
      const v = d.arguments?.find((a) => a.name.value === 'if')?.value
      if (!v) continue
      const on = v.kind === Kind.VARIABLE ? this.input.variables[v.name.value] === true : v.kind === Kind.BOOLEAN && v.value
      if (d.name.value === 'skip' ? on : !on) return false
    }
    return true
  }
}

/** Whether a document's field collection depends on variables (@skip/@include), and so cannot be shared. */
export function hasConditions(document: { loc?: { source: { body: string } } }): boolean {
  const body = document.loc?.source.body
  return body === undefined || /@(skip|include)\b/.test(body)
}
