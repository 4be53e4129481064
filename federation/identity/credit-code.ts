// GB 32100-2015 unified social credit code: 17 characters from a 31-symbol alphabet
// (no I, O, Z, S, V) and a check character computed MOD 31.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
const SHAPE = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/

/** The GB 32100 check character for the first 17 characters of a credit code. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!
  return ALPHABET[(31 - (sum % 31)) % 31]!
}

export interface CreditCode {
  value: string
  /** Characters 3–8: area code of the registering authority (not necessarily today's domicile). */
  registrationArea: string
}

/** Parses a unified social credit code, or returns the reason it is not one. */
export function parseCreditCode(input: string): CreditCode | { error: string } {
  const value = input.trim().toUpperCase()
  if (!SHAPE.test(value)) {
    return { error: 'a unified social credit code is 18 characters from 0-9 and A-Y without I, O, S, V, Z' }
  }
  if (!/^\d{6}$/.test(value.slice(2, 8))) return { error: 'characters 3–8 must be an area code' }
  if (value[17] !== creditCodeCheckChar(value)) return { error: 'the check character does not match (GB 32100)' }
  return { value, registrationArea: value.slice(2, 8) }
}

export function isCreditCode(input: string): boolean {
  return !('error' in parseCreditCode(input))
}
