import { getNamedType, type GraphQLCompositeType, type GraphQLResolveInfo } from 'graphql'
import { FederationError } from '../errors.js'
import { collectSelection } from '../translate/canonical-selection.js'
import { attachError } from '../translate/attach-error.js'
import { compileMapping, type MapContext, type ObjectPlan } from '../translate/compile-type.js'
import { compileLookupCall, type CompiledLookup } from '../translate/lookup-call.js'
import { parseCanonicalId } from './canonical-id.js'
import type { RequestScope } from './request-scope.js'
import { resolveJoins } from './resolve-joins.js'

interface LookupPlan {
  plan: ObjectPlan
  lookup: CompiledLookup
}

/**
 * Resolves `case(id)` / `certificate(id)`: routes the id to its owning city, fetches it
 * (batched with every other lookup of this request to that city) and maps it.
 * @throws FederationError INVALID_ID, REGION_UNAVAILABLE, UPSTREAM_ERROR.
 */
export async function findById(scope: RequestScope, kind: 'case' | 'certificate', id: string, info: GraphQLResolveInfo): Promise<unknown> {
  const fed = scope.federation
  const { rt, localKey } = parseCanonicalId(fed, id)
  const op = rt.config.operations[kind]
  if (!op) return null
  const compiled = fed.plans.get<LookupPlan>(info, `${kind}:${rt.region.code}`, () => {
    const type = getNamedType(info.returnType) as GraphQLCompositeType
    const sub = collectSelection(fed.canonicalSchema, type, info.fieldNodes.map((n) => n.selectionSet), info.fragments)
    const plan = compileMapping(rt, op.type, sub)
    return { plan, lookup: compileLookupCall(rt, op.lookup, rt.types[op.type]!.local, plan.selection) }
  })
  if (compiled.lookup.coerceKey(localKey) === undefined) {
    throw new FederationError('INVALID_ID', `'${id}' is not an id ${rt.region.name} can hold`, { details: { argument: 'id' } })
  }
  const found = await scope.find(compiled.lookup, localKey)
  if (!found) return null
  const ctx: MapContext = { joins: [] }
  const mapped = compiled.plan.map(found.local, ctx)
  for (const { path, error } of found.errors) {
    const at = compiled.plan.locate(path)
    const err = new FederationError('UPSTREAM_ERROR', `${rt.region.name}: ${error.message}`, { details: { region: rt.region.code } })
    if (at) attachError(mapped, at, err)
  }
  await resolveJoins(scope, ctx)
  return mapped
}
