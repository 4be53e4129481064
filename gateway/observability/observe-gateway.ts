import type { Plugin } from 'graphql-yoga'
import type { Federation } from '../../federation/index.js'
import type { Logger } from '../logger.js'
import type { CaseStore } from '../stores/case-store.js'
import { feedMetrics } from './feed-metrics.js'
import { GatewayMetrics, type GatewayMetricsOptions } from './gateway-metrics.js'
import { observeRequests } from './observe-requests.js'
import { useMetricsEndpoint } from './use-metrics-endpoint.js'

/** `false`: no /metrics and no counting. */
export type MetricsOptions = false | Pick<GatewayMetricsOptions, 'maxOperationNames' | 'processMetrics' | 'storeTimeoutMs'>

/**
 * Everything the server wires in for operations: the request observation (access log, metrics,
 * spans) around the HTTP handler, its envelop plugin, and `/metrics`. Tracing itself is a
 * process-wide switch (tracing.ts), turned on by the CLI.
 */
export function observeGateway(o: { logger: Logger; federation: () => Federation; store?: CaseStore | undefined; graphqlEndpoint: string; metrics?: MetricsOptions | undefined }) {
  const metrics = o.metrics === false ? undefined : new GatewayMetrics({ ...o.metrics, federation: o.federation, ...(o.store && { store: o.store }) })
  const unfeed = metrics ? feedMetrics(metrics) : undefined
  const requests = observeRequests({ logger: o.logger, metrics, graphqlEndpoint: o.graphqlEndpoint })
  return {
    metrics,
    /** Plugins to add before every other plugin. */
    first: [requests.first] as Plugin[],
    /** Plugins to add after every other plugin: the result they classify must be final. */
    last: [requests.last, ...(metrics ? [useMetricsEndpoint(metrics)] : [])] as Plugin[],
    wrap: requests.wrap,
    close: () => unfeed?.(),
  }
}
