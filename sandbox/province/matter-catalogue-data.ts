import type { SeedMatter } from '../seed/seed-types.js'

export type HandlingLevel = 'PROVINCE' | 'CITY' | 'COUNTY'

/** One matter as the province catalogue publishes it. */
export interface ProvinceMatter {
  code: string
  provinceCode: string
  timeLimitDays: number
  legalTimeLimitDays: number
  fee: { charged: boolean; basis: string | null }
  level: HandlingLevel
  maxVisits: number
  onlineUrl: string | null
}

// Departments whose matters the county-level bureaus handle (公安 household and ID matters,
// 市场监管 registrations); the rest are handled at city level.
const COUNTY_DEPARTMENTS = new Set(['GA', 'SCJG'])
// Real-estate registration is charged by the national fee standard; the other 通办 matters are free.
const CHARGED: Readonly<Record<string, string>> = { BDC: '《国家发展改革委 财政部关于不动产登记收费有关政策问题的通知》(发改价格规〔2016〕2559号)' }

/**
 * The province's data for every catalogue matter, derived deterministically from the shared
 * catalogue so that the sandbox is the same at every start.
 */
export function createMatterCatalogueData(matters: readonly SeedMatter[]): Map<string, ProvinceMatter> {
  const byCode = new Map<string, ProvinceMatter>()
  for (const [i, m] of matters.entries()) {
    const [, department = 'X', sequence = '000'] = m.code.split('-')
    const online = m.modes.includes('FULLY_ONLINE')
    const promised = m.modes.includes('MULTI_CITY') ? 15 : online ? 3 + (i % 3) : 5 + (i % 5) * 2
    byCode.set(m.code, {
      code: m.code,
      provinceCode: `510000${department}${sequence}${String(i + 1).padStart(4, '0')}`,
      timeLimitDays: promised,
      legalTimeLimitDays: promised * 2 + 5,
      fee: CHARGED[department] ? { charged: true, basis: CHARGED[department]! } : { charged: false, basis: null },
      level: COUNTY_DEPARTMENTS.has(department) ? 'COUNTY' : 'CITY',
      maxVisits: online ? 0 : 1,
      onlineUrl: online ? `https://zwfw.sandbox.tongban.local/province/matters/${m.code}` : null,
    })
  }
  return byCode
}
