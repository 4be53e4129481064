import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Progressive @override (`label: "percent(n)"`, Federation 2.7) decides per request whether
 * the new owner or the old one answers a field. The plan executor plans with the request's
 * draw (QueryPlans.planFor). For the stitching executor: @graphql-tools/federation asks the two owners'
 * handlers separately, each drawing its own random number, so in one request both could
 * decline the field (a null where the schema promises a value) or both claim it. Here one
 * number is drawn per request and every decision of that request reads it: the new owner
 * answers when it is below n/100, the old one otherwise, always exactly one of them.
 *
 * AsyncLocalStorage carries the draw through the planner's asynchronous steps; it is used only
 * for supergraphs that have percent labels, since it costs every promise of the request.
 */
const draws = new AsyncLocalStorage<number>()

/** The request's draw (getRng for the stitching options); a fresh one outside a request. */
export const overrideDraw = (): number => draws.getStore() ?? Math.random()

/** Runs `fn` with `draw` as the request's draw for the stitching executor's decisions. */
export const withOverrideDraw = <T>(draw: number, fn: () => T): T => draws.run(draw, fn)
