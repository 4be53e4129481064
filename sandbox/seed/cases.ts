import { createHash } from 'node:crypto'
import { beijingMs, isoDate } from './beijing-time.js'
import { caseHistory, windowIntakeNote } from './case-history.js'
import type { CityContext } from './city-context.js'
import { partyFacts, partyKey } from './party-pools.js'
import type { Rng } from './prng.js'
import { SEED_LAST_DAY, SEED_START_MS } from './seed-clock.js'
import type { HandlingMode, PartyKind, SeedCase, SeedLicence, SeedMaterial, SeedMatter, SeedPartyRef, SeedRegion } from './seed-types.js'

export interface CaseContext extends CityContext {
  matters: readonly SeedMatter[]
  /** This city's licences by `partyKey`, so materials can cite them. */
  licencesByHolder: ReadonlyMap<string, readonly SeedLicence[]>
  /** Holders of each licence type in this city. */
  holdersByType: ReadonlyMap<string, readonly SeedPartyRef[]>
}

/** Marriage registration became possible at any office on 2025-05-10 (婚姻登记条例, 2025 revision). */
const MARRIAGE_ANY_OFFICE_MS = beijingMs(2025, 5, 10)
const LAST_DAY_MS = beijingMs(...(SEED_LAST_DAY.split('-').map(Number) as [number, number, number]))

interface Draft {
  matter: SeedMatter
  applicant: SeedPartyRef
  mode: HandlingMode | null
  receivedAt: number
  acceptingRegion: string | null
  acceptingCity: SeedRegion | null
}

/** A code as another city's window stamps it: mostly the city, sometimes a district, rarely a former code. */
function stampOf(rng: Rng, city: SeedRegion): string {
  const r = rng.next()
  const withFormer = city.districts.filter((d) => d.formerCodes.length > 0)
  if (r < 0.08 && withFormer.length > 0) return rng.pick(rng.pick(withFormer).formerCodes).code
  if (r < 0.35) return rng.pick(city.districts).code
  return city.code
}

/** A city's own window stamps its district; an old stamp still carries a former code now and then. */
function windowStamp(rng: Rng, city: SeedRegion, district: string): string {
  const former = city.districts.find((d) => d.code === district)?.formerCodes ?? []
  const r = rng.next()
  if (r < 0.1 && former.length > 0) return rng.pick(former).code
  return r < 0.97 ? district : city.code
}

function receiptTime(rng: Rng, online: boolean): number {
  const days = Math.round((LAST_DAY_MS - SEED_START_MS) / 86_400_000)
  let day = SEED_START_MS + rng.int(0, days) * 86_400_000
  if (online) return day + rng.int(7 * 3600, 23 * 3600 + 3599) * 1000
  // Windows open on weekdays only; 2024-01-01 was a Monday, so the weekday is (days since) mod 7.
  const weekday = Math.round((day - SEED_START_MS) / 86_400_000) % 7
  if (weekday >= 5) day += (7 - weekday) * 86_400_000
  return Math.min(day, LAST_DAY_MS) + rng.int(9 * 3600, 17 * 3600 + 1799) * 1000
}

function pickPerson(ctx: CaseContext, matter: SeedMatter, remote: boolean): SeedPartyRef {
  const { rng, pools } = ctx
  let pool
  if (remote) {
    const householdHere = matter.basis === 'HOUSEHOLD_REGISTRATION' || rng.chance(0.5)
    pool = householdHere && pools.householdHereLivingElsewhere.length > 0 ? pools.householdHereLivingElsewhere : pools.livingElsewhere
  } else if (matter.basis === 'HOUSEHOLD_REGISTRATION') pool = pools.household
  else if (matter.basis === 'PROPERTY_LOCATION' || matter.basis === 'ANY_OFFICE') pool = pools.tied
  else pool = pools.residence
  return { kind: 'PERSON', ref: rng.pick(pool.length > 0 ? pool : pools.tied).ref }
}

function pickApplicant(ctx: CaseContext, matter: SeedMatter, kind: PartyKind, remote: boolean): SeedPartyRef {
  const { rng, pools } = ctx
  // Half the cases for a matter that needs a licence this city issues go to someone holding one,
  // so materials can cite the city's own licence ids.
  const wanted = matter.materials.flatMap((m) => (m.certificateType ? (ctx.holdersByType.get(m.certificateType) ?? []) : []))
  const holders = wanted.filter((h) => h.kind === kind)
  if (!remote && holders.length > 0 && rng.chance(0.5)) return rng.pick(holders)
  if (kind === 'PERSON') return pickPerson(ctx, matter, remote)
  const pool = matter.basis === 'PROPERTY_LOCATION' && rng.chance(0.3) ? ctx.pop.enterprises : pools.domiciled
  return { kind: 'ENTERPRISE', ref: rng.pick(pool).ref }
}

/** The city whose window took in a remote application: where the applicant lives, if not here. */
function acceptingCityFor(ctx: CaseContext, applicant: SeedPartyRef): SeedRegion {
  const { dir, pop, region, rng } = ctx
  const person = applicant.kind === 'PERSON' ? pop.persons[applicant.ref]! : pop.persons[pop.enterprises[applicant.ref]!.legalRepresentativeRef]!
  for (const district of [person.residenceDistrict, person.householdDistrict]) {
    const city = dir.regionOf(district)
    if (city && city !== region) return city
  }
  return rng.pick(dir.regions.filter((r) => r !== region))
}

function draftCase(ctx: CaseContext): Draft {
  const { rng, region } = ctx
  const matter = rng.pick(ctx.matters)
  const remoteWanted = rng.chance(0.2)
  const onlineWanted = !remoteWanted && matter.modes.includes('FULLY_ONLINE') && rng.chance(0.55)
  const receivedAt = receiptTime(rng, onlineWanted)
  // Before 2025-05-10 marriages were registered where the household is: no remote intake then.
  const remote = remoteWanted && !(matter.code.startsWith('TB-MZ') && receivedAt < MARRIAGE_ANY_OFFICE_MS)
  const kind: PartyKind = matter.applicantKinds.length > 1 ? (rng.chance(0.65) ? 'PERSON' : 'ENTERPRISE') : matter.applicantKinds[0]!
  const applicant = pickApplicant(ctx, matter, kind, remote)
  if (remote) {
    const city = acceptingCityFor(ctx, applicant)
    const mode = matter.modes.includes('MULTI_CITY') && rng.chance(0.5) ? 'MULTI_CITY' : 'REMOTE_INTAKE'
    return { matter, applicant, mode, receivedAt, acceptingRegion: stampOf(rng, city), acceptingCity: city }
  }
  const mode = onlineWanted ? 'FULLY_ONLINE' : matter.modes.includes('MULTI_CITY') && rng.chance(0.5) ? 'MULTI_CITY' : null
  let acceptingRegion: string | null = null
  if (mode !== 'FULLY_ONLINE' && ctx.conventions.localAccepting === 'city') acceptingRegion = region.code
  if (mode !== 'FULLY_ONLINE' && ctx.conventions.localAccepting === 'district') {
    const person = applicant.kind === 'PERSON' ? ctx.pop.persons[applicant.ref] : undefined
    const home = person && ctx.dir.regionOf(person.residenceDistrict) === region ? person.residenceDistrict : undefined
    acceptingRegion = windowStamp(rng, region, home ?? rng.pick(region.districts).code)
  }
  return { matter, applicant, mode, receivedAt, acceptingRegion, acceptingCity: null }
}

function materials(ctx: CaseContext, draft: Draft, localId: string): SeedMaterial[] {
  const { rng } = ctx
  const day = isoDate(draft.receivedAt)
  const held = ctx.licencesByHolder.get(partyKey(draft.applicant)) ?? []
  const out: SeedMaterial[] = []
  for (const m of draft.matter.materials) {
    if (!m.required && !rng.chance(0.6)) continue
    const licence = m.certificateType ? held.find((l) => l.type === m.certificateType && l.issuedOn <= day) : undefined
    if (licence) out.push({ name: m.name, licenceId: licence.localId, digest: null })
    // Most uploads carry the file's digest; a few were paper originals checked at the window.
    else if (rng.chance(0.9)) {
      const digest = createHash('sha256').update(`${ctx.region.code}/${localId}/${m.name}`).digest('hex')
      out.push({ name: m.name, licenceId: null, digest })
    } else out.push({ name: m.name, licenceId: null, digest: null })
  }
  return out
}

function intakeNote(ctx: CaseContext, draft: Draft): string {
  if (draft.acceptingCity) return `${draft.acceptingCity.name}政务服务中心异地代收,已推送${ctx.region.name}`
  return draft.mode === 'FULLY_ONLINE' ? '网上申报' : windowIntakeNote(ctx.rng)
}

function localMatterCode(region: SeedRegion, code: string): string {
  const local = region.matterCodes[code]
  if (!local) throw new Error(`region-configs/${region.folder}/region.yaml: matterCodes has no entry for ${code}`)
  return local
}

/** Newest first: received time descending, then local id descending. */
export function compareCasesNewestFirst(a: SeedCase, b: SeedCase): number {
  if (a.receivedAt !== b.receivedAt) return b.receivedAt - a.receivedAt
  return a.localId < b.localId ? 1 : a.localId > b.localId ? -1 : 0
}

/** One city's cases, newest first (see compareCasesNewestFirst). */
export function createCases(ctx: CaseContext): SeedCase[] {
  const drafts: Draft[] = []
  for (let i = 0; i < ctx.conventions.caseCount; i++) drafts.push(draftCase(ctx))
  // The city's counter numbers cases in the order they came in.
  drafts.sort((a, b) => a.receivedAt - b.receivedAt)
  const cases = drafts.map((draft, i): SeedCase => {
    const localId = ctx.conventions.caseId(i + 1, draft.receivedAt)
    const facts = partyFacts(ctx.pop, draft.applicant)
    const history = caseHistory(ctx.rng, draft.receivedAt, {
      recordsServed: ctx.conventions.recordsServed,
      intakeNote: intakeNote(ctx, draft),
    })
    const last = history[history.length - 1]!
    return {
      region: ctx.region.code,
      localId,
      matterCode: draft.matter.code,
      localMatterCode: localMatterCode(ctx.region, draft.matter.code),
      matterName: draft.matter.name,
      applicant: draft.applicant,
      applicantName: facts.name,
      applicantIdNumber: facts.idNumber,
      applicantPhone: facts.phone,
      applicantLegalRepresentative: facts.legalRepresentative,
      mode: draft.mode,
      state: last.state,
      receivedAt: draft.receivedAt,
      updatedAt: last.at,
      acceptingRegion: draft.acceptingRegion,
      remote: draft.acceptingCity !== null,
      history,
      materials: materials(ctx, draft, localId),
    }
  })
  return cases.sort(compareCasesNewestFirst)
}
