import { FederationError } from '../errors.js'
import type { Federation } from '../runtime.js'
import type { RegionRuntime } from '../translate/region-runtime.js'

const ID = /^(\d{6}):([^\s:]{1,128})$/

/**
 * Splits a region-qualified id (`510600:DY2025000123`) into the owning region and the city's
 * own key.
 * @throws FederationError INVALID_ID when the id is malformed or names no city of the federation.
 */
export function parseCanonicalId(federation: Federation, id: string, argument = 'id'): { rt: RegionRuntime; localKey: string } {
  const m = ID.exec(id.trim())
  const rt = m ? federation.runtimes.get(m[1]!) : undefined
  if (!m || !rt) {
    throw new FederationError(
      'INVALID_ID',
      `${argument} must be a region-qualified id such as 510600:DY2025000123 (city code, colon, the city's own id); got '${id.slice(0, 80)}'`,
      { details: { argument } },
    )
  }
  return { rt, localKey: m[2]! }
}
