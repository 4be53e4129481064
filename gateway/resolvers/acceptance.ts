import type { GraphQLResolveInfo } from 'graphql'
import type { CaseState } from '../acceptance/remote-case.js'
import type { RemoteApplicationInput } from '../acceptance/application-input.js'
import { authorize, authorizeCaller, reachesRegion } from '../auth/authorization.js'
import { canonicalCaseView, remoteCaseView } from '../acceptance/case-view.js'
import type { GatewayContext } from '../context.js'
import { GatewayError } from '../errors.js'
import { nowIso } from '../acceptance/case-progress.js'

const service = (ctx: GatewayContext) => {
  if (!ctx.acceptance) throw new GatewayError('STORE_UNAVAILABLE', 'remote acceptance is not enabled on this gateway')
  return ctx.acceptance
}

/** Query, Mutation and Subscription fields of remote acceptance. */
export const acceptanceQuery = {
  remoteCase: async (_: unknown, { id }: { id: string }, ctx: GatewayContext) => {
    const c = await service(ctx).get(await ctx.caller(), id)
    return c && remoteCaseView(ctx.federation, c)
  },
  remoteCases: async (_: unknown, a: { filter?: { region?: string | null; state?: CaseState | null } | null; first?: number | null; before?: string | null }, ctx: GatewayContext) => {
    const list = await service(ctx).list(await ctx.caller(), { ...(a.filter ?? {}), first: a.first ?? 20, before: a.before ?? null })
    return list.map((c) => remoteCaseView(ctx.federation, c))
  },
  deadLetters: async (_: unknown, __: unknown, ctx: GatewayContext) => {
    const { caller, reach } = authorizeCaller(await ctx.caller(), 'manageDeliveries')
    const letters = await service(ctx).deps.store.outbox.deadLetters()
    return letters
      .filter((d) => reachesRegion(caller, reach, d.message.region))
      .map((d) => ({ id: d.id, caseId: d.message.caseId, step: d.message.step, region: ctx.federation.divisions.find(d.message.region)?.region, kind: d.message.kind, attempts: d.message.attempt, reason: d.reason, at: nowIso(d.at) }))
  },
  auditLog: async (_: unknown, a: { from?: number | null; first?: number | null }, ctx: GatewayContext) => {
    authorize(await ctx.caller(), 'readAuditLog')
    const entries = await service(ctx).deps.store.audit.read(Math.max(1, a.from ?? 1), Math.min(Math.max(a.first ?? 100, 1), 1000))
    return entries.map((e) => ({ ...e, data: JSON.stringify(e.data) }))
  },
  auditCheckpoints: async (_: unknown, __: unknown, ctx: GatewayContext) => {
    authorize(await ctx.caller(), 'readAuditLog')
    return service(ctx).deps.store.audit.checkpoints()
  },
}

export const acceptanceMutation = {
  submitRemoteApplication: async (_: unknown, { input }: { input: RemoteApplicationInput }, ctx: GatewayContext, info: GraphQLResolveInfo) => {
    const r = await service(ctx).submit(await ctx.caller(), input, { scope: ctx.scope, schema: info.schema })
    return { jws: r.jws, replayed: r.replayed, case: remoteCaseView(ctx.federation, r.case) }
  },
  reportCaseStatus: async (_: unknown, { input }: { input: { caseId: string; step?: number | null; localId?: string | null; state: CaseState; at: string; note?: string | null } }, ctx: GatewayContext) => {
    const c = await service(ctx).report(await ctx.caller(), input)
    return remoteCaseView(ctx.federation, c)
  },
  requeueDelivery: async (_: unknown, { id }: { id: string }, ctx: GatewayContext) => {
    const { caller, reach } = authorizeCaller(await ctx.caller(), 'manageDeliveries')
    const { store } = service(ctx).deps
    const letter = (await store.outbox.deadLetters()).find((d) => d.id === id)
    if (!letter || !reachesRegion(caller, reach, letter.message.region)) return false
    const ok = await store.outbox.requeue(id)
    if (ok && letter.message.kind === 'deliver') {
      await service(ctx).update(letter.message.caseId, (c) => ({
        value: { ...c, steps: c.steps.map((s) => (s.order === letter.message.step ? { ...s, delivery: { ...s.delivery, status: 'PENDING' as const, attempts: 0, lastError: null } } : s)), version: c.version + 1 },
        audit: [{ type: 'delivery.requeued', caseId: c.id, at: nowIso(), data: { step: letter.message.step, by: caller.subject } }],
        enqueue: [],
      }))
      service(ctx).deps.wake?.(letter.message.region)
    }
    return ok
  },
}

export const acceptanceSubscription = {
  caseUpdated: {
    subscribe: async function* (_: unknown, { id }: { id: string }, ctx: GatewayContext) {
      const svc = service(ctx)
      const caller = await ctx.caller()
      const queue: string[] = []
      let wake: (() => void) | undefined
      // Listening before the first read: a change committed between the two is not missed.
      const unsubscribe = svc.deps.store.events.subscribe((changed) => {
        if (changed !== id) return
        queue.push(changed)
        wake?.()
      })
      try {
        const first = await svc.get(caller, id)
        if (!first) throw new GatewayError('FORBIDDEN', `case ${id} is not visible to this caller`, { details: { caseId: id } })
        yield { caseUpdated: remoteCaseView(ctx.federation, first) }
        for (;;) {
          if (queue.length === 0) await new Promise<void>((r) => (wake = r))
          queue.length = 0
          const c = await svc.get(caller, id)
          if (c) yield { caseUpdated: remoteCaseView(ctx.federation, c) }
        }
      } finally {
        unsubscribe()
      }
    },
  },
}

/** `case(id: "TB-…")`: a remote case seen as a canonical Case, for whoever may see it. */
export async function remoteCaseAsCase(id: string, ctx: GatewayContext) {
  const c = await service(ctx).get(await ctx.caller(), id)
  return c && canonicalCaseView(ctx.federation, c)
}
