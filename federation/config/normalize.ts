import type { FieldMapping } from './region-config-schema.js'

/** A field mapping with its shorthand expanded and its kind made explicit. */
export type NormalizedField =
  | {
      kind: 'from'
      from: string
      convert?: 'id' | 'matter' | 'region'
      enum?: string
      format?: string
      nullIf?: string[]
      type?: string
    }
  | { kind: 'const'; value: string | number | boolean }
  | {
      kind: 'join'
      key: string
      type?: string
      discriminator?: { from: string; values: Record<string, string> }
    }

export function normalizeField(raw: FieldMapping): NormalizedField {
  if (typeof raw === 'string') return { kind: 'from', from: raw }
  if (raw.const !== undefined) return { kind: 'const', value: raw.const }
  if (raw.join) return { kind: 'join', ...raw.join }
  const { from, convert, enum: table, format, nullIf, type } = raw
  return {
    kind: 'from',
    from: from!,
    ...(convert && { convert }),
    ...(table && { enum: table }),
    ...(format && { format }),
    ...(nullIf && { nullIf }),
    ...(type && { type }),
  }
}

/** A filter argument mapping with its shorthand expanded. */
export interface NormalizedFilterArg {
  arg: string
  convert?: 'id' | 'matter' | 'region'
  enum?: string
  required: boolean
}

export function normalizeFilterArg(raw: string | { arg: string; convert?: 'id' | 'matter' | 'region'; enum?: string; required?: boolean }): NormalizedFilterArg {
  if (typeof raw === 'string') return { arg: raw, required: false }
  return { ...raw, required: raw.required ?? false }
}
