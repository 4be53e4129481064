import { FederationError } from '../errors.js'

export interface FormerCode {
  readonly code: string
  readonly name: string
  readonly until: string
}

export interface District {
  readonly code: string
  readonly name: string
  readonly formerCodes: readonly FormerCode[]
}

/** A city of the federation as the canonical API shows it. */
export interface Region {
  readonly code: string
  readonly name: string
  readonly nameEn: string
  readonly platform: string
  readonly districts: readonly District[]
  /** False while the city's circuit breaker is open (a getter, so it is read live). */
  readonly available: boolean
}

/** What an area code resolved to. */
export interface Division {
  readonly region: Region
  /** The current district, when the code named one (directly or by a former code). */
  readonly district?: District
  /** Set when the code given was a historical one. */
  readonly former?: FormerCode
}

const CODE = /^\d{6}$/

/**
 * Resolves GB/T 2260 area codes — city codes, district codes and historical codes such as
 * 512081 (简阳, under Ziyang until 2016, now 510185 under Chengdu) — to federation regions.
 */
export class DivisionRegistry {
  readonly #byCode = new Map<string, Division>()
  readonly regions: readonly Region[]

  constructor(regions: readonly Region[]) {
    this.regions = regions
    for (const region of regions) {
      this.#byCode.set(region.code, { region })
      for (const district of region.districts) {
        this.#byCode.set(district.code, { region, district })
        for (const former of district.formerCodes) this.#byCode.set(former.code, { region, district, former })
      }
    }
  }

  /** The division for a code, or undefined when the code is not one of the federation's. */
  find(code: string): Division | undefined {
    return this.#byCode.get(code)
  }

  /**
   * The division for a code.
   * @throws FederationError INVALID_REGION_CODE when the code is not six digits;
   *   REGION_OUTSIDE_FEDERATION when it is a valid-looking code of another area.
   */
  resolve(code: string, argument = 'code'): Division {
    const trimmed = code.trim()
    if (!CODE.test(trimmed)) {
      throw new FederationError('INVALID_REGION_CODE', `${argument} must be a six-digit GB/T 2260 area code, got '${code}'`, {
        details: { argument },
      })
    }
    const found = this.#byCode.get(trimmed)
    if (found) return found
    throw new FederationError(
      'REGION_OUTSIDE_FEDERATION',
      `${argument} ${trimmed} is not an area of this federation (${this.regions.map((r) => `${r.name} ${r.code}`).join(', ')})`,
      { details: { argument, code: trimmed } },
    )
  }

  region(code: string): Region | undefined {
    const d = this.#byCode.get(code)
    return d && !d.district ? d.region : undefined
  }
}
