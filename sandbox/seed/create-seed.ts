import { createCases } from './cases.js'
import { cityConventions } from './city-conventions.js'
import { createDistrictDirectory } from './district-directory.js'
import { groupBy } from './group-by.js'
import { createLicences } from './licences.js'
import { createCityPools, partyKey } from './party-pools.js'
import { createPopulation } from './population.js'
import { rngFor } from './prng.js'
import { CITY_FOLDERS, loadSeedMatters, loadSeedRegion } from './region-catalogue.js'
import type { CitySeed, PartyKind, SandboxSeed, SeedLicence, SeedPartyRef } from './seed-types.js'

/**
 * Generates the whole sandbox data set from the region files and the fixed seed: the shared
 * population, then for each city its licences and its cases (cases cite licences, so licences
 * come first). Deterministic: two calls return equal data.
 * @example
 * const seed = createSandboxSeed()
 * seed.cities['510600']!.cases[0] // Deyang's newest case
 */
export function createSandboxSeed(): SandboxSeed {
  const regions = CITY_FOLDERS.map(loadSeedRegion)
  const matters = loadSeedMatters()
  const dir = createDistrictDirectory(regions)
  const pop = createPopulation(dir)
  const issuedOnce = new Set<string>()
  const cities: Record<string, CitySeed> = {}
  for (const region of regions) {
    const conventions = cityConventions(region.code)
    const pools = createCityPools(pop, dir, region.code)
    const licences = createLicences({ region, pop, dir, pools, conventions, rng: rngFor(`licences:${region.code}`), issuedOnce })
    const holdersByType = new Map<string, SeedPartyRef[]>()
    for (const [type, list] of groupBy(licences, (l) => l.type)) holdersByType.set(type, list.map((l) => l.holder))
    const cases = createCases({
      region,
      pop,
      dir,
      pools,
      conventions,
      matters,
      rng: rngFor(`cases:${region.code}`),
      licencesByHolder: groupBy(licences, (l: SeedLicence) => partyKey(l.holder)),
      holdersByType,
    })
    cities[region.code] = { region, cases, licences }
  }
  return { regions, matters, persons: pop.persons, enterprises: pop.enterprises, cities }
}

let shared: SandboxSeed | undefined

/**
 * The sandbox data set, generated once per process and shared. Treat it as read-only: each city
 * server builds its own local records from it.
 */
export function sandboxSeed(): SandboxSeed {
  return (shared ??= createSandboxSeed())
}

/** A party that appears in more than one city, with the cities in federation order. */
export interface MultiCityParty {
  kind: PartyKind
  /** Resident ID number or credit code. */
  idNumber: string
  regions: string[]
}

function multiCity(seed: SandboxSeed, parties: (city: CitySeed) => Iterable<{ kind: PartyKind; idNumber: string }>): MultiCityParty[] {
  const found = new Map<string, MultiCityParty>()
  for (const region of seed.regions) {
    for (const p of parties(seed.cities[region.code]!)) {
      const entry = found.get(p.idNumber) ?? { kind: p.kind, idNumber: p.idNumber, regions: [] }
      if (!entry.regions.includes(region.code)) entry.regions.push(region.code)
      found.set(p.idNumber, entry)
    }
  }
  return [...found.values()].filter((p) => p.regions.length > 1)
}

/** Applicants with cases in two or more cities (for fan-out and cross-region paging tests). */
export function multiCityApplicants(seed: SandboxSeed = sandboxSeed()): MultiCityParty[] {
  return multiCity(seed, (c) => c.cases.map((x) => ({ kind: x.applicant.kind, idNumber: x.applicantIdNumber })))
}

/** Holders with licences issued by two or more cities (for certificates(holderId) fan-out tests). */
export function multiCityHolders(seed: SandboxSeed = sandboxSeed()): MultiCityParty[] {
  return multiCity(seed, (c) => c.licences.map((l) => ({ kind: l.holder.kind, idNumber: l.holderIdNumber })))
}
