import { upstreamChannels, type UpstreamAttempt, type UpstreamCall } from '../../federation/upstream/upstream-events.js'
import { gatewayChannels, type CaseAcceptedEvent, type DeliveryEvent, type VerificationEvent } from './gateway-events.js'
import type { GatewayMetrics } from './gateway-metrics.js'

/**
 * Subscribes `metrics` to the federation's upstream events and the gateway's domain events.
 * Channels are process-wide: every gateway in the process counts every event (one gateway per
 * process is the deployment unit). Returns the unsubscribe function.
 */
export function feedMetrics(metrics: GatewayMetrics): () => void {
  const subscriptions: [{ subscribe(f: (m: unknown) => void): void; unsubscribe(f: (m: unknown) => void): void }, (m: unknown) => void][] = [
    [upstreamChannels.attempt, (m) => {
      const a = m as UpstreamAttempt
      metrics.upstreamAttempt(a.call.region, a.outcome, a.ms / 1000)
    }],
    [upstreamChannels.end, (m) => {
      const call = m as UpstreamCall
      if (call.outcome === 'BREAKER_OPEN') metrics.upstreamError(call.region, 'BREAKER_OPEN')
      else if (call.outcome === 'ok' && call.graphqlErrors > 0) metrics.upstreamError(call.region, 'UPSTREAM_ERROR')
    }],
    [gatewayChannels.delivery, (m) => metrics.delivery(m as DeliveryEvent)],
    [gatewayChannels.verification, (m) => metrics.verification(m as VerificationEvent)],
    [gatewayChannels.caseAccepted, (m) => metrics.caseAccepted(m as CaseAcceptedEvent)],
  ]
  for (const [channel, listener] of subscriptions) channel.subscribe(listener)
  return () => {
    for (const [channel, listener] of subscriptions) channel.unsubscribe(listener)
  }
}
