import type { Plugin } from 'graphql-yoga'
import type { BreakerState, Federation } from '../../federation/index.js'
import type { CaseStore } from '../stores/case-store.js'

/**
 * `/healthcheck`: the process is alive. `/readiness`: it can do its work — configuration
 * loaded, the store reachable, and each city's (and in supergraph mode each subgraph's) breaker
 * state, so a load balancer takes a replica out when its store is gone (cities or subgraphs
 * being down is reported, not a reason to leave: every replica would see the same).
 */
export function useHealth(o: { federation: () => Federation; store?: CaseStore; subgraphs?: () => ReadonlyMap<string, BreakerState> | undefined }): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/healthcheck') {
        endResponse(new fetchAPI.Response(JSON.stringify({ status: 'ok' }), { headers: { 'content-type': 'application/json' } }))
        return
      }
      if (url.pathname !== '/readiness') return
      const fed = o.federation()
      const store = o.store ? await o.store.ping().catch(() => false) : null
      const regions = Object.fromEntries([...fed.clients].map(([code, c]) => [code, c.breakerState]))
      const subgraphs = o.subgraphs?.()
      const ready = store !== false
      endResponse(
        new fetchAPI.Response(JSON.stringify({ status: ready ? 'ready' : 'not ready', store: store === null ? 'none' : store ? 'reachable' : 'unreachable', storeKind: o.store?.kind ?? null, regions, ...(subgraphs && { subgraphs: Object.fromEntries(subgraphs) }) }), {
          status: ready ? 200 : 503,
          headers: { 'content-type': 'application/json' },
        }),
      )
    },
  }
}
