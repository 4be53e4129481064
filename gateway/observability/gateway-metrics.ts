import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Federation } from '../../federation/index.js'
import type { UpstreamOutcome } from '../../federation/upstream/upstream-events.js'
import type { CaseStore } from '../stores/case-store.js'
import { BoundedLabel, ERROR_CODE, OPERATION_NAME } from './bounded-label.js'
import type { CaseAcceptedEvent, DeliveryEvent, VerificationEvent } from './gateway-events.js'

/** ok: no errors; partial: data and errors (a city missing from a fan-out); error: no data. */
export type RequestOutcome = 'ok' | 'partial' | 'error'

export interface GatewayMetricsOptions {
  /** The federation whose cities' breakers are reported (a getter: configurations reload). */
  federation: () => Federation
  /** Outbox depth and dead letters are read from it at each scrape. */
  store?: CaseStore
  /** Distinct operation names kept as label values; later names are counted as `other`. Default 100. */
  maxOperationNames?: number
  /** Node process metrics (CPU, memory, event loop lag, GC). Default true. */
  processMetrics?: boolean
  /** A scrape waits this long for the store, then reports no outbox figures. Default 2000. */
  storeTimeoutMs?: number
}

export interface RequestRecord {
  /** The operation's name as sent; undefined for an anonymous operation. */
  name: string | undefined
  /** undefined when the request never got as far as choosing an operation. */
  type: 'query' | 'mutation' | 'subscription' | undefined
  outcome: RequestOutcome
  /** The first error's extensions.code; '' when ok. */
  code: string
  seconds: number
}

const BREAKER_STATES = ['closed', 'half-open', 'open'] as const
/** Request latency: the lean path answers a cached page in ~1 ms; a fan-out to a slow city takes seconds. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
/** A city attempt is bounded by the region's timeouts (4 s by default). */
const UPSTREAM_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

/**
 * The gateway's Prometheus metrics, in a registry of their own (one per gateway, so tests and
 * several gateways in one process do not share counts). Every label is bounded: operation
 * names and error codes through {@link BoundedLabel}, regions by the configuration, the rest
 * by enumerations. Ids and other user input are never labels.
 *
 * Counters are fed by the request observation and by the diagnostics-channel events (see
 * feed-metrics.ts); breaker states and outbox depths are read when Prometheus scrapes.
 */
export class GatewayMetrics {
  readonly registry = new Registry()
  readonly #operations: BoundedLabel
  readonly #codes = new BoundedLabel(60, ERROR_CODE)
  readonly #requests: Counter<'operation' | 'operation_type' | 'outcome' | 'code'>
  readonly #requestSeconds: Histogram<'operation' | 'operation_type'>
  readonly #upstreamSeconds: Histogram<'region' | 'outcome'>
  readonly #upstreamErrors: Counter<'region' | 'reason'>
  readonly #deliveries: Counter<'region' | 'kind' | 'outcome'>
  readonly #signatures: Counter<'format' | 'indication' | 'sub_indication'>
  readonly #verifications: Counter<'indication' | 'sub_indication'>
  readonly #accepted: Counter<'accepting_region' | 'competent_region' | 'mode'>
  /** Label children of the per-request series, so the hot path skips prom-client's label hashing. */
  readonly #children = new Map<string, { inc(): void } | { observe(v: number): void }>()
  readonly #o: GatewayMetricsOptions
  #depths: { at: number; value: Promise<Map<string, Depth> | undefined> } | undefined

  constructor(o: GatewayMetricsOptions) {
    this.#o = o
    this.#operations = new BoundedLabel(o.maxOperationNames ?? 100, OPERATION_NAME)
    const registers = [this.registry]
    this.#requests = new Counter({
      name: 'tongban_graphql_requests_total',
      help: 'GraphQL requests by operation name (named operations only; `anonymous`, `unknown` before an operation was chosen, `other` past the cap), type, outcome (ok | partial | error) and the first error code',
      labelNames: ['operation', 'operation_type', 'outcome', 'code'],
      registers,
    })
    this.#requestSeconds = new Histogram({
      name: 'tongban_graphql_request_duration_seconds',
      help: 'GraphQL request latency at the HTTP server, from the request arriving to the response sent',
      labelNames: ['operation', 'operation_type'],
      buckets: REQUEST_BUCKETS,
      registers,
    })
    this.#upstreamSeconds = new Histogram({
      name: 'tongban_upstream_request_duration_seconds',
      help: 'Latency of each HTTP attempt to a city platform (a retry is another attempt), by outcome (ok or the unavailability reason)',
      labelNames: ['region', 'outcome'],
      buckets: UPSTREAM_BUCKETS,
      registers,
    })
    this.#upstreamErrors = new Counter({
      name: 'tongban_upstream_errors_total',
      help: 'Failed attempts to a city by reason (TIMEOUT, CONNECTION_FAILED, HTTP_STATUS, BAD_RESPONSE), requests refused by an open breaker (BREAKER_OPEN), and answers carrying GraphQL errors (UPSTREAM_ERROR)',
      labelNames: ['region', 'reason'],
      registers,
    })
    new Gauge({
      name: 'tongban_upstream_breaker_state',
      help: "Each city's circuit breaker: 1 for its current state (closed, half-open, open), 0 for the others",
      labelNames: ['region', 'state'],
      registers,
      collect() {
        this.reset()
        for (const [region, client] of o.federation().clients) {
          const current = client.breakerState
          for (const state of BREAKER_STATES) this.set({ region, state }, current === state ? 1 : 0)
        }
      },
    })
    const depths = () => this.#outboxDepths()
    new Gauge({
      name: 'tongban_outbox_messages',
      help: 'Deliveries waiting in each city\'s outbox: ready (due now), delayed (waiting for a retry), unacknowledged (claimed by a worker)',
      labelNames: ['region', 'state'],
      registers,
      async collect() {
        this.reset()
        for (const [region, d] of (await depths()) ?? []) {
          this.set({ region, state: 'ready' }, d.ready)
          this.set({ region, state: 'delayed' }, d.delayed)
          this.set({ region, state: 'unacknowledged' }, d.unacknowledged)
        }
      },
    })
    new Gauge({
      name: 'tongban_outbox_dead_letters',
      help: 'Deliveries that gave up, per city, waiting for requeueDelivery',
      labelNames: ['region'],
      registers,
      async collect() {
        this.reset()
        for (const [region, d] of (await depths()) ?? []) this.set({ region }, d.dead)
      },
    })
    this.#deliveries = new Counter({
      name: 'tongban_deliveries_total',
      help: 'Delivery attempts of outbox messages to the cities by kind (deliver | compensate) and outcome (delivered, duplicate, retry, dead, skipped, error)',
      labelNames: ['region', 'kind', 'outcome'],
      registers,
    })
    this.#signatures = new Counter({
      name: 'tongban_signature_verifications_total',
      help: 'Signed forms verified (JWS, CMS, SES_SIGNATURE, SES_SEAL, OFD) by ETSI EN 319 102-1 indication and sub-indication',
      labelNames: ['format', 'indication', 'sub_indication'],
      registers,
    })
    this.#verifications = new Counter({
      name: 'tongban_certificate_verifications_total',
      help: 'verifyCertificate answers (and certificate materials checked at intake) by combined indication and sub-indication',
      labelNames: ['indication', 'sub_indication'],
      registers,
    })
    this.#accepted = new Counter({
      name: 'tongban_cases_accepted_total',
      help: 'New remote-acceptance cases committed (replays of an idempotency key excluded)',
      labelNames: ['accepting_region', 'competent_region', 'mode'],
      registers,
    })
    if (o.processMetrics !== false) collectDefaultMetrics({ register: this.registry })
  }

  request(r: RequestRecord): void {
    const operation = r.type === undefined ? 'unknown' : r.name === undefined ? 'anonymous' : this.#operations.value(r.name)
    const type = r.type ?? 'unknown'
    const code = r.code === '' ? '' : this.#codes.value(r.code)
    this.#child(`r\0${operation}\0${type}\0${r.outcome}\0${code}`, () => this.#requests.labels(operation, type, r.outcome, code)).inc()
    this.#child(`d\0${operation}\0${type}`, () => this.#requestSeconds.labels(operation, type)).observe(r.seconds)
  }

  upstreamAttempt(region: string, outcome: UpstreamOutcome, seconds: number): void {
    this.#child(`u\0${region}\0${outcome}`, () => this.#upstreamSeconds.labels(region, outcome)).observe(seconds)
    if (outcome !== 'ok') this.#upstreamErrors.inc({ region, reason: outcome })
  }

  /** A request that ended without an attempt (open breaker), or a city's answer with GraphQL errors. */
  upstreamError(region: string, reason: 'BREAKER_OPEN' | 'UPSTREAM_ERROR'): void {
    this.#upstreamErrors.inc({ region, reason })
  }

  delivery(e: DeliveryEvent): void {
    this.#deliveries.inc({ region: e.region, kind: e.kind, outcome: e.outcome })
  }

  verification(e: VerificationEvent): void {
    this.#verifications.inc({ indication: e.indication, sub_indication: e.subIndication ?? '' })
    for (const r of e.reports) this.#signatures.inc({ format: r.format, indication: r.indication, sub_indication: r.subIndication ?? '' })
  }

  caseAccepted(e: CaseAcceptedEvent): void {
    this.#accepted.inc({ accepting_region: e.acceptingRegion, competent_region: e.competentRegion, mode: e.mode })
  }

  /** The exposition text for a scrape. */
  scrape(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }

  #child<T>(key: string, make: () => T): T {
    let child = this.#children.get(key) as T | undefined
    if (!child) {
      child = make()
      this.#children.set(key, child as never)
    }
    return child
  }

  /**
   * One store query per region per scrape, shared by the two outbox gauges. A store that does
   * not answer in time yields no outbox series (absent, not zero) rather than a hung scrape.
   */
  #outboxDepths(): Promise<Map<string, Depth> | undefined> {
    const store = this.#o.store
    if (!store) return Promise.resolve(undefined)
    const now = Date.now()
    if (this.#depths && now - this.#depths.at < 1000) return this.#depths.value
    const regions = this.#o.federation().regions.map((r) => r.code)
    const read = Promise.all(regions.map(async (region) => [region, await store.outbox.depth(region)] as const)).then((entries) => new Map(entries))
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, this.#o.storeTimeoutMs ?? 2000, undefined)
    })
    const value = Promise.race([read, timeout])
      .catch(() => undefined)
      .finally(() => clearTimeout(timer))
    this.#depths = { at: now, value }
    return value
  }
}

type Depth = Awaited<ReturnType<CaseStore['outbox']['depth']>>
