import { describe, expect, it } from 'vitest'
import { multiCityApplicants, sandboxSeed, SEED_NOW_MS, type SeedCase } from '../../sandbox/index.js'
import { expectNewestFirst } from './sandbox-helpers.js'

const seed = sandboxSeed()
const START = Date.parse('2024-01-01T00:00:00+08:00')
const END = Date.parse('2026-11-21T00:00:00+08:00')
const cityOf = new Map<string, string>()
for (const r of seed.regions) {
  cityOf.set(r.code, r.code)
  for (const d of r.districts) for (const c of [d.code, ...d.formerCodes.map((f) => f.code)]) cityOf.set(c, r.code)
}
const formerCodes = new Set(seed.regions.flatMap((r) => r.districts.flatMap((d) => d.formerCodes.map((f) => f.code))))
const matterByCode = new Map(seed.matters.map((m) => [m.code, m]))

describe.each(seed.regions.map((r) => [r.name, r.code] as const))('sandbox seed: cases of %s', (_name, code) => {
  const city = seed.cities[code]!
  const cases: readonly SeedCase[] = city.cases

  it('has ~300 cases with unique local ids, newest first', () => {
    expect(cases.length).toBeGreaterThanOrEqual(250)
    expect(cases.length).toBeLessThanOrEqual(350)
    expect(new Set(cases.map((c) => c.localId)).size).toBe(cases.length)
    expectNewestFirst(cases.map((c) => ({ at: c.receivedAt, id: c.localId })))
  })

  it('receives between 2024-01-01 and 2026-11-20 (Beijing) and keeps an ordered, consistent history', () => {
    for (const c of cases) {
      expect(c.receivedAt >= START && c.receivedAt < END, c.localId).toBe(true)
      expect(c.history[0]).toMatchObject({ state: 'DELIVERED', at: c.receivedAt })
      for (let i = 1; i < c.history.length; i++) expect(c.history[i]!.at).toBeGreaterThan(c.history[i - 1]!.at)
      const last = c.history[c.history.length - 1]!
      expect(c.state).toBe(last.state)
      expect(c.updatedAt).toBe(last.at)
      expect(last.at).toBeLessThan(SEED_NOW_MS)
    }
  })

  it('follows the workflow: refusal only after intake, decisions only after review', () => {
    const allowedNext: Record<string, string[]> = {
      DELIVERED: ['ACCEPTED', 'REFUSED'],
      ACCEPTED: ['IN_REVIEW'],
      IN_REVIEW: ['APPROVED', 'DENIED'],
      APPROVED: ['RESULT_ISSUED'],
      RESULT_ISSUED: ['RESULT_SERVED'],
    }
    for (const c of cases) {
      for (let i = 1; i < c.history.length; i++) expect(allowedNext[c.history[i - 1]!.state]).toContain(c.history[i]!.state)
    }
    const states = new Set(cases.map((c) => c.state))
    for (const s of ['DELIVERED', 'ACCEPTED', 'REFUSED', 'IN_REVIEW', 'APPROVED', 'DENIED', 'RESULT_ISSUED']) expect(states).toContain(s)
    // Only Chengdu and Deyang record "served" apart from "issued".
    expect(states.has('RESULT_SERVED')).toBe(code === '510100' || code === '510600')
  })

  it("uses catalogue matters via the city's own codes, with matching applicant kinds and modes", () => {
    for (const c of cases) {
      const matter = matterByCode.get(c.matterCode)!
      expect(c.localMatterCode).toBe(city.region.matterCodes[c.matterCode])
      expect(matter.applicantKinds).toContain(c.applicant.kind)
      if (c.mode) expect(matter.modes).toContain(c.mode)
      const party = c.applicant.kind === 'PERSON' ? seed.persons[c.applicant.ref]!.idNumber : seed.enterprises[c.applicant.ref]!.creditCode
      expect(c.applicantIdNumber).toBe(party)
    }
  })

  it('takes ~20% in at other cities, stamped with their city, district or former code', () => {
    const remote = cases.filter((c) => c.remote)
    expect(remote.length / cases.length).toBeGreaterThan(0.1)
    expect(remote.length / cases.length).toBeLessThan(0.3)
    for (const c of remote) {
      expect(c.mode === 'REMOTE_INTAKE' || c.mode === 'MULTI_CITY').toBe(true)
      const acceptingCity = cityOf.get(c.acceptingRegion!)
      expect(acceptingCity).toBeDefined()
      expect(acceptingCity).not.toBe(code)
    }
    for (const c of cases.filter((x) => !x.remote && x.acceptingRegion !== null)) expect(cityOf.get(c.acceptingRegion!)).toBe(code)
  })

  it('mostly serves applicants tied to the city (household, residence or domicile)', () => {
    const tied = cases.filter((c) => {
      if (c.applicant.kind === 'ENTERPRISE') return cityOf.get(seed.enterprises[c.applicant.ref]!.domicileDistrict) === code
      const p = seed.persons[c.applicant.ref]!
      return cityOf.get(p.householdDistrict) === code || cityOf.get(p.residenceDistrict) === code
    })
    expect(tied.length / cases.length).toBeGreaterThan(0.7)
  })

  it("cites the city's own licences held by the applicant, or carries sha256 digests", () => {
    const licences = new Map(city.licences.map((l) => [l.localId, l]))
    const materials = cases.flatMap((c) => c.materials.map((m) => ({ c, m })))
    const cited = materials.filter(({ m }) => m.licenceId !== null)
    expect(cited.length).toBeGreaterThan(10)
    for (const { c, m } of cited) {
      const licence = licences.get(m.licenceId!)
      expect(licence, m.licenceId!).toBeDefined()
      expect(licence!.holderIdNumber).toBe(c.applicantIdNumber)
    }
    const digests = materials.filter(({ m }) => m.digest !== null)
    expect(digests.length).toBeGreaterThan(50)
    for (const { m } of digests) expect(m.digest).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('sandbox seed: across cities', () => {
  it('stamps a few cases with historical codes (512081 简阳, 510124 郫县 …)', () => {
    const all = Object.values(seed.cities).flatMap((c) => c.cases)
    const historical = all.filter((c) => c.acceptingRegion !== null && formerCodes.has(c.acceptingRegion))
    expect(historical.length).toBeGreaterThanOrEqual(5)
  })

  it('lists applicants with cases in two or more cities', () => {
    const multi = multiCityApplicants(seed)
    expect(multi.length).toBeGreaterThanOrEqual(20)
    expect(multi.some((p) => p.kind === 'ENTERPRISE')).toBe(true)
    for (const p of multi.slice(0, 10)) {
      const inCities = seed.regions.filter((r) => seed.cities[r.code]!.cases.some((c) => c.applicantIdNumber === p.idNumber))
      expect(inCities.map((r) => r.code)).toEqual(p.regions)
      expect(p.regions.length).toBeGreaterThanOrEqual(2)
    }
  })
})
