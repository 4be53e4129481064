import type { Plugin } from 'graphql-yoga'
import type { GatewayMetrics } from './gateway-metrics.js'

/**
 * `GET /metrics`: the Prometheus exposition of `metrics`. It carries no personal data (regions,
 * operation names, codes), but it describes the traffic: keep it off the public load balancer.
 */
export function useMetricsEndpoint(metrics: GatewayMetrics, path = '/metrics'): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== path || request.method !== 'GET') return
      endResponse(new fetchAPI.Response(await metrics.scrape(), { headers: { 'content-type': metrics.contentType } }))
    },
  }
}
