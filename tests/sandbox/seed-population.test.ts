import { describe, expect, it } from 'vitest'
import { parseCreditCode } from '../../federation/identity/credit-code.js'
import { parseResidentId } from '../../federation/identity/resident-id.js'
import { createSandboxSeed, sandboxSeed } from '../../sandbox/index.js'

const seed = sandboxSeed()
const districtCodes = new Set(seed.regions.flatMap((r) => r.districts.map((d) => d.code)))
const formerCodes = new Set(seed.regions.flatMap((r) => r.districts.flatMap((d) => d.formerCodes.map((f) => f.code))))
const cityOf = new Map<string, string>()
for (const r of seed.regions) {
  cityOf.set(r.code, r.code)
  for (const d of r.districts) {
    cityOf.set(d.code, r.code)
    for (const f of d.formerCodes) cityOf.set(f.code, r.code)
  }
}

describe('sandbox seed: determinism', () => {
  it('generates identical data on every run', () => {
    expect(JSON.stringify(createSandboxSeed())).toBe(JSON.stringify(seed))
  })

  it('reads the four cities and the matter catalogue from region-configs', () => {
    expect(seed.regions.map((r) => r.code)).toEqual(['510100', '510600', '511400', '512000'])
    expect(seed.regions.map((r) => r.name)).toEqual(['成都市', '德阳市', '眉山市', '资阳市'])
    expect(seed.matters.length).toBeGreaterThanOrEqual(20)
    for (const r of seed.regions) for (const m of seed.matters) expect(r.matterCodes[m.code], `${r.code} ${m.code}`).toBeTruthy()
  })
})

describe('sandbox seed: persons', () => {
  it('has ~600 persons with valid GB 11643 numbers, unique, sex parity and birth dates in range', () => {
    expect(seed.persons).toHaveLength(600)
    expect(new Set(seed.persons.map((p) => p.idNumber)).size).toBe(600)
    for (const p of seed.persons) {
      const parsed = parseResidentId(p.idNumber)
      if ('error' in parsed) throw new Error(`${p.idNumber}: ${parsed.error}`)
      expect(parsed.sex).toBe(p.sex)
      expect(parsed.birthDate).toBe(p.birthDate)
      expect(p.birthDate >= '1950-01-01' && p.birthDate <= '2005-12-31').toBe(true)
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/)
      expect(p.phone).toMatch(/^1[3-9]\d{9}$/)
    }
  })

  it('issues numbers under federation district codes (current or former) or a few outside areas', () => {
    const areas = seed.persons.map((p) => p.idNumber.slice(0, 6))
    for (const a of areas) expect(districtCodes.has(a) || formerCodes.has(a) || a === '510700' || a === '500103', a).toBe(true)
    expect(areas.filter((a) => a === '510700' || a === '500103').length).toBeGreaterThan(0)
    // Everyone was born before the 2014–2020 re-codings, so former codes such as 郫县 510124
    // and 简阳 512081 appear in ID numbers.
    expect(areas.filter((a) => formerCodes.has(a)).length).toBeGreaterThan(5)
  })

  it('keeps household and residence in current districts, and not always where the ID was issued', () => {
    for (const p of seed.persons) {
      expect(districtCodes.has(p.householdDistrict)).toBe(true)
      expect(districtCodes.has(p.residenceDistrict)).toBe(true)
    }
    const moved = seed.persons.filter((p) => cityOf.get(p.idNumber.slice(0, 6)) !== cityOf.get(p.householdDistrict))
    expect(moved.length).toBeGreaterThan(30)
    expect(seed.persons.filter((p) => p.residenceDistrict !== p.householdDistrict).length).toBeGreaterThan(60)
  })
})

describe('sandbox seed: enterprises', () => {
  it('has ~200 enterprises with valid, unique GB 32100 credit codes', () => {
    expect(seed.enterprises).toHaveLength(200)
    expect(new Set(seed.enterprises.map((e) => e.creditCode)).size).toBe(200)
    expect(new Set(seed.enterprises.map((e) => e.name)).size).toBe(200)
    for (const e of seed.enterprises) {
      const parsed = parseCreditCode(e.creditCode)
      if ('error' in parsed) throw new Error(`${e.creditCode}: ${parsed.error}`)
    }
  })

  it('registers under the domicile city (its bureau, a district, or a former district code)', () => {
    for (const e of seed.enterprises) {
      const area = e.creditCode.slice(2, 8)
      expect(cityOf.get(area), `${e.name} ${e.creditCode}`).toBe(cityOf.get(e.domicileDistrict))
    }
    expect(seed.enterprises.some((e) => formerCodes.has(e.creditCode.slice(2, 8)))).toBe(true)
  })

  it('names enterprises <city><district><brand><trade>公司 and gives each a legal representative', () => {
    for (const e of seed.enterprises) {
      const region = seed.regions.find((r) => r.code === cityOf.get(e.domicileDistrict))!
      const district = region.districts.find((d) => d.code === e.domicileDistrict)!
      expect(e.name.startsWith(region.name + district.name)).toBe(true)
      expect(e.name).toMatch(/公司$/)
      expect(seed.persons[e.legalRepresentativeRef]!.name).toBe(e.legalRepresentative)
    }
  })
})
