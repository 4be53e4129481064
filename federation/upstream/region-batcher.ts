import DataLoader from 'dataloader'
import { asError } from '../errors.js'
import type { UpstreamGraphQLError } from './graphql-response.js'
import type { ExecuteOptions, RegionClient } from './region-client.js'
import { printBatch, type RootCall, type RootResult } from './root-call.js'

/**
 * Collects the root calls one gateway request makes to one city within a tick and sends them
 * as a single GraphQL request (aliased root fields). Lookups by id, joins and fan-out list
 * calls therefore cost one upstream round trip per city per planning step.
 */
export function createRegionBatcher(client: Pick<RegionClient, 'execute'>, options: Omit<ExecuteOptions, 'read'>): DataLoader<RootCall, RootResult> {
  return new DataLoader<RootCall, RootResult>(
    async (calls) => {
      const { query, variables } = printBatch(calls)
      let response
      try {
        response = await client.execute({ query, variables, operationName: 'Tongban' }, { ...options, read: true, fields: calls.length })
      } catch (err) {
        const e = asError(err)
        return calls.map(() => e)
      }
      const shared: UpstreamGraphQLError[] = []
      const byCall: UpstreamGraphQLError[][] = calls.map(() => [])
      for (const e of response.errors) {
        const head = e.path?.[0]
        const i = typeof head === 'string' && /^t\d+$/.test(head) ? Number(head.slice(1)) : -1
        if (i >= 0 && i < calls.length) byCall[i]!.push({ ...e, path: e.path!.slice(1) })
        else shared.push(e)
      }
      return calls.map((_, i) => ({ data: response.data?.[`t${i}`] ?? null, errors: [...shared, ...byCall[i]!] }))
    },
    { cache: false },
  )
}
