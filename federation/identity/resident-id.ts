
// GB 11643-1999: 17 digits then an ISO 7064 MOD 11-2 check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK = '10X98765432'
const SHAPE = /^\d{17}[\dX]$/

/** The MOD 11-2 check character for the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!
  return CHECK[sum % 11]!
}

export interface ResidentId {
  value: string
  /**
   * Area code of first registration (digits 1–6). It is NOT proof of the current household
   * registration: people move, and the number never changes.
   */
  areaOfFirstRegistration: string
  birthDate: string
  sex: 'M' | 'F'
}

/** Parses a GB 11643 resident ID number, or returns the reason it is not one. */
export function parseResidentId(input: string): ResidentId | { error: string } {
  const value = input.trim().toUpperCase()
  if (!SHAPE.test(value)) return { error: 'a resident ID number is 17 digits followed by a digit or X' }
  const y = Number(value.slice(6, 10))
  const m = Number(value.slice(10, 12))
  const d = Number(value.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { error: `digits 7–14 are not a valid birth date (${value.slice(6, 14)})` }
  }
  const expected = residentIdCheckChar(value)
  if (value[17] !== expected) return { error: 'the check character does not match (GB 11643, ISO 7064 MOD 11-2)' }
  return {
    value,
    areaOfFirstRegistration: value.slice(0, 6),
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    sex: Number(value[16]) % 2 === 1 ? 'M' : 'F',
  }
}

/** True when `input` is a well-formed resident ID number with a correct check character. */
export function isResidentId(input: string): boolean {
  return !('error' in parseResidentId(input))
}
