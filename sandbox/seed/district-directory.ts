import type { Rng } from './prng.js'
import type { SeedDistrict, SeedRegion } from './seed-types.js'

/** Where a district code (current or former) belongs. */
export interface DistrictEntry {
  region: SeedRegion
  district: SeedDistrict
}

/** Districts of the four cities, read from their region.yaml files, looked up by any code. */
export interface DistrictDirectory {
  regions: readonly SeedRegion[]
  /** The city holding a city, district or former district code; undefined outside the federation. */
  regionOf(code: string): SeedRegion | undefined
  /** The district for a current or former district code. */
  entry(code: string): DistrictEntry | undefined
  /**
   * A random current district code in `cityCode`, or in a city picked by weight: `home` spreads
   * people so every city has a sizeable population, `move` favours Chengdu, where people move to.
   */
  randomDistrict(rng: Rng, cityCode?: string, profile?: 'home' | 'move'): string
}

// Chengdu's real population is ~6× each of the others; `home` flattens that so the smaller
// cities still get a few hundred cases from their own people, `move` keeps the pull to Chengdu.
const WEIGHTS = {
  home: { '510100': 4, '510600': 2.2, '511400': 2, '512000': 1.8 },
  move: { '510100': 6, '510600': 1.5, '511400': 1.4, '512000': 1.1 },
} as const satisfies Record<string, Record<string, number>>

export function createDistrictDirectory(regions: readonly SeedRegion[]): DistrictDirectory {
  const byCode = new Map<string, DistrictEntry>()
  const byCity = new Map<string, SeedRegion>()
  for (const region of regions) {
    byCity.set(region.code, region)
    for (const district of region.districts) {
      byCode.set(district.code, { region, district })
      for (const former of district.formerCodes) byCode.set(former.code, { region, district })
    }
  }
  const weightsFor = (profile: keyof typeof WEIGHTS) =>
    regions.map((r) => [r, (WEIGHTS[profile] as Record<string, number>)[r.code] ?? 1] as const)
  const weights = { home: weightsFor('home'), move: weightsFor('move') }
  return {
    regions,
    regionOf: (code) => byCity.get(code) ?? byCode.get(code)?.region,
    entry: (code) => byCode.get(code),
    randomDistrict(rng, cityCode, profile = 'home') {
      const region = cityCode ? byCity.get(cityCode) : rng.weighted(weights[profile])
      if (!region) throw new Error(`unknown city ${cityCode}`)
      return rng.pick(region.districts).code
    },
  }
}
