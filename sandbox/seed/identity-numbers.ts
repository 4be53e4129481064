import { creditCodeCheckChar } from '../../federation/identity/credit-code.js'
import { residentIdCheckChar } from '../../federation/identity/resident-id.js'
import type { Rng } from './prng.js'

/**
 * A GB 11643 resident ID number: area code of first registration, birth date, a 3-digit
 * sequence whose last digit is odd for men and even for women, and the MOD 11-2 check character.
 */
export function residentIdNumber(rng: Rng, area: string, birthDate: string, sex: 'M' | 'F'): string {
  let seq = rng.int(1, 998)
  if ((seq % 2 === 1) !== (sex === 'M')) seq += 1
  const first17 = `${area}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
  return first17 + residentIdCheckChar(first17)
}

// GB 11714 organisation code check: weights 3 7 9 10 5 8 4 2, C9 = 11 − (Σ mod 11), 10 → X, 11 → 0.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const

function organisationCode(rng: Rng): string {
  let body = ''
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const digit = rng.int(0, 9)
    body += digit
    sum += digit * ORG_WEIGHTS[i]!
  }
  const c = 11 - (sum % 11)
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c))
}

/**
 * A GB 32100 unified social credit code for a company: 9 (registered by market regulation),
 * 1 (enterprise), the registering authority's area code, a GB 11714 organisation code and the
 * MOD 31 check character.
 */
export function companyCreditCode(rng: Rng, registeringArea: string): string {
  const first17 = `91${registeringArea}${organisationCode(rng)}`
  return first17 + creditCodeCheckChar(first17)
}

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155',
  '156', '158', '159', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '199',
]

/** An 11-digit mainland mobile number. */
export function mobileNumber(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0')
}
