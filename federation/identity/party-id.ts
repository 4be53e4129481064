import { FederationError } from '../errors.js'
import { parseCreditCode } from './credit-code.js'
import { parseResidentId } from './resident-id.js'

export type PartyIdKind = 'RESIDENT_ID' | 'CREDIT_CODE'

/**
 * Validates an identity number that may be either a resident ID (person) or a unified social
 * credit code (enterprise), and returns it normalised (upper case, trimmed).
 * @throws FederationError INVALID_ID_NUMBER with the reason and the argument name.
 */
export function checkPartyId(input: string, argument: string): { value: string; kind: PartyIdKind } {
  const person = parseResidentId(input)
  if (!('error' in person)) return { value: person.value, kind: 'RESIDENT_ID' }
  const enterprise = parseCreditCode(input)
  if (!('error' in enterprise)) return { value: enterprise.value, kind: 'CREDIT_CODE' }
  // Report the reason for the shape the input most resembles.
  const looksLikePerson = /^\d{17}/.test(input.trim())
  throw new FederationError(
    'INVALID_ID_NUMBER',
    `${argument} is not a valid identity number: ${looksLikePerson ? person.error : enterprise.error}`,
    { details: { argument } },
  )
}
