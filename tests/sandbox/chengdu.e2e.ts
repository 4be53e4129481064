import { describe, expect, it } from 'vitest'
import { createChengduCity, multiCityHolders, sandboxSeed } from '../../sandbox/index.js'
import { busiestApplicant, busiestMatterAndState, expectNewestFirst, gql, gqlData, useStartedCity } from './sandbox-helpers.js'

const seed = sandboxSeed()
const { cases, licences } = seed.cities['510100']!
const STATUS = { DELIVERED: 'PENDING_INTAKE', REFUSED: 'REJECTED', IN_REVIEW: 'UNDER_REVIEW', DENIED: 'DISAPPROVED', RESULT_ISSUED: 'CERTIFICATE_ISSUED', RESULT_SERVED: 'DELIVERED_TO_APPLICANT' } as Record<string, string>
const localStatus = (s: string): string => STATUS[s] ?? s

const LIST = /* GraphQL */ `
  query ($where: ApplicationWhere, $first: Int, $after: String) {
    applications(where: $where, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { applicationNumber submittedAt status } }
    }
  }
`
interface Page {
  applications: {
    totalCount: number
    pageInfo: { hasNextPage: boolean; endCursor: string | null }
    edges: Array<{ cursor: string; node: { applicationNumber: string; submittedAt: string; status: string } }>
  }
}

const city = useStartedCity(createChengduCity)

/** Walks every page with `first: size`, following endCursor. */
async function walk(where: Record<string, unknown> | null, size: number): Promise<string[]> {
  const ids: string[] = []
  let after: string | null = null
  for (;;) {
    const page: Page = await gqlData<Page>(city().url, LIST, { where, first: size, after })
    ids.push(...page.applications.edges.map((e) => e.node.applicationNumber))
    if (!page.applications.pageInfo.hasNextPage) return ids
    after = page.applications.pageInfo.endCursor
  }
}

describe('Chengdu (天府蓉易办) over HTTP', () => {
  it('lists every application newest first, with totalCount', async () => {
    const page = await gqlData<Page>(city().url, LIST, {})
    expect(page.applications.totalCount).toBe(cases.length)
    expect(page.applications.pageInfo.hasNextPage).toBe(false)
    expect(page.applications.edges.map((e) => e.node.applicationNumber)).toEqual(cases.map((c) => c.localId))
    expectNewestFirst(page.applications.edges.map((e) => ({ at: e.node.submittedAt, id: e.node.applicationNumber })))
  })

  it('filters by applicant, by matter and status list together', async () => {
    const who = busiestApplicant(cases)
    const mine = await gqlData<Page>(city().url, LIST, { where: { applicantIdNumber: who } })
    expect(mine.applications.edges.map((e) => e.node.applicationNumber)).toEqual(cases.filter((c) => c.applicantIdNumber === who).map((c) => c.localId))

    const { matter, state } = busiestMatterAndState(cases)
    const where = { serviceItemCode: matter, status: [localStatus(state), 'ACCEPTED'] }
    const expected = cases.filter((c) => c.localMatterCode === matter && (c.state === state || c.state === 'ACCEPTED'))
    const both = await gqlData<Page>(city().url, LIST, { where })
    expect(both.applications.totalCount).toBe(expected.length)
    expect(both.applications.edges.map((e) => e.node.applicationNumber)).toEqual(expected.map((c) => c.localId))
    expect((await gqlData<Page>(city().url, LIST, { where: { status: [] } })).applications.totalCount).toBe(0)
  })

  it('pages exactly with first/after: pages concatenate to the full list', async () => {
    expect(await walk(null, 7)).toEqual(cases.map((c) => c.localId))
    const where = { status: ['DELIVERED_TO_APPLICANT'] }
    expect(await walk(where, 11)).toEqual(cases.filter((c) => c.state === 'RESULT_SERVED').map((c) => c.localId))
    const first = await gqlData<Page>(city().url, LIST, { first: 0 })
    expect(first.applications.edges).toEqual([])
    expect(first.applications.pageInfo).toEqual({ hasNextPage: true, endCursor: null })
  })

  it('accepts a cursor from another filter (its record need not be in this list)', async () => {
    const all = await gqlData<Page>(city().url, LIST, { first: 10 })
    const cursor = all.applications.edges[9]!.cursor
    const served = await gqlData<Page>(city().url, LIST, { where: { status: ['DELIVERED_TO_APPLICANT'] }, first: 3, after: cursor })
    const expected = cases.slice(10).filter((c) => c.state === 'RESULT_SERVED').slice(0, 3)
    expect(served.applications.edges.map((e) => e.node.applicationNumber)).toEqual(expected.map((c) => c.localId))
  })

  it('rejects a malformed cursor and a negative first with BAD_USER_INPUT', async () => {
    const bad = await gql(city().url, LIST, { after: 'not-a-cursor' })
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    const negative = await gql(city().url, LIST, { first: -1 })
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  it('looks applications up by number, aligned with the input (null for unknown)', async () => {
    const [a, b] = [cases[5]!, cases[200]!]
    const data = await gqlData(city().url, /* GraphQL */ `
      query ($n: [String!]!) {
        applicationsByNumbers(numbers: $n) {
          applicationNumber
          applicant { __typename ... on NaturalPerson { idCardNumber mobile } ... on LegalEntity { creditCode legalRepresentative } }
          statusHistory { status changedAt remark }
        }
      }`, { n: [b.localId, 'CD-NO-SUCH', a.localId, b.localId] })
    const rows = data['applicationsByNumbers'] as Array<Record<string, any> | null>
    expect(rows.map((r) => r?.['applicationNumber'] ?? null)).toEqual([b.localId, null, a.localId, b.localId])
    expect(rows[2]!['applicant']['idCardNumber'] ?? rows[2]!['applicant']['creditCode']).toBe(a.applicantIdNumber)
    expect(rows[2]!['statusHistory'].map((h: { status: string }) => h.status)).toEqual(a.history.map((h) => localStatus(h.state)))
  })

  it('returns licences by holder and by id', async () => {
    const holder = multiCityHolders(seed).find((h) => h.regions.includes('510100'))!
    const LICENCE = 'licenceId licenceType holderIdNumber holderType validTo state'
    const data = await gqlData(city().url, `query ($h: String!, $ids: [String!]!) {
      licences(holderIdNumber: $h) { ${LICENCE} }
      licencesByIds(ids: $ids) { ${LICENCE} }
    }`, { h: holder.idNumber, ids: ['nope', licences[0]!.localId] })
    expect(data['licences'].map((l: { licenceId: string }) => l.licenceId)).toEqual(
      licences.filter((l) => l.holderIdNumber === holder.idNumber).map((l) => l.localId),
    )
    expect(data['licencesByIds'][0]).toBeNull()
    expect(data['licencesByIds'][1]).toMatchObject({ licenceId: licences[0]!.localId, validTo: licences[0]!.validUntil })
    expect((await gqlData(city().url, '{ licences(holderIdNumber: "110101199003077777") { licenceId } }'))['licences']).toEqual([])
  })
})
