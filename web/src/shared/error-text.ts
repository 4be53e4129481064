import { STRINGS, type Lang } from './strings.js'

export interface GqlError {
  message: string
  path?: (string | number)[]
  extensions?: { code?: string; [key: string]: unknown }
}

export interface ExplainedError {
  /** What happened, in words a clerk understands. */
  text: string
  /** Further lines (e.g. each rejected material). */
  items: { text: string; field?: string }[]
  /**
   * The form field it concerns, as the pages name fields: `matter`, `mode`, `kind`, `name`,
   * `idNumber`, `phone`, `facts.residence` …, `materials[2]`.
   */
  field?: string
}

/**
 * The field an API argument path names: `input.applicant.facts.residence` (a submission) and
 * `facts.residence` (competentRegion) are both `facts.residence`.
 */
export function fieldOf(argument: unknown): string | undefined {
  if (typeof argument !== 'string') return undefined
  const f = argument.replace(/^input\./, '').replace(/^applicant\./, '')
  if (f === 'matterCode') return 'matter'
  if (/^materials\[\d+\]/.test(f)) return /^materials\[\d+\]/.exec(f)![0]
  return f
}

/**
 * An API error in plain words, with the field it concerns (from `extensions.argument`,
 * `extensions.fact`, `extensions.missing` or `extensions.materials`). Codes are those of the
 * README's "Errors" table; anything unknown keeps the gateway's own message.
 */
export function explainError(e: GqlError, lang: Lang, names: { fact: (f: string) => string; region: (code: string) => string; list: (values: string[]) => string }): ExplainedError {
  const t = STRINGS[lang].err
  const x = e.extensions ?? {}
  const field = fieldOf(x.argument)
  const base = { items: [] as ExplainedError['items'], ...(field && { field }) }
  const allowed = Array.isArray(x.allowed) ? names.list(x.allowed as string[]) : ''
  switch (x.code) {
    case 'NETWORK':
      return { ...base, text: t.NETWORK }
    case 'INVALID_ID_NUMBER':
      return { ...base, text: t.INVALID_ID_NUMBER, field: field ?? 'idNumber' }
    case 'MODE_NOT_ALLOWED':
      return { ...base, text: t.MODE_NOT_ALLOWED(allowed), field: 'mode' }
    case 'APPLICANT_KIND_NOT_ALLOWED':
      return { ...base, text: t.APPLICANT_KIND_NOT_ALLOWED(allowed), field: 'kind' }
    case 'MATERIAL_REJECTED': {
      const materials = Array.isArray(x.materials) ? (x.materials as { index: number; name: string; reason?: string; subIndication?: string | null; indication: string }[]) : []
      const why = (m: (typeof materials)[number]) => {
        const sub = m.subIndication ? (STRINGS[lang].sub as Record<string, unknown>)[m.subIndication] : undefined
        return typeof sub === 'string' ? sub : (m.reason ?? m.subIndication ?? m.indication)
      }
      return {
        ...base,
        text: t.MATERIAL_REJECTED(materials.length),
        items: materials.map((m) => ({ text: t.MATERIAL_ITEM(m.name, why(m)), field: `materials[${m.index}]` })),
        ...(materials[0] && { field: `materials[${materials[0].index}]` }),
      }
    }
    case 'IDEMPOTENCY_CONFLICT':
      return { ...base, text: t.IDEMPOTENCY_CONFLICT(String(x.caseId ?? '')) }
    case 'COMPETENCE_UNDETERMINED': {
      const missing = Array.isArray(x.missing) ? (x.missing as string[]) : []
      return { ...base, text: t.COMPETENCE_UNDETERMINED(names.list(missing.map(names.fact))), ...(missing[0] && { field: `facts.${missing[0]}` }) }
    }
    case 'COMPETENCE_OUTSIDE_FEDERATION':
      return { ...base, text: t.COMPETENCE_OUTSIDE_FEDERATION, ...(typeof x.fact === 'string' && { field: `facts.${x.fact}` }) }
    case 'INVALID_REGION_CODE':
      return { ...base, text: t.INVALID_REGION_CODE }
    case 'REGION_OUTSIDE_FEDERATION':
      return { ...base, text: t.REGION_OUTSIDE_FEDERATION(String(x.areaCode ?? '')) }
    case 'REGION_UNAVAILABLE':
      return { ...base, text: t.REGION_UNAVAILABLE(typeof x.region === 'string' ? names.region(x.region) : '') }
    case 'UNKNOWN_MATTER':
      return { ...base, text: t.UNKNOWN_MATTER, field: 'matter' }
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'STORE_UNAVAILABLE':
    case 'INVALID_ID':
    case 'QUERY_TOO_COMPLEX':
    case 'INTERNAL_SERVER_ERROR':
      return { ...base, text: t[x.code] }
    case 'BAD_USER_INPUT':
      return { ...base, text: t.BAD_USER_INPUT + e.message }
    default:
      return { ...base, text: t.OTHER + e.message }
  }
}
