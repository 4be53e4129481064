import type { Matter } from '../catalogue/matter-catalogue.js'
import type { CompetenceBasis } from '../config/region-config-schema.js'
import { FederationError } from '../errors.js'
import type { District, Division, Region } from '../regions/division-registry.js'
import type { Federation } from '../runtime.js'

/** Facts a clerk or caller supplies; area codes are GB/T 2260 codes. */
export interface CompetenceFacts {
  householdRegistration?: string | null
  residence?: string | null
  enterpriseDomicile?: string | null
  propertyLocation?: string | null
  placeInsured?: string | null
  acceptingRegion?: string | null
}

export type FactName = keyof CompetenceFacts

/** The fact each competence basis is decided by. */
export const FACT_FOR_BASIS: Readonly<Record<CompetenceBasis, FactName>> = {
  HOUSEHOLD_REGISTRATION: 'householdRegistration',
  RESIDENCE: 'residence',
  ENTERPRISE_DOMICILE: 'enterpriseDomicile',
  PROPERTY_LOCATION: 'propertyLocation',
  PLACE_INSURED: 'placeInsured',
  ANY_OFFICE: 'acceptingRegion',
}

const BASIS_WORDS: Readonly<Record<CompetenceBasis, string>> = {
  HOUSEHOLD_REGISTRATION: '户籍地 (household registration)',
  RESIDENCE: '居住地 (residence)',
  ENTERPRISE_DOMICILE: '住所地 (enterprise domicile)',
  PROPERTY_LOCATION: '不动产所在地 (property location)',
  PLACE_INSURED: '参保地 (place insured)',
  ANY_OFFICE: '全城通办 (any office: the accepting city)',
}

export interface CompetenceStepDecision {
  order: number
  name: string
  rule: CompetenceBasis
  region: Region
}

export interface CompetenceDecision {
  matter: Matter
  region: Region
  district: District | null
  rule: CompetenceBasis
  explanation: string
  factsUsed: { name: FactName; value: string; resolvedCode: string }[]
  steps: CompetenceStepDecision[]
}

/**
 * Decides which city is competent for a matter. Never guesses: when a fact the rule needs is
 * missing, it says which (the area code inside a resident ID number records first
 * registration, not today's household registration, so it is never used).
 * @throws FederationError UNKNOWN_MATTER; COMPETENCE_UNDETERMINED with `missing`;
 *   INVALID_REGION_CODE; COMPETENCE_OUTSIDE_FEDERATION when the deciding area is elsewhere.
 */
export function competentRegion(fed: Federation, matterCode: string, facts: CompetenceFacts): CompetenceDecision {
  const matter = fed.catalogue.get(matterCode)
  if (!matter) {
    throw new FederationError('UNKNOWN_MATTER', `no matter with code ${matterCode} in the catalogue`, { details: { argument: 'matterCode' } })
  }
  const plan = matter.steps.length
    ? matter.steps.map((s) => ({ order: s.order, name: s.name, rule: s.competenceBasis }))
    : [{ order: 1, name: matter.name, rule: matter.competenceBasis }]
  const missing = [...new Set(plan.map((s) => FACT_FOR_BASIS[s.rule]).filter((f) => !facts[f]?.trim()))]
  if (missing.length) {
    throw new FederationError(
      'COMPETENCE_UNDETERMINED',
      `cannot decide the competent city for ${matter.name} (${matter.code}): missing ${missing.join(', ')}`,
      { details: { missing, matterCode: matter.code, rule: matter.competenceBasis } },
    )
  }
  const used = new Map<FactName, { name: FactName; value: string; resolvedCode: string; division: Division }>()
  const resolveFact = (name: FactName) => {
    let entry = used.get(name)
    if (!entry) {
      const value = facts[name]!.trim()
      let division: Division
      try {
        division = fed.divisions.resolve(value, `facts.${name}`)
      } catch (err) {
        if (err instanceof FederationError && err.code === 'REGION_OUTSIDE_FEDERATION') {
          throw new FederationError(
            'COMPETENCE_OUTSIDE_FEDERATION',
            `the ${name} ${value} lies outside this federation, so no member city is competent for ${matter.name}`,
            { details: { fact: name, code: value, matterCode: matter.code } },
          )
        }
        throw err
      }
      entry = { name, value, resolvedCode: division.district?.code ?? division.region.code, division }
      used.set(name, entry)
    }
    return entry
  }
  const steps = plan.map((s) => ({ ...s, region: resolveFact(FACT_FOR_BASIS[s.rule]).division.region }))
  const decisive = resolveFact(FACT_FOR_BASIS[plan[0]!.rule])
  const d = decisive.division
  const former = d.former ? ` (former code of ${d.district!.name}, in force until ${d.former.until}; now ${d.district!.code})` : ''
  const explanation =
    `${BASIS_WORDS[plan[0]!.rule]}: ${decisive.name} ${decisive.value}${former} lies in ${d.region.name} ${d.region.code}` +
    (steps.length > 1 ? `; then ${steps.slice(1).map((s) => `step ${s.order} ${s.name} → ${s.region.name}`).join('; ')}` : '') +
    '.'
  return {
    matter,
    region: d.region,
    district: d.district ?? null,
    rule: plan[0]!.rule,
    explanation,
    factsUsed: [...used.values()].map(({ name, value, resolvedCode }) => ({ name, value, resolvedCode })),
    steps,
  }
}
