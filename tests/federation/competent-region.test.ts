import { afterAll, describe, expect, it } from 'vitest'
import { competentRegion, createFederation, FederationError, loadFederationConfig } from '../../federation/index.js'
import { BUNDLED_CONFIGS } from '../fixtures/config-dir.js'

const fed = createFederation(loadFederationConfig(BUNDLED_CONFIGS))
afterAll(() => fed.close())

function codeOf(fn: () => unknown): { code: string; details: Readonly<Record<string, unknown>> } {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(FederationError)
    return err as FederationError
  }
  throw new Error('expected a FederationError')
}

describe('competentRegion', () => {
  it('decides by enterprise domicile and names the district', () => {
    const d = competentRegion(fed, 'TB-SCJG-001', { enterpriseDomicile: '510603' })
    expect(d.region.code).toBe('510600')
    expect(d.district?.name).toBe('旌阳区')
    expect(d.rule).toBe('ENTERPRISE_DOMICILE')
    expect(d.factsUsed).toEqual([{ name: 'enterpriseDomicile', value: '510603', resolvedCode: '510603' }])
  })

  it('follows a historical code: 512081 (简阳, formerly Ziyang) is Chengdu now', () => {
    const d = competentRegion(fed, 'TB-GA-005', { householdRegistration: '512081' })
    expect(d.region.code).toBe('510100')
    expect(d.factsUsed[0]!.resolvedCode).toBe('510185')
    expect(d.explanation).toMatch(/512081.*former code.*510185.*成都市/)
  })

  it('lists the missing facts instead of guessing', () => {
    const err = codeOf(() => competentRegion(fed, 'TB-YB-001', { residence: '511402' }))
    expect(err.code).toBe('COMPETENCE_UNDETERMINED')
    expect(err.details.missing).toEqual(['placeInsured'])
  })

  it('uses the accepting city for any-office matters (marriage registration since 2025-05-10)', () => {
    expect(competentRegion(fed, 'TB-MZ-001', { acceptingRegion: '512002', householdRegistration: '510104' }).region.code).toBe('512000')
    expect(codeOf(() => competentRegion(fed, 'TB-MZ-001', { householdRegistration: '510104' })).details.missing).toEqual(['acceptingRegion'])
  })

  it('routes each step of a multi-city matter (户口迁移: move-out, then move-in)', () => {
    const d = competentRegion(fed, 'TB-GA-001', { householdRegistration: '511421', residence: '510107' })
    expect(d.steps.map((s) => [s.order, s.rule, s.region.code])).toEqual([
      [1, 'HOUSEHOLD_REGISTRATION', '511400'],
      [2, 'RESIDENCE', '510100'],
    ])
    expect(d.region.code).toBe('511400')
    expect(codeOf(() => competentRegion(fed, 'TB-GA-001', {})).details.missing).toEqual(['householdRegistration', 'residence'])
  })

  it('refuses areas outside the federation, malformed codes and unknown matters with their own codes', () => {
    expect(codeOf(() => competentRegion(fed, 'TB-BDC-001', { propertyLocation: '510703' })).code).toBe('COMPETENCE_OUTSIDE_FEDERATION')
    expect(codeOf(() => competentRegion(fed, 'TB-BDC-001', { propertyLocation: '51070' })).code).toBe('INVALID_REGION_CODE')
    expect(codeOf(() => competentRegion(fed, 'TB-NOPE-001', { propertyLocation: '510104' })).code).toBe('UNKNOWN_MATTER')
  })
})
