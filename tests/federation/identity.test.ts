import { describe, expect, it } from 'vitest'
import { checkPartyId, creditCodeCheckChar, FederationError, parseCreditCode, parseResidentId, residentIdCheckChar } from '../../federation/index.js'

describe('resident ID numbers (GB 11643)', () => {
  // A published example from GB 11643-1999 appendix: 11010519491231002X.
  it('accepts the standard example and reads its fields', () => {
    const id = parseResidentId('11010519491231002x')
    expect(id).toEqual({ value: '11010519491231002X', areaOfFirstRegistration: '110105', birthDate: '1949-12-31', sex: 'F' })
  })

  it('computes the MOD 11-2 check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X')
    expect(residentIdCheckChar('44052418800101001')).toBe('4')
  })

  it.each([
    ['110105194912310021', 'check character'],
    ['11010519491331002X', 'birth date'],
    ['1101051949123100', '17 digits'],
    ['11010519490230002X', 'birth date'],
  ])('rejects %s (%s)', (input, reason) => {
    const r = parseResidentId(input)
    expect('error' in r && r.error).toContain(reason)
  })
})

describe('unified social credit codes (GB 32100)', () => {
  it('computes the MOD 31 check character', () => {
    // 91510100MA61R1XX2L-like bodies are generated; verify the round trip instead of a constant.
    const body = '91510600MA6' + '2ABCD1'
    const full = body + creditCodeCheckChar(body)
    expect(parseCreditCode(full)).toEqual({ value: full, registrationArea: '510600' })
  })

  it('accepts a real published code', () => {
    // 国家市场监督管理总局公布的示例: 91350100M000100Y43
    expect(parseCreditCode('91350100M000100Y43')).toMatchObject({ registrationArea: '350100' })
  })

  it('rejects a wrong check character and forbidden letters', () => {
    expect(parseCreditCode('91350100M000100Y44')).toHaveProperty('error')
    expect(parseCreditCode('91350100M000100I43')).toHaveProperty('error')
  })
})

describe('checkPartyId', () => {
  it('tells persons from enterprises', () => {
    expect(checkPartyId(' 11010519491231002x ', 'id')).toEqual({ value: '11010519491231002X', kind: 'RESIDENT_ID' })
    expect(checkPartyId('91350100M000100Y43', 'id').kind).toBe('CREDIT_CODE')
  })

  it('throws INVALID_ID_NUMBER naming the argument and the reason', () => {
    try {
      checkPartyId('110105194912310021', 'filter.applicantIdNumber')
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(FederationError)
      expect((err as FederationError).code).toBe('INVALID_ID_NUMBER')
      expect((err as FederationError).message).toMatch(/filter.applicantIdNumber.*check character/)
    }
  })
})
