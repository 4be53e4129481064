import { competentRegion, type Federation, type RequestScope } from '../../federation/index.js'
import type { GraphQLSchema } from 'graphql'
import type { Logger } from '../logger.js'
import type { Caller } from '../auth/caller.js'
import { GatewayError } from '../errors.js'
import { publishCaseAccepted } from '../observability/gateway-events.js'
import type { CaseStore, Commit } from '../stores/case-store.js'
import type { GatewayTrust } from '../verification/trust-material.js'
import { validateApplication, type RemoteApplicationInput } from './application-input.js'
import { authorizeCaller, reachesRemoteCase } from '../auth/authorization.js'
import { nowIso, reported, type Change, type StatusReport } from './case-progress.js'
import { checkMaterials } from './check-materials.js'
import type { ReceiptKey } from './receipt-key.js'
import { newCaseId } from './case-id.js'
import { signReceiptFast } from './sign-receipt.js'
import type { CaseState, RemoteCase } from './remote-case.js'

export interface AcceptanceDeps {
  federation: Federation
  store: CaseStore
  receiptKey: ReceiptKey
  trust: GatewayTrust | undefined
  logger: Logger
  /**
   * Wakes this replica's delivery workers of a region at once, for work the store does not
   * announce (a requeued dead letter). Work a commit queues is announced by the store itself
   * (Outbox.onReady), to every replica.
   */
  wake?: (region: string) => void
}

export interface Submitted {
  jws: string
  case: RemoteCase
  replayed: boolean
}

/**
 * Remote acceptance (异地受理): taking applications in at a window, following their state, and
 * the rules of who may see what. Delivery to the cities is the workers' job (gateway/delivery).
 */
export class AcceptanceService {
  constructor(readonly deps: AcceptanceDeps) {}

  /**
   * submitRemoteApplication: validate → decide competence → verify materials → persist
   * (case, outbox message, audit entry and idempotency key in one commit) → signed receipt.
   * A failure at any step writes nothing.
   */
  async submit(caller: Caller, input: RemoteApplicationInput, ctx: { scope: RequestScope; schema: GraphQLSchema }): Promise<Submitted> {
    const clerk = authorizeCaller(caller, 'submitApplication').caller
    const { federation: fed, store } = this.deps
    const accepting = { region: clerk.region, window: clerk.window! }
    const app = validateApplication(fed, input, accepting)
    const key = `${accepting.region}/${accepting.window}/${input.idempotencyKey}`
    // No look-up first: the commit itself refuses a used key (replay or conflict) atomically,
    // and saves a round trip on every new application; a replay redoes the checks, harmlessly.

    const decision = competentRegion(fed, app.matter.code, { ...app.facts, acceptingRegion: accepting.region })
    const materials = await checkMaterials(input.materials, { trust: this.deps.trust, federation: fed, scope: ctx.scope, schema: ctx.schema })
    const receivedAt = nowIso()
    const id = newCaseId()
    const steps = decision.steps.map((s) => ({
      order: s.order,
      name: s.name,
      region: s.region.code,
      state: 'RECEIVED' as CaseState,
      localId: null,
      delivery: { status: s.order === 1 ? ('PENDING' as const) : ('WAITING' as const), attempts: 0, lastError: null, nextAttemptAt: null },
      compensation: null,
    }))
    const receiptPayload = {
      caseId: id,
      matter: { code: app.matter.code, name: app.matter.name },
      mode: input.mode,
      competentRegion: decision.region.code,
      steps: steps.map((s) => ({ order: s.order, region: s.region })),
      acceptingRegion: accepting.region,
      acceptingWindow: accepting.window,
      clerk: clerk.subject,
      applicant: { kind: input.applicant.kind, name: input.applicant.name.trim(), idNumber: app.idNumber },
      materials: materials.map((m) => ({ name: m.name, digest: m.digest, kind: m.kind })),
      acceptedAt: receivedAt,
      requestHash: app.requestHash,
    }
    const jws = signReceiptFast(receiptPayload, this.deps.receiptKey)
    const value: RemoteCase = {
      id,
      idempotencyKey: key,
      requestHash: app.requestHash,
      matterCode: app.matter.code,
      mode: input.mode,
      applicant: { kind: input.applicant.kind, name: input.applicant.name.trim(), idNumber: app.idNumber, phone: input.applicant.phone?.trim() || null },
      facts: app.facts,
      accepting: { ...accepting, subject: clerk.subject ?? '' },
      competentRegion: decision.region.code,
      steps,
      materials,
      state: 'RECEIVED',
      history: [{ state: 'RECEIVED', at: receivedAt, note: `accepted at window ${accepting.window} (${accepting.region}); ${decision.explanation}`, source: 'gateway', step: null }],
      receivedAt,
      receipt: jws,
      version: 1,
    }
    const commit: Commit = {
      idempotency: { key, requestHash: app.requestHash, caseId: id },
      cases: [{ value, expectedVersion: null }],
      enqueue: [{ message: { caseId: id, step: 1, region: steps[0]!.region, kind: 'deliver', attempt: 0 } }],
      audit: [
        {
          type: 'case.received',
          caseId: id,
          at: receivedAt,
          data: { matter: app.matter.code, mode: input.mode, competentRegion: decision.region.code, rule: decision.rule, acceptingRegion: accepting.region, window: accepting.window, requestHash: app.requestHash, materials: receiptPayload.materials },
        },
      ],
    }
    const result = await store.commit(commit)
    if (result.outcome === 'replay' || result.outcome === 'conflict') {
      // Another request with this key won the race a moment ago.
      return this.#replay({ requestHash: result.outcome === 'replay' ? app.requestHash : '', caseId: result.caseId }, app.requestHash)
    }
    if (result.outcome !== 'applied') throw new GatewayError('STORE_UNAVAILABLE', 'the case could not be stored; nothing was accepted, try again')
    publishCaseAccepted({ acceptingRegion: accepting.region, competentRegion: decision.region.code, mode: input.mode })
    return { jws, case: value, replayed: false }
  }

  async #replay(known: { requestHash: string; caseId: string }, requestHash: string): Promise<Submitted> {
    if (known.requestHash !== requestHash) {
      throw new GatewayError('IDEMPOTENCY_CONFLICT', 'this idempotency key was already used for a different application', {
        details: { argument: 'input.idempotencyKey', caseId: known.caseId },
      })
    }
    const existing = await this.deps.store.getCase(known.caseId)
    if (!existing) throw new GatewayError('STORE_UNAVAILABLE', 'the earlier case for this idempotency key cannot be read; try again')
    return { jws: existing.receipt, case: existing, replayed: true }
  }

  /** reportCaseStatus from a city platform: only about steps that city handles. */
  async report(caller: Caller, input: { caseId: string; step?: number | null; localId?: string | null; state: CaseState; at: string; note?: string | null }): Promise<RemoteCase> {
    const city = authorizeCaller(caller, 'reportStatus').caller
    const c = await this.deps.store.getCase(input.caseId)
    const step = c && (input.step ? c.steps[input.step - 1] : c.steps.find((s) => s.region === city.region))
    // Unknown case and someone else's case look the same: no probing of other cities' cases.
    if (!c || !step || step.region !== city.region) {
      throw new GatewayError('FORBIDDEN', `${city.region} handles no step of case ${input.caseId}`, { details: { caseId: input.caseId } })
    }
    const updated = await this.applyReport(c.id, { step: step.order, state: input.state, at: input.at, note: input.note ?? null, localId: input.localId ?? null, source: city.region })
    return updated ?? c
  }

  /** Applies a status report (pushed or polled), retrying on concurrent updates. */
  async applyReport(caseId: string, report: StatusReport): Promise<RemoteCase | undefined> {
    return this.update(caseId, (c) => reported(c, report))
  }

  /**
   * Optimistic update: read, change, commit with the version read; on a concurrent change,
   * read again. Returns the new case, or undefined when the change was a no-op.
   */
  async update(caseId: string, change: (c: RemoteCase) => Change | undefined, known?: RemoteCase): Promise<RemoteCase | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      // A caller that has just read the case saves a read; a version conflict reads it afresh.
      const c = attempt === 0 && known ? known : await this.deps.store.getCase(caseId)
      if (!c) return undefined
      const next = change(c)
      if (!next) return undefined
      const result = await this.deps.store.commit({ cases: [{ value: next.value, expectedVersion: c.version }], enqueue: next.enqueue.map((message) => ({ message })), audit: next.audit })
      if (result.outcome === 'applied') return next.value
    }
    throw new GatewayError('STORE_UNAVAILABLE', `case ${caseId} keeps changing under us; try again`)
  }

  async get(caller: Caller, id: string): Promise<RemoteCase | null> {
    const { reach } = authorizeCaller(caller, 'readRemoteCases')
    const c = await this.deps.store.getCase(id)
    return c && reachesRemoteCase(caller, reach, c) ? c : null
  }

  async list(caller: Caller, o: { region?: string | null; state?: CaseState | null; first: number; before?: string | null }): Promise<RemoteCase[]> {
    const { caller: who, reach } = authorizeCaller(caller, 'readRemoteCases')
    const first = Math.min(Math.max(o.first, 1), 100)
    const region = o.region ? this.deps.federation.divisions.resolve(o.region, 'filter.region').region.code : undefined
    const filter = who.role === 'window-clerk' ? { acceptingRegion: who.region, acceptingWindow: who.window! } : who.role === 'city-platform' ? { competentRegion: who.region } : {}
    const out: RemoteCase[] = []
    let before = o.before ?? undefined
    // Filters the store cannot apply are applied here, page by page.
    for (let page = 0; page < 20 && out.length < first; page++) {
      const batch = await this.deps.store.listCases({ ...filter, ...(before && { before }), limit: first * 2 })
      for (const c of batch) {
        if (reachesRemoteCase(who, reach, c) && (!region || c.steps.some((s) => s.region === region)) && (!o.state || c.state === o.state)) out.push(c)
        if (out.length === first) break
      }
      if (batch.length < first * 2) break
      before = batch[batch.length - 1]!.id
    }
    return out
  }
}
