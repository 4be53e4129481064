import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { gatewayChannels, type DeliveryEvent, type DeliveryOutcome } from './gateway-events.js'
import { activeTracer } from './tracing.js'

export interface DeliveryAttempt {
  region: string
  kind: 'deliver' | 'compensate'
  caseId: string
  step: number
  /** 1 for the first attempt. */
  attempt: number
}

const FAILED: ReadonlySet<DeliveryOutcome> = new Set(['retry', 'dead', 'error'])

/**
 * Runs one delivery attempt of an outbox message: inside a span of its own when tracing is on
 * (the call to the city becomes its child), and reported on the delivery channel for metrics.
 * `run` answers what became of the message.
 */
export async function observeDelivery(d: DeliveryAttempt, run: () => Promise<DeliveryOutcome>): Promise<void> {
  const tracer = activeTracer()
  const outcome = !tracer
    ? await run()
    : await tracer.startActiveSpan(
        `delivery ${d.region}`,
        {
          kind: SpanKind.INTERNAL,
          attributes: { 'tongban.region': d.region, 'tongban.case_id': d.caseId, 'tongban.delivery.kind': d.kind, 'tongban.delivery.step': d.step, 'tongban.delivery.attempt': d.attempt },
        },
        async (span) => {
          try {
            const result = await run()
            span.setAttribute('tongban.delivery.outcome', result)
            if (FAILED.has(result)) span.setStatus({ code: SpanStatusCode.ERROR, message: result })
            return result
          } catch (err) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) })
            throw err
          } finally {
            span.end()
          }
        },
      )
  if (gatewayChannels.delivery.hasSubscribers) gatewayChannels.delivery.publish({ region: d.region, kind: d.kind, outcome } satisfies DeliveryEvent)
}
