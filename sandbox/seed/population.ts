import { randomDate } from './beijing-time.js'
import { enterpriseName, personName } from './chinese-names.js'
import type { DistrictDirectory } from './district-directory.js'
import { companyCreditCode, mobileNumber, residentIdNumber } from './identity-numbers.js'
import { rngFor, type Rng } from './prng.js'
import type { SeedEnterprise, SeedPerson } from './seed-types.js'

export const PERSON_COUNT = 600
export const ENTERPRISE_COUNT = 200

/** Area codes outside the four cities for people who came from elsewhere (绵阳市, 重庆市渝中区). */
const ELSEWHERE_AREAS = ['510700', '500103'] as const

export interface Population {
  persons: SeedPerson[]
  enterprises: SeedEnterprise[]
}

/**
 * The area code a person's ID number was first issued under. Everyone here was born by 2005,
 * before any of the district re-codings in the region files (2014–2020), so a person born in a
 * re-coded district mostly carries the former code (郫县 510124, 简阳 512081 …); a few carry the
 * current one, as re-issued numbers do.
 */
function areaOfFirstRegistration(rng: Rng, dir: DistrictDirectory, birthDistrict: string): string {
  const former = dir.entry(birthDistrict)?.district.formerCodes ?? []
  return former.length > 0 && rng.chance(0.85) ? rng.pick(former).code : birthDistrict
}

function createPerson(rng: Rng, dir: DistrictDirectory, ref: number, usedIds: Set<string>): SeedPerson {
  const sex = rng.chance(0.5) ? 'M' : 'F'
  const birthDate = randomDate(rng, '1950-01-01', '2005-12-31')
  const fromElsewhere = rng.chance(0.05)
  const birthDistrict = dir.randomDistrict(rng)
  const area = fromElsewhere ? rng.pick(ELSEWHERE_AREAS) : areaOfFirstRegistration(rng, dir, birthDistrict)
  let idNumber: string
  do idNumber = residentIdNumber(rng, area, birthDate, sex)
  while (usedIds.has(idNumber))
  usedIds.add(idNumber)
  // People move: the household registration usually stays where the number was issued, but not
  // always, and the place they actually live differs more often still.
  const householdDistrict = fromElsewhere || rng.chance(0.25) ? dir.randomDistrict(rng, undefined, 'move') : birthDistrict
  const residenceDistrict = rng.chance(0.7) ? householdDistrict : dir.randomDistrict(rng, undefined, 'move')
  return { ref, name: personName(rng, sex), sex, birthDate, idNumber, phone: mobileNumber(rng), householdDistrict, residenceDistrict }
}

/** Chars 3–8 of the credit code: the city's bureau for some, else the district's code at the time. */
function registeringArea(rng: Rng, dir: DistrictDirectory, district: string, establishedOn: string): string {
  const entry = dir.entry(district)!
  if (rng.chance(0.2)) return entry.region.code
  const former = entry.district.formerCodes.find((f) => establishedOn < f.until)
  return former ? former.code : district
}

function createEnterprise(
  rng: Rng,
  dir: DistrictDirectory,
  ref: number,
  persons: readonly SeedPerson[],
  residentsByCity: ReadonlyMap<string, readonly SeedPerson[]>,
  used: { codes: Set<string>; names: Set<string> },
): SeedEnterprise {
  const domicileDistrict = dir.randomDistrict(rng)
  const entry = dir.entry(domicileDistrict)!
  const establishedOn = randomDate(rng, '2003-01-01', '2026-06-30')
  const area = registeringArea(rng, dir, domicileDistrict, establishedOn)
  let creditCode: string
  do creditCode = companyCreditCode(rng, area)
  while (used.codes.has(creditCode))
  used.codes.add(creditCode)
  let name: string
  do name = enterpriseName(rng, entry.region.name, entry.district.name)
  while (used.names.has(name))
  used.names.add(name)
  // The legal representative usually lives in the city the company is registered in.
  const local = residentsByCity.get(entry.region.code) ?? []
  const rep = rng.chance(0.85) && local.length > 0 ? rng.pick(local) : rng.pick(persons)
  return {
    ref,
    name,
    creditCode,
    legalRepresentativeRef: rep.ref,
    legalRepresentative: rep.name,
    domicileDistrict,
    establishedOn,
    phone: rng.chance(0.6) ? rep.phone : mobileNumber(rng),
  }
}

/** The federation's shared population: persons first, then enterprises led by some of them. */
export function createPopulation(dir: DistrictDirectory): Population {
  const rng = rngFor('population')
  const usedIds = new Set<string>()
  const persons: SeedPerson[] = []
  for (let i = 0; i < PERSON_COUNT; i++) persons.push(createPerson(rng, dir, i, usedIds))
  const residentsByCity = new Map<string, SeedPerson[]>()
  for (const p of persons) {
    const city = dir.regionOf(p.residenceDistrict)!.code
    const list = residentsByCity.get(city)
    if (list) list.push(p)
    else residentsByCity.set(city, [p])
  }
  const used = { codes: new Set<string>(), names: new Set<string>() }
  const enterprises: SeedEnterprise[] = []
  for (let i = 0; i < ENTERPRISE_COUNT; i++) {
    enterprises.push(createEnterprise(rng, dir, i, persons, residentsByCity, used))
  }
  return { persons, enterprises }
}
