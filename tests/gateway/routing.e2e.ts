import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h?.close())

const requestsTo = () => Object.fromEntries([...h.sandbox.cities].map(([code, c]) => [code, c.stats.requests]))
const delta = (before: Record<string, number>) => Object.fromEntries(Object.entries(requestsTo()).map(([k, v]) => [k, v - before[k]!]))

/** Some case ids of every city, read through the gateway. */
async function someIds(n: number): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const code of ['510100', '510600', '511400', '512000']) {
    const r = await h.query<{ cases: { edges: { node: { id: string } }[] } }>(`{ cases(filter: { region: "${code}" }, first: ${n}) { edges { node { id } } } }`)
    out[code] = r.data!.cases.edges.map((e) => e.node.id)
  }
  return out
}

describe('id-based routing and batching', () => {
  it('sends each id to its owning city and answers every city in one request each', async () => {
    const ids = await someIds(3)
    const all = Object.values(ids).flat()
    const query = `query { ${all.map((id, i) => `c${i}: case(id: "${id}") { id state applicant { __typename ... on Person { name } ... on Enterprise { name } } }`).join(' ')} }`
    const before = requestsTo()
    const r = await h.query<Record<string, { id: string; applicant: { name: string } }>>(query)
    expect(r.errors).toBeUndefined()
    all.forEach((id, i) => expect(r.data![`c${i}`]!.id).toBe(id))
    // 12 lookups: one upstream request per city; Meishan needs a second step for its applicants.
    expect(delta(before)).toEqual({ '510100': 1, '510600': 1, '511400': 2, '512000': 1 })
  })

  it('answers null for an id the owning city does not know, and INVALID_ID for a malformed one', async () => {
    const r = await h.query<{ a: unknown; b: unknown }>('{ a: case(id: "510600:NOPE") { id } b: case(id: "510600:X") { id } }')
    expect(r.data).toEqual({ a: null, b: null })
    const bad = await h.query('{ case(id: "DY2025000123") { id } }')
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_ID')
    const far = await h.query('{ case(id: "440300:X1") { id } }')
    expect(far.errors?.[0]?.extensions?.code).toBe('INVALID_ID')
  })

  it('translates aliases, fragments, variables, __typename and nested selections', async () => {
    const [id] = (await someIds(1))['510100']!
    const r = await h.query<any>(
      `query Q($id: ID!, $withHistory: Boolean!) {
        x: case(id: $id) { ...Core who: applicant { __typename ...P ...E } history @include(if: $withHistory) { s: state } }
      }
      fragment Core on Case { __typename key: id matter { n: name } }
      fragment P on Person { n: name }
      fragment E on Enterprise { n: name }`,
      { id, withHistory: true },
    )
    expect(r.errors).toBeUndefined()
    expect(r.data.x.__typename).toBe('Case')
    expect(r.data.x.key).toBe(id)
    expect(typeof r.data.x.matter.n).toBe('string')
    expect(['Person', 'Enterprise']).toContain(r.data.x.who.__typename)
    expect(r.data.x.who.n.length).toBeGreaterThan(1)
    expect(r.data.x.history.length).toBeGreaterThan(0)
    expect(Object.keys(r.data.x.history[0])).toEqual(['s'])
  })
})

describe('fan-out lists', () => {
  it('pages across all regions newest first, with no case lost or repeated', async () => {
    const total = await h.query<{ cases: { totalCount: number } }>('{ cases(first: 1) { totalCount } }')
    const expected = total.data!.cases.totalCount
    expect(expected).toBeGreaterThan(800)
    const seen = new Set<string>()
    let after: string | null = null
    let last = '9999'
    let pages = 0
    for (;;) {
      const r: any = await h.query('query($a: String) { cases(first: 100, after: $a) { pageInfo { hasNextPage endCursor } edges { node { id receivedAt } } } }', { a: after })
      expect(r.errors).toBeUndefined()
      for (const { node } of r.data.cases.edges) {
        expect(seen.has(node.id)).toBe(false)
        seen.add(node.id)
        expect(node.receivedAt <= last).toBe(true)
        last = node.receivedAt
      }
      pages++
      if (!r.data.cases.pageInfo.hasNextPage) break
      after = r.data.cases.pageInfo.endCursor
    }
    expect(seen.size).toBe(expected)
    expect(pages).toBe(Math.ceil(expected / 100))
  })

  it('filters by applicant across cities and by a district or historical code', async () => {
    // An applicant with cases in more than one city.
    const page: any = await h.query('{ cases(first: 100) { edges { node { id region { code } applicant { ... on Person { idNumber } ... on Enterprise { creditCode } } } } } }')
    const byApplicant = new Map<string, Set<string>>()
    for (const { node } of page.data.cases.edges) {
      const id = node.applicant.idNumber ?? node.applicant.creditCode
      byApplicant.set(id, new Set([...(byApplicant.get(id) ?? []), node.region.code]))
    }
    const many = [...byApplicant].find(([, regions]) => regions.size > 1)?.[0] ?? [...byApplicant.keys()][0]!
    const r: any = await h.query('query($p: String!) { cases(filter: { applicantIdNumber: $p }, first: 100) { totalCount edges { node { applicant { ... on Person { idNumber } ... on Enterprise { creditCode } } } } } }', { p: many })
    expect(r.errors).toBeUndefined()
    expect(r.data.cases.edges.length).toBe(r.data.cases.totalCount)
    for (const { node } of r.data.cases.edges) expect(node.applicant.idNumber ?? node.applicant.creditCode).toBe(many)

    const district: any = await h.query('{ cases(filter: { region: "510185" }, first: 5) { edges { node { region { code } } } } }')
    const historical: any = await h.query('{ cases(filter: { region: "512081" }, first: 5) { edges { node { region { code } } } } }')
    expect(district.data.cases.edges.every((e: any) => e.node.region.code === '510100')).toBe(true)
    expect(historical.data.cases).toEqual(district.data.cases)
  })

  it('filters by canonical state even where one state is several local codes', async () => {
    const r: any = await h.query('{ cases(filter: { state: RESULT_ISSUED, region: "510600" }, first: 100) { totalCount edges { node { state } } } }')
    expect(r.data.cases.edges.length).toBeGreaterThan(0)
    expect(r.data.cases.edges.every((e: any) => e.node.state === 'RESULT_ISSUED')).toBe(true)
    const local = await h.city<{ bjsl: number }>('510600', '{ bjsl(zt: ["07", "08"]) }')
    expect(r.data.cases.totalCount).toBe(local.data!.bjsl)
  })

  it('lists a holder\'s certificates from every city with one request per city', async () => {
    // Find a holder with certificates in two or more cities by scanning applicants.
    const page: any = await h.query('{ cases(first: 100) { edges { node { applicant { ... on Person { idNumber } ... on Enterprise { creditCode } } } } } }')
    const holders = [...new Set<string>(page.data.cases.edges.map((e: any) => e.node.applicant.idNumber ?? e.node.applicant.creditCode))]
    let best: { holder: string; regions: number } = { holder: holders[0]!, regions: 0 }
    for (const holder of holders.slice(0, 60)) {
      const before = requestsTo()
      const r: any = await h.query('query($h: String!) { certificates(holderId: $h) { id holder { idNumber } issuingRegion { code } } }', { h: holder })
      expect(r.errors).toBeUndefined()
      expect(delta(before)).toEqual({ '510100': 1, '510600': 1, '511400': 1, '512000': 1 })
      for (const c of r.data.certificates) expect(c.holder.idNumber).toBe(holder)
      const regions = new Set(r.data.certificates.map((c: any) => c.issuingRegion.code)).size
      if (regions > best.regions) best = { holder, regions }
    }
    expect(best.regions).toBeGreaterThanOrEqual(2)
  })
})

describe('bad input is a typed error, not an empty answer', () => {
  it.each([
    ['{ cases(filter: { applicantIdNumber: "510104199001011234" }) { totalCount } }', 'INVALID_ID_NUMBER'],
    ['{ certificates(holderId: "91510100MA61R1XX2X") { id } }', 'INVALID_ID_NUMBER'],
    ['{ cases(filter: { region: "5101" }) { totalCount } }', 'INVALID_REGION_CODE'],
    ['{ cases(filter: { region: "440300" }) { totalCount } }', 'REGION_OUTSIDE_FEDERATION'],
    ['{ cases(filter: { matterCode: "TB-NOPE" }) { totalCount } }', 'UNKNOWN_MATTER'],
    ['{ cases(first: 1000) { totalCount } }', 'INVALID_ARGUMENT'],
    ['{ cases(after: "garbage!") { totalCount } }', 'INVALID_CURSOR'],
    ['{ competentRegion(matterCode: "TB-YB-001", facts: {}) { region { code } } }', 'COMPETENCE_UNDETERMINED'],
  ])('%s → %s', async (query, code) => {
    const before = requestsTo()
    const r = await h.query(query)
    expect(r.errors?.[0]?.extensions?.code).toBe(code)
    expect(JSON.stringify(r.errors)).not.toMatch(/stack|at .*\.ts/)
    // Rejected before any city was asked.
    expect(delta(before)).toEqual({ '510100': 0, '510600': 0, '511400': 0, '512000': 0 })
  })

  it('lists missing facts for competence in extensions', async () => {
    const r = await h.query('{ competentRegion(matterCode: "TB-GA-001", facts: { residence: "510107" }) { region { code } } }')
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'COMPETENCE_UNDETERMINED', missing: ['householdRegistration'] })
  })

  it.each([
    ['depth', '{ cases { edges { node { matter { localCodes { region { districts { formerCodes { code } } } } } } } } }', /depth/i],
    ['aliases', `{ ${Array.from({ length: 61 }, (_, i) => `a${i}: regions { code }`).join(' ')} }`, /alias/i],
    ['tokens', `{ regions { ${'code '.repeat(3001)} } }`, /token/i],
  ])('refuses documents over the %s limit before any city is asked', async (_, query, message) => {
    const before = requestsTo()
    const r = await h.query(query)
    expect(r.errors?.[0]?.message).toMatch(message)
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX')
    expect(r.data ?? null).toBeNull()
    expect(delta(before)).toEqual({ '510100': 0, '510600': 0, '511400': 0, '512000': 0 })
  })
})

describe('region look-ups', () => {
  it('resolves city, district and historical codes', async () => {
    const r: any = await h.query('{ a: region(code: "510600") { name } b: region(code: "510681") { name } c: region(code: "512081") { name } d: region(code: "440300") { name } }')
    expect(r.data).toEqual({ a: { name: '德阳市' }, b: { name: '德阳市' }, c: { name: '成都市' }, d: null })
  })
})
