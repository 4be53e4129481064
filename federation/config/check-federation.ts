import type { LoadedRegion } from './load.js'
import type { Catalogue } from './region-config-schema.js'

/**
 * Checks across regions: unique city and district codes (current and former), and matter
 * codes that exist in the shared catalogue with one local code each.
 */
export function checkFederation(
  catalogue: Catalogue,
  regions: readonly LoadedRegion[],
  report: (region: LoadedRegion | undefined, path: (string | number)[], message: string) => void,
): void {
  const seen = new Map<string, string>()
  const claim = (region: LoadedRegion, path: (string | number)[], code: string, what: string) => {
    const owner = seen.get(code)
    if (owner) report(region, path, `code ${code} (${what}) is already used by ${owner}`)
    else seen.set(code, `${region.config.name} ${what}`)
  }
  const known = new Set(catalogue.matters.map((m) => m.code))
  const catalogueCodes = new Set<string>()
  for (const m of catalogue.matters) {
    if (catalogueCodes.has(m.code)) report(undefined, ['matters'], `matter code ${m.code} appears twice`)
    catalogueCodes.add(m.code)
  }
  for (const region of regions) {
    const c = region.config
    claim(region, ['code'], c.code, 'city')
    c.districts.forEach((d, i) => {
      if (d.code.slice(0, 4) !== c.code.slice(0, 4)) report(region, ['districts', i, 'code'], `district ${d.code} is not inside city ${c.code}`)
      claim(region, ['districts', i, 'code'], d.code, d.name)
      d.formerCodes.forEach((f, j) => claim(region, ['districts', i, 'formerCodes', j, 'code'], f.code, f.name))
    })
    const localCodes = new Map<string, string>()
    for (const [canonical, local] of Object.entries(c.matterCodes)) {
      if (!known.has(canonical)) report(region, ['matterCodes', canonical], `'${canonical}' is not in the shared matter catalogue`)
      const other = localCodes.get(local)
      if (other) report(region, ['matterCodes', canonical], `local code ${local} is also mapped from ${other}`)
      localCodes.set(local, canonical)
    }
  }
}
