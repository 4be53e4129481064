import type { SeedLicence } from '../seed/seed-types.js'

/** JSON with keys sorted at every level: one byte sequence per value, so anyone can re-derive it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/**
 * The bytes a city signs for an electronic licence: the licence as issued (status is not part
 * of it — revocation happens later and is published separately), in canonical JSON (UTF-8),
 * with the federation's region-qualified id.
 */
export function licenceDocument(l: SeedLicence): Uint8Array {
  return Buffer.from(
    canonicalJson({
      id: `${l.region}:${l.localId}`,
      type: l.type,
      number: l.number,
      holder: { name: l.holderName, idNumber: l.holderIdNumber, kind: l.holder.kind },
      issuingRegion: l.region,
      issuingAuthority: l.authority,
      issuedOn: l.issuedOn,
      validFrom: l.validFrom,
      validUntil: l.validUntil,
    }),
    'utf8',
  )
}
