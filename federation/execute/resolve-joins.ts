import { FederationError } from '../errors.js'
import { attachError } from '../translate/attach-error.js'
import type { MapContext, PendingJoin } from '../translate/compile-type.js'
import type { RequestScope } from './request-scope.js'

/**
 * Fetches every joined value the mapping step asked for (e.g. Meishan's applicants) in one
 * batched request per city and step, maps them and writes them into their canonical parents.
 * Joined objects may join further; each round is one more step.
 */
export async function resolveJoins(scope: RequestScope, ctx: MapContext): Promise<void> {
  for (let round = 0; ctx.joins.length > 0; round++) {
    if (round > 8) throw new FederationError('CONFIG_INVALID', 'joins nest deeper than 8 levels; is a mapping cyclic?')
    const pending = ctx.joins
    ctx.joins = []
    await Promise.all(pending.map((join) => fill(scope, ctx, join)))
  }
}

async function fill(scope: RequestScope, ctx: MapContext, join: PendingJoin): Promise<void> {
  const { lookup, plan } = join.variant
  const key = String(join.key)
  try {
    const found = await scope.find(lookup, key)
    if (!found) {
      join.target[join.field] = new FederationError(
        'UPSTREAM_BAD_RESPONSE',
        `${lookup.rt.region.name} has no ${join.variant.mapping} with key ${key}, though a record refers to it`,
        { details: { region: lookup.rt.region.code } },
      )
      return
    }
    const mapped = plan.map(found.local, ctx)
    join.target[join.field] = mapped
    for (const { path, error } of found.errors) {
      const at = plan.locate(path)
      if (at) attachError(mapped, at, new FederationError('UPSTREAM_ERROR', `${lookup.rt.region.name}: ${error.message}`, { details: { region: lookup.rt.region.code } }))
    }
  } catch (err) {
    join.target[join.field] = err instanceof Error ? err : new Error(String(err))
  }
}
