import { badInput } from '../record-tables.js'
import type { RecordList } from '../newest-first.js'
import type { CdApplication, CdStatus, ChengduData } from './chengdu-data.js'

interface ApplicationsArgs {
  where?: { applicantIdNumber?: string | null; serviceItemCode?: string | null; status?: CdStatus[] | null } | null
  first?: number | null
  after?: string | null
}

interface CursorKey {
  ms: number
  no: string
}

// Opaque to clients, but deliberately the sort key rather than a position: a cursor stays
// meaningful when records are added before it (intake mutations) or when the record it names
// is filtered out of the next query.
function encodeCursor(data: ChengduData, a: CdApplication): string {
  return Buffer.from(`${data.receivedMs.get(a)}|${a.applicationNumber}`).toString('base64url')
}

function decodeCursor(cursor: string): CursorKey {
  const [ms, no] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  if (!ms || !no || !/^\d+$/.test(ms)) throw badInput(`after: not a cursor from this server (${cursor})`)
  return { ms: Number(ms), no }
}

/** Index of the first record after `key` in a newest-first list (binary search). */
function firstAfter(data: ChengduData, list: RecordList<CdApplication>, key: CursorKey): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const a = list.at(mid)!
    const ms = data.receivedMs.get(a)!
    const isAfter = ms < key.ms || (ms === key.ms && a.applicationNumber < key.no)
    if (isAfter) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** Resolvers for region-configs/chengdu/schema.graphql; types resolve through `__typename`. */
export function chengduResolvers(data: ChengduData) {
  return {
    Query: {
      applications(_: unknown, { where, first, after }: ApplicationsArgs) {
        if (first != null && first < 0) throw badInput(`first must be ≥ 0, got ${first}`)
        const list = data.applications.select({
          applicantId: where?.applicantIdNumber,
          matter: where?.serviceItemCode,
          states: where?.status ? new Set(where.status) : null,
        })
        const start = after ? firstAfter(data, list, decodeCursor(after)) : 0
        const end = first == null ? list.length : Math.min(list.length, start + first)
        const edges = []
        for (const node of list.slice(start, end)) edges.push({ cursor: encodeCursor(data, node), node })
        return {
          edges,
          pageInfo: { hasNextPage: end < list.length, endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : null },
          totalCount: list.length,
        }
      },
      applicationsByNumbers: (_: unknown, { numbers }: { numbers: string[] }) => data.applications.lookup(numbers),
      licences: (_: unknown, { holderIdNumber }: { holderIdNumber: string }) => data.licences.ofHolder(holderIdNumber),
      licencesByIds: (_: unknown, { ids }: { ids: string[] }) => data.licences.lookup(ids),
    },
  }
}
