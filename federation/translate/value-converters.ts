import { FederationError } from '../errors.js'
import type { NormalizedField } from '../config/normalize.js'
import type { RegionRuntime } from './region-runtime.js'
import { toCanonicalDate, toCanonicalDateTime } from './time-formats.js'

/** Turns one local leaf value into its canonical value, or an Error placed at the field. */
export type Converter = (raw: unknown) => unknown

/**
 * A field error for a value the city sent that cannot be translated. graphql-js reports an
 * Error value at the field's own path, so other fields and rows are unaffected.
 */
export function badValue(rt: RegionRuntime, what: string, raw: unknown): FederationError {
  const shown = typeof raw === 'string' ? `'${raw.slice(0, 40)}'` : String(raw).slice(0, 40)
  return new FederationError('UPSTREAM_BAD_RESPONSE', `${rt.region.name} sent ${shown}, which is not a valid ${what}`, {
    details: { region: rt.region.code },
  })
}

/** Builds the converter a field mapping asks for; canonicalType is the field's named type. */
export function converterFor(rt: RegionRuntime, field: Extract<NormalizedField, { kind: 'from' }>, canonicalType: string): Converter | undefined {
  const base = baseConverter(rt, field, canonicalType)
  if (!field.nullIf?.length) return base
  const nulls = new Set(field.nullIf)
  return (raw) => (typeof raw === 'string' && nulls.has(raw) ? null : base ? base(raw) : raw)
}

function baseConverter(rt: RegionRuntime, field: Extract<NormalizedField, { kind: 'from' }>, canonicalType: string): Converter | undefined {
  if (field.format) {
    const format = field.format
    return canonicalType === 'Date'
      ? (raw) => toCanonicalDate(format, raw) ?? badValue(rt, `date (${format})`, raw)
      : (raw) => toCanonicalDateTime(format, raw) ?? badValue(rt, `time (${format})`, raw)
  }
  if (field.enum) {
    const table = rt.enums.get(field.enum)!
    return (raw) => table.get(String(raw)) ?? badValue(rt, `${canonicalType} code`, raw)
  }
  switch (field.convert) {
    case 'id': {
      const prefix = `${rt.region.code}:`
      return (raw) => (typeof raw === 'string' || typeof raw === 'number' ? prefix + raw : badValue(rt, 'id', raw))
    }
    case 'matter':
      return (raw) => rt.matterFromLocal.get(String(raw)) ?? badValue(rt, 'matter code', raw)
    case 'region':
      return (raw) => rt.divisions.find(String(raw))?.region ?? badValue(rt, 'area code of the federation', raw)
    default:
      return undefined
  }
}
