import type { GraphQLCompositeType, GraphQLResolveInfo } from 'graphql'
import { FederationError } from '../errors.js'
import { checkPartyId } from '../identity/party-id.js'
import { collectSelection } from '../translate/canonical-selection.js'
import { compileList, type CompiledList } from '../translate/compile-list.js'
import { pathOf } from './list-cases.js'
import { fetchRegionPage } from './region-page.js'
import type { RequestScope } from './request-scope.js'

/**
 * `certificates(holderId)`: every region's licences for one holder, asked in parallel (one
 * upstream request per city, batched with anything else the request needs there), listed by
 * region code then each city's own order. A failing city adds a partial error.
 * @throws FederationError INVALID_ID_NUMBER before any city is asked.
 */
export async function listCertificates(
  scope: RequestScope,
  holderId: string,
  info: GraphQLResolveInfo,
  /** Only these regions (the caller's jurisdiction); every region when absent. */
  regions?: ReadonlySet<string>,
): Promise<unknown[]> {
  const fed = scope.federation
  const filter = { holderId: checkPartyId(holderId, 'holderId').value }
  const targets = [...fed.runtimes.values()].filter((rt) => rt.config.operations.certificates && (!regions || regions.has(rt.region.code)))
  const pages = await Promise.all(
    targets.map(async (rt) => {
      const list = fed.plans.get<CompiledList>(info, `certificates:${rt.region.code}`, () => {
        const type = fed.canonicalSchema.getType('Certificate') as GraphQLCompositeType
        const sub = collectSelection(fed.canonicalSchema, type, info.fieldNodes.map((n) => n.selectionSet), info.fragments)
        return compileList(rt, rt.config.operations.certificates!, sub)
      })
      try {
        return (await fetchRegionPage(scope, list, filter, null, Number.MAX_SAFE_INTEGER, false))?.items ?? []
      } catch (err) {
        if (!(err instanceof FederationError)) throw err
        scope.partialErrors.push({ error: err, path: pathOf(info) })
        return []
      }
    }),
  )
  return pages.flat()
}
