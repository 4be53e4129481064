import type { DistrictDirectory } from './district-directory.js'
import type { Population } from './population.js'
import type { SeedEnterprise, SeedPartyRef, SeedPerson } from './seed-types.js'

/** Who has which tie to one city, precomputed once so generators pick in O(1). */
export interface CityPools {
  household: SeedPerson[]
  residence: SeedPerson[]
  /** Household or residence in the city. */
  tied: SeedPerson[]
  /** Household registered here but living in another city: the typical remote-intake applicant. */
  householdHereLivingElsewhere: SeedPerson[]
  livingElsewhere: SeedPerson[]
  domiciled: SeedEnterprise[]
  domiciledElsewhere: SeedEnterprise[]
}

export function createCityPools(pop: Population, dir: DistrictDirectory, cityCode: string): CityPools {
  const pools: CityPools = {
    household: [],
    residence: [],
    tied: [],
    householdHereLivingElsewhere: [],
    livingElsewhere: [],
    domiciled: [],
    domiciledElsewhere: [],
  }
  for (const p of pop.persons) {
    const household = dir.regionOf(p.householdDistrict)?.code === cityCode
    const residence = dir.regionOf(p.residenceDistrict)?.code === cityCode
    if (household) pools.household.push(p)
    if (residence) pools.residence.push(p)
    else pools.livingElsewhere.push(p)
    if (household || residence) pools.tied.push(p)
    if (household && !residence) pools.householdHereLivingElsewhere.push(p)
  }
  for (const e of pop.enterprises) {
    if (dir.regionOf(e.domicileDistrict)?.code === cityCode) pools.domiciled.push(e)
    else pools.domiciledElsewhere.push(e)
  }
  return pools
}

export interface PartyFacts {
  name: string
  idNumber: string
  phone: string
  /** null for persons. */
  legalRepresentative: string | null
}

/** What a record about a party copies from the population register. */
export function partyFacts(pop: Population, party: SeedPartyRef): PartyFacts {
  if (party.kind === 'PERSON') {
    const p = pop.persons[party.ref]!
    return { name: p.name, idNumber: p.idNumber, phone: p.phone, legalRepresentative: null }
  }
  const e = pop.enterprises[party.ref]!
  return { name: e.name, idNumber: e.creditCode, phone: e.phone, legalRepresentative: e.legalRepresentative }
}

/** A stable map key for a party, e.g. `PERSON:17`. */
export const partyKey = (party: SeedPartyRef): string => `${party.kind}:${party.ref}`
