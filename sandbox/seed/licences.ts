import { addYears, randomDate } from './beijing-time.js'
import type { CityContext } from './city-context.js'
import { partyFacts, partyKey } from './party-pools.js'
import type { Rng } from './prng.js'
import { SEED_LAST_DAY, SEED_TODAY } from './seed-clock.js'
import type { LicenceStatus, LicenceType, SeedLicence, SeedPartyRef } from './seed-types.js'

export interface LicenceContext extends CityContext {
  /**
   * `party/type` pairs already issued anywhere in the federation: a person holds one social
   * security card, one driving licence and one marriage certificate, whichever city issued it.
   */
  issuedOnce: Set<string>
}

interface Draft {
  type: LicenceType
  holder: SeedPartyRef
  /** The district whose office issued it, for the authority name and the number. */
  district: string
  issuedOn: string
  validFrom: string
  validUntil: string | null
}

const later = (a: string, b: string): string => (a > b ? a : b)

function districtIn(ctx: LicenceContext, ...candidates: string[]): string {
  const own = candidates.find((c) => ctx.dir.regionOf(c) === ctx.region)
  return own ?? ctx.rng.pick(ctx.region.districts).code
}

function draftForEnterprise(ctx: LicenceContext): Draft | null {
  const { rng, pools } = ctx
  // A branch store may hold a food licence in a city other than the company's domicile; the
  // business licence itself only ever comes from the domicile.
  const branch = rng.chance(0.25) || pools.domiciled.length === 0
  const e = rng.pick(branch ? pools.domiciledElsewhere : pools.domiciled)
  const holder: SeedPartyRef = { kind: 'ENTERPRISE', ref: e.ref }
  const type: LicenceType = !branch && rng.chance(0.55) ? '营业执照' : '食品经营许可证'
  const district = districtIn(ctx, e.domicileDistrict)
  if (type === '营业执照') {
    if (ctx.issuedOnce.has(`${partyKey(holder)}/${type}`)) return null
    ctx.issuedOnce.add(`${partyKey(holder)}/${type}`)
    // Re-issued (换照) after a change registration; valid from establishment.
    const issuedOn = rng.chance(0.6) ? e.establishedOn : randomDate(rng, e.establishedOn, SEED_LAST_DAY)
    const validUntil = rng.chance(0.8) ? null : addYears(e.establishedOn, rng.pick([20, 30]))
    return { type, holder, district, issuedOn, validFrom: e.establishedOn, validUntil }
  }
  // 食品经营许可证 replaced the separate food permits on 2015-10-01; valid five years.
  const issuedOn = randomDate(rng, later(e.establishedOn, '2015-10-01'), SEED_LAST_DAY)
  return { type, holder, district, issuedOn, validFrom: issuedOn, validUntil: addYears(issuedOn, 5) }
}

const PERSON_TYPES: ReadonlyArray<readonly [LicenceType, number]> = [
  ['社会保障卡', 3],
  ['机动车驾驶证', 3],
  ['结婚证', 2],
  ['不动产权证书', 4],
]

function draftForPerson(ctx: LicenceContext): Draft | null {
  const { rng, pools, pop } = ctx
  const type = rng.weighted(PERSON_TYPES)
  // Property can be bought anywhere and marriages registered at any office, so those two often
  // go to people from other cities: that is what gives holders licences in several cities.
  const anywhere = (type === '不动产权证书' && rng.chance(0.4)) || (type === '结婚证' && rng.chance(0.2))
  const pool = type === '社会保障卡' ? pools.residence : anywhere ? pop.persons : pools.tied
  if (pool.length === 0) return null
  const p = rng.pick(pool)
  const holder: SeedPartyRef = { kind: 'PERSON', ref: p.ref }
  const key = `${partyKey(holder)}/${type}`
  if (type !== '不动产权证书' && ctx.issuedOnce.has(key)) return null
  const district = districtIn(ctx, p.residenceDistrict, p.householdDistrict)
  const floor: Record<LicenceType, string> = {
    社会保障卡: later(addYears(p.birthDate, 16), '2012-01-01'),
    机动车驾驶证: later(addYears(p.birthDate, 18), '2008-01-01'),
    结婚证: later(addYears(p.birthDate, p.sex === 'M' ? 22 : 20), '2008-01-01'),
    不动产权证书: later(addYears(p.birthDate, 18), '2015-03-01'), // unified real-estate registration
    营业执照: '',
    食品经营许可证: '',
  }
  if (floor[type] > SEED_LAST_DAY) return null
  ctx.issuedOnce.add(key)
  const issuedOn = randomDate(rng, floor[type], SEED_LAST_DAY)
  const years: Partial<Record<LicenceType, number | null>> = {
    社会保障卡: 10,
    // Driving licences run 6 years, then 10, then long-term (机动车驾驶证申领和使用规定 §58).
    机动车驾驶证: rng.pick([6, 10, null]),
  }
  const span = years[type] ?? null
  return { type, holder, district, issuedOn, validFrom: issuedOn, validUntil: span === null ? null : addYears(issuedOn, span) }
}

function authority(ctx: LicenceContext, draft: Draft): string {
  const city = ctx.region.name
  const districtName = ctx.dir.entry(draft.district)?.district.name ?? ''
  const local = ctx.rng.chance(0.6) ? districtName : ''
  switch (draft.type) {
    case '营业执照':
    case '食品经营许可证':
      return `${city}${local}市场监督管理局`
    case '结婚证':
      return `${city}${local}民政局`
    case '不动产权证书':
      return `${city}不动产登记中心`
    case '机动车驾驶证':
      return city === '成都市' ? '成都市公安局交通管理局' : `${city}公安局交通警察支队`
    case '社会保障卡':
      return `${city}人力资源和社会保障局`
  }
}

function licenceNumber(ctx: LicenceContext, draft: Draft, seq: number, holderIdNumber: string): string {
  const year = draft.issuedOn.slice(0, 4)
  const { rng } = ctx
  switch (draft.type) {
    case '营业执照':
      return holderIdNumber // the business licence is numbered by the credit code itself
    case '食品经营许可证':
      return `JY1${draft.district}${String(seq).padStart(6, '0')}${rng.int(0, 9)}`
    case '结婚证':
      return `J${draft.district}-${year}-${String(seq).padStart(6, '0')}`
    case '不动产权证书':
      return `川(${year})${ctx.region.name}不动产权第${String(rng.int(1, 999_999)).padStart(7, '0')}号`
    case '机动车驾驶证':
      return holderIdNumber // the driving licence number is the holder's ID number
    case '社会保障卡':
      return `${'ABCDEFGH'[rng.int(0, 7)]}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`
  }
}

function licenceStatus(rng: Rng, validUntil: string | null): LicenceStatus {
  if (validUntil !== null && validUntil < SEED_TODAY) return 'EXPIRED'
  return rng.weighted([['VALID', 91], ['REVOKED', 6], ['SUSPENDED', 3]] as const)
}

/** One city's electronic licences, issue date descending then local id descending. */
export function createLicences(ctx: LicenceContext): SeedLicence[] {
  const drafts: Draft[] = []
  // Bounded so a pool that runs dry (every enterprise already licensed) cannot loop forever.
  for (let attempt = 0; drafts.length < ctx.conventions.licenceCount && attempt < ctx.conventions.licenceCount * 20; attempt++) {
    const draft = ctx.rng.chance(0.35) ? draftForEnterprise(ctx) : draftForPerson(ctx)
    if (draft) drafts.push(draft)
  }
  // Sequence numbers follow issue order, as a registry's counter would.
  drafts.sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : 0))
  const licences = drafts.map((draft, i): SeedLicence => {
    const facts = partyFacts(ctx.pop, draft.holder)
    return {
      region: ctx.region.code,
      localId: ctx.conventions.licenceId(i + 1, draft.issuedOn),
      type: draft.type,
      number: licenceNumber(ctx, draft, i + 1, facts.idNumber),
      holder: draft.holder,
      holderName: facts.name,
      holderIdNumber: facts.idNumber,
      authority: authority(ctx, draft),
      issuedOn: draft.issuedOn,
      validFrom: draft.validFrom,
      validUntil: draft.validUntil,
      status: licenceStatus(ctx.rng, draft.validUntil),
    }
  })
  return licences.reverse()
}
