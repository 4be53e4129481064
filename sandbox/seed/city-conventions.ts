import { compactDateTime, isoDate } from './beijing-time.js'

/** How one city numbers and stamps its records; everything else about the data is shared. */
export interface CityConventions {
  caseCount: number
  licenceCount: number
  /** Local case id from a per-city sequence (assigned in receipt order) and the receipt time. */
  caseId(seq: number, receivedAt: number): string
  /** Local licence id from a per-city sequence and the ISO issue date. */
  licenceId(seq: number, issuedOn: string): string
  /**
   * What the city writes as the accepting region of its own (not remote) cases: Chengdu records
   * only a partner city, Deyang the window's district, Meishan and Ziyang the city itself.
   */
  localAccepting: 'none' | 'district' | 'city'
  /** Whether the platform records "result served to the applicant" apart from "result issued". */
  recordsServed: boolean
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')
const day = (ms: number): string => compactDateTime(ms).slice(0, 8)

export const CITY_CONVENTIONS: Readonly<Record<string, CityConventions>> = {
  // 天府蓉易办: CD + receipt date + 5-digit sequence, e.g. CD2024031500042.
  '510100': {
    caseCount: 340,
    licenceCount: 240,
    caseId: (seq, at) => `CD${day(at)}${pad(seq, 5)}`,
    licenceId: (seq, on) => `CDEL-${on.slice(0, 4)}-${pad(seq, 6)}`,
    localAccepting: 'none',
    recordsServed: true,
  },
  // 德阳: the 20-digit 办件编号 of Sichuan's integrated platform, city code + date + sequence.
  '510600': {
    caseCount: 300,
    licenceCount: 200,
    caseId: (seq, at) => `510600${day(at)}${pad(seq, 6)}`,
    licenceId: (seq, on) => `DYZZ${on.slice(0, 4)}${pad(seq, 6)}`,
    localAccepting: 'district',
    recordsServed: true,
  },
  '511400': {
    caseCount: 280,
    licenceCount: 170,
    caseId: (seq, at) => `MS-${isoDate(at).slice(0, 4)}-${pad(seq, 6)}`,
    licenceId: (seq, on) => `msl-${on.slice(0, 4)}-${pad(seq, 5)}`,
    localAccepting: 'city',
    recordsServed: false,
  },
  '512000': {
    caseCount: 260,
    licenceCount: 150,
    caseId: (seq, at) => `ZY${day(at)}-${pad(seq, 4)}`,
    licenceId: (seq) => `ZYDOC${pad(seq, 7)}`,
    localAccepting: 'city',
    recordsServed: false,
  },
}

/** Conventions of a sandbox city. @throws Error for a code that is not one of the four. */
export function cityConventions(code: string): CityConventions {
  const c = CITY_CONVENTIONS[code]
  if (!c) throw new Error(`no sandbox conventions for region ${code}`)
  return c
}
