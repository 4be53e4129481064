import { describe, expect, it } from 'vitest'
import { createMeishanCity, multiCityHolders, sandboxSeed } from '../../sandbox/index.js'
import { busiestApplicant, busiestMatterAndState, expectNewestFirst, gql, gqlData, useStartedCity } from './sandbox-helpers.js'

const seed = sandboxSeed()
const { cases, licences } = seed.cities['511400']!
const STATUS: Record<string, number> = { DELIVERED: 10, ACCEPTED: 20, REFUSED: 21, IN_REVIEW: 30, APPROVED: 40, DENIED: 41, RESULT_ISSUED: 50 }

const PAGE = /* GraphQL */ `
  query ($filter: case_filter, $offset: Int, $limit: Int) {
    case_page(filter: $filter, offset: $offset, limit: $limit) {
      total
      items { case_no created_ms status applicant_kind applicant_ref }
    }
  }
`
interface Page {
  case_page: { total: number; items: Array<{ case_no: string; created_ms: number; status: number; applicant_kind: string; applicant_ref: number }> }
}

const city = useStartedCity(createMeishanCity)

describe('Meishan (眉山) over HTTP', () => {
  it('pages every case newest first with its total', async () => {
    const data = await gqlData<Page>(city().url, PAGE, {})
    expect(data.case_page.total).toBe(cases.length)
    expect(data.case_page.items.map((c) => c.case_no)).toEqual(cases.map((c) => c.localId))
    expectNewestFirst(data.case_page.items.map((c) => ({ at: c.created_ms, id: c.case_no })))
  })

  it('filters by applicant number, item code and a single status', async () => {
    const who = busiestApplicant(cases)
    const mine = await gqlData<Page>(city().url, PAGE, { filter: { applicant_id_no: who } })
    expect(mine.case_page.items.map((c) => c.case_no)).toEqual(cases.filter((c) => c.applicantIdNumber === who).map((c) => c.localId))

    const { matter, state } = busiestMatterAndState(cases)
    const expected = cases.filter((c) => c.localMatterCode === matter && c.state === state)
    const both = await gqlData<Page>(city().url, PAGE, { filter: { item_code: matter, status: STATUS[state] } })
    expect(both.case_page.total).toBe(expected.length)
    expect(both.case_page.items.map((c) => c.case_no)).toEqual(expected.map((c) => c.localId))
  })

  it('pages exactly with offset/limit', async () => {
    const ids: string[] = []
    for (let offset = 0; offset < cases.length; offset += 17) {
      const page = await gqlData<Page>(city().url, PAGE, { filter: null, offset, limit: 17 })
      expect(page.case_page.total).toBe(cases.length)
      ids.push(...page.case_page.items.map((c) => c.case_no))
    }
    expect(ids).toEqual(cases.map((c) => c.localId))
    const negative = await gql(city().url, PAGE, { limit: -5 })
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  it('joins applicants through persons_by_id / enterprises_by_id, aligned with the input', async () => {
    const page = (await gqlData<Page>(city().url, PAGE, { limit: 40 })).case_page.items
    const people = page.filter((c) => c.applicant_kind === 'person').map((c) => c.applicant_ref)
    const firms = page.filter((c) => c.applicant_kind === 'enterprise').map((c) => c.applicant_ref)
    expect(people.length).toBeGreaterThan(0)
    expect(firms.length).toBeGreaterThan(0)
    const data = await gqlData(city().url, `query ($p: [Int!]!, $e: [Int!]!) {
      persons_by_id(ids: $p) { id name id_no phone }
      enterprises_by_id(ids: $e) { id name uscc legal_rep }
    }`, { p: [...people, 1], e: [...firms, 1] })
    const persons = data['persons_by_id'] as Array<{ id: number; id_no: string } | null>
    const enterprises = data['enterprises_by_id'] as Array<{ id: number; uscc: string } | null>
    expect(persons.map((p) => p?.id ?? null)).toEqual([...people, null])
    expect(enterprises.map((e) => e?.id ?? null)).toEqual([...firms, null])
    const byNo = new Map(cases.map((c) => [c.localId, c]))
    let [pi, ei] = [0, 0]
    for (const c of page) {
      const joined = c.applicant_kind === 'person' ? persons[pi++]!.id_no : enterprises[ei++]!.uscc
      expect(joined).toBe(byNo.get(c.case_no)!.applicantIdNumber)
    }
  })

  it('looks cases up by number and licences by holder and number', async () => {
    const holder = multiCityHolders(seed).find((h) => h.regions.includes('511400'))!
    const longTerm = licences.find((l) => l.validUntil === null)!
    const data = await gqlData(city().url, `query ($c: [String!]!, $h: String!, $l: [String!]!) {
      cases_by_no(case_nos: $c) { case_no timeline { status at_ms } }
      licences_of_holder(holder_id_no: $h) { licence_no }
      licences_by_no(licence_nos: $l) { licence_no issued_ms valid_to_ms state holder_kind }
    }`, { c: [cases[3]!.localId, 'MS-0'], h: holder.idNumber, l: ['none', longTerm.localId] })
    expect(data['cases_by_no'][0].timeline.map((t: { at_ms: number }) => t.at_ms)).toEqual(cases[3]!.history.map((h) => h.at))
    expect(data['cases_by_no'][1]).toBeNull()
    expect(data['licences_of_holder'].map((l: { licence_no: string }) => l.licence_no)).toEqual(
      licences.filter((l) => l.holderIdNumber === holder.idNumber).map((l) => l.localId),
    )
    expect(data['licences_by_no'][0]).toBeNull()
    expect(data['licences_by_no'][1]).toMatchObject({ licence_no: longTerm.localId, valid_to_ms: null })
    expect(data['licences_by_no'][1].issued_ms).toBe(Date.parse(`${longTerm.issuedOn}T00:00:00+08:00`))
  })
})
