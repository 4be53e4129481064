import { describe, expect, it } from 'vitest'
import { createZiyangCity, multiCityHolders, sandboxSeed } from '../../sandbox/index.js'
import { busiestApplicant, busiestMatterAndState, expectNewestFirst, gql, gqlData, useStartedCity } from './sandbox-helpers.js'

const seed = sandboxSeed()
const { cases, licences } = seed.cities['512000']!
const PHASE: Record<string, string> = {
  DELIVERED: 'WAITING', ACCEPTED: 'TAKEN', REFUSED: 'DECLINED', IN_REVIEW: 'EXAMINING', APPROVED: 'GRANTED', DENIED: 'REJECTED', RESULT_ISSUED: 'CLOSED',
}

const LIST = /* GraphQL */ `
  query ($criteria: CaseCriteria, $page: PageWindow) {
    caseRecords(criteria: $criteria, page: $page) { recordNo filedTime phase }
    caseRecordCount(criteria: $criteria)
  }
`
interface List {
  caseRecords: Array<{ recordNo: string; filedTime: string; phase: string }>
  caseRecordCount: number
}

const city = useStartedCity(createZiyangCity)

describe('Ziyang (资阳, federation v2 subgraph) over HTTP', () => {
  it('lists case records newest first and counts them', async () => {
    const data = await gqlData<List>(city().url, LIST, {})
    expect(data.caseRecordCount).toBe(cases.length)
    expect(data.caseRecords.map((r) => r.recordNo)).toEqual(cases.map((c) => c.localId))
    expectNewestFirst(data.caseRecords.map((r) => ({ at: r.filedTime, id: r.recordNo })))
    for (const r of data.caseRecords) expect(r.filedTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  })

  it('filters by party code, item number and a phase list', async () => {
    const who = busiestApplicant(cases)
    const mine = await gqlData<List>(city().url, LIST, { criteria: { partyCode: who } })
    expect(mine.caseRecords.map((r) => r.recordNo)).toEqual(cases.filter((c) => c.applicantIdNumber === who).map((c) => c.localId))
    const { matter, state } = busiestMatterAndState(cases)
    const expected = cases.filter((c) => c.localMatterCode === matter && (c.state === state || c.state === 'DENIED'))
    const both = await gqlData<List>(city().url, LIST, { criteria: { itemNo: matter, phase: [PHASE[state], 'REJECTED'] } })
    expect(both.caseRecords.map((r) => r.recordNo)).toEqual(expected.map((c) => c.localId))
    expect(both.caseRecordCount).toBe(expected.length)
  })

  it('pages exactly with page { skip, take }', async () => {
    const ids: string[] = []
    for (let skip = 0; skip < cases.length; skip += 19) {
      ids.push(...(await gqlData<List>(city().url, LIST, { page: { skip, take: 19 } })).caseRecords.map((r) => r.recordNo))
    }
    expect(ids).toEqual(cases.map((c) => c.localId))
    const negative = await gql(city().url, LIST, { page: { skip: 0, take: -1 } })
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  it('publishes its subgraph SDL through _service with @key entities', async () => {
    const sdl: string = (await gqlData(city().url, '{ _service { sdl } }'))['_service'].sdl
    expect(sdl).toMatch(/type CaseRecord\s+@key\(fields: "recordNo"\)/)
    expect(sdl).toMatch(/type EDocument\s+@key\(fields: "docNo"\)/)
    expect(sdl).toContain('interface Party')
    expect(sdl).toContain('https://specs.apollo.dev/federation/v2.3')
  })

  it('resolves _entities by recordNo and docNo, null for unknown keys, party as an interface', async () => {
    const c = cases.find((x) => x.applicant.kind === 'ENTERPRISE')!
    const reps = [
      { __typename: 'EDocument', docNo: licences[0]!.localId },
      { __typename: 'CaseRecord', recordNo: 'ZY-none' },
      { __typename: 'CaseRecord', recordNo: c.localId },
    ]
    const data = await gqlData(city().url, `query ($r: [_Any!]!) {
      _entities(representations: $r) {
        __typename
        ... on CaseRecord { recordNo phase party { __typename partyCode ... on CorporateParty { legalPerson } } trail { phase time } }
        ... on EDocument { docNo category partyCode condition effectiveTo }
      }
    }`, { r: reps })
    const [doc, none, record] = data['_entities']
    expect(doc).toMatchObject({ __typename: 'EDocument', docNo: licences[0]!.localId, partyCode: licences[0]!.holderIdNumber })
    expect(none).toBeNull()
    expect(record).toMatchObject({ __typename: 'CaseRecord', recordNo: c.localId, phase: PHASE[c.state] })
    expect(record.party).toMatchObject({ __typename: 'CorporateParty', partyCode: c.applicantIdNumber })
    expect(record.trail).toHaveLength(c.history.length)
  })

  it('returns documents of a party', async () => {
    const holder = multiCityHolders(seed).find((h) => h.regions.includes('512000'))!
    const data = await gqlData(city().url, 'query ($p: String!) { documentsOfParty(partyCode: $p) { docNo partyType } }', { p: holder.idNumber })
    expect(data['documentsOfParty'].map((d: { docNo: string }) => d.docNo)).toEqual(
      licences.filter((l) => l.holderIdNumber === holder.idNumber).map((l) => l.localId),
    )
  })
})
