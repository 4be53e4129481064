import { FederationError } from '../errors.js'
import { attachError } from '../translate/attach-error.js'
import type { CompiledList, RegionPosition } from '../translate/compile-list.js'
import type { MapContext } from '../translate/compile-type.js'
import type { RequestScope } from './request-scope.js'
import { upstreamError } from './request-scope.js'
import { resolveJoins } from './resolve-joins.js'

/** One region's contribution to a fan-out: mapped items and where the next page starts. */
export interface RegionPage {
  region: string
  items: Record<string, unknown>[]
  /**
   * Where the region's list continues after items[i] (for per-edge cursors). A function, not
   * an array of positions: most queries never read a cursor.
   */
  positionAfter(i: number): RegionPosition
  start: RegionPosition
  hasMore: boolean
  total?: number
  /** The region could not answer; its position is kept for the next page. */
  failed?: boolean
}

/**
 * Fetches and maps one page of a list from one city.
 * @throws FederationError REGION_UNAVAILABLE or UPSTREAM_ERROR when the city gives no data.
 */
export async function fetchRegionPage(
  scope: RequestScope,
  list: CompiledList,
  filter: Record<string, unknown>,
  start: RegionPosition,
  limit: number,
  withCount: boolean,
): Promise<RegionPage | undefined> {
  const { rt } = list
  const calls = list.calls(filter, start, limit, withCount)
  if (calls === 'skip') return undefined
  const results = await Promise.all(calls.map((c) => scope.call(rt.region.code, c)))
  const page = list.read(results, limit)
  if (results[0]!.data === null && page.otherErrors.length) throw upstreamError(rt.region.code, rt.region.name, page.otherErrors)
  const ctx: MapContext = { joins: [] }
  const items: unknown[] = []
  for (const local of page.locals) items.push(list.item.map(local, ctx))
  for (const { index, path, error } of page.itemErrors) {
    const at = list.item.locate(path)
    const err = new FederationError('UPSTREAM_ERROR', `${rt.region.name}: ${error.message}`, { details: { region: rt.region.code } })
    if (!at || !attachError(items[index], at, err)) scope.partialErrors.push({ error: err, path: [] })
  }
  await resolveJoins(scope, ctx)
  const base = start && 'offset' in start ? start.offset : 0
  const cursors = page.cursors
  return {
    region: rt.region.code,
    // An object that could not be mapped at all (not an object) is left out of the list.
    items: (items.some((x) => x instanceof Error) ? items.filter((x) => !(x instanceof Error)) : items) as Record<string, unknown>[],
    // Indexed by position in the city's list, i.e. before the exclusion above, as the merge
    // has always read it.
    positionAfter: (i) => (cursors ? { cursor: cursors[i] ?? '' } : { offset: base + i + 1 }),
    start,
    hasMore: page.hasMore,
    ...(page.total !== undefined && { total: page.total }),
  }
}
