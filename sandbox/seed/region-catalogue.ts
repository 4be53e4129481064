import { parse } from 'yaml'
import { readRegionFile, type CityFolder } from '../region-files.js'
import type { SeedDistrict, SeedMatter, SeedRegion } from './seed-types.js'

/** The four cities in a fixed order; the order feeds the PRNG, so keep it stable. */
export const CITY_FOLDERS: readonly CityFolder[] = ['chengdu', 'deyang', 'meishan', 'ziyang']

// The sandbox reads only the few keys it needs and checks just their shape: the gateway's
// config loader is the one that validates region files in full, and the sandbox must not depend
// on it (nothing but the CLI and tests import sandbox, and sandbox imports no gateway code).
function fail(file: string, what: string): never {
  throw new Error(`region-configs/${file}: ${what}`)
}

function str(file: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') fail(file, `${what} must be a non-empty string`)
  return value
}

function list(file: string, value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) fail(file, `${what} must be a list`)
  return value
}

function record(file: string, value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(file, `${what} must be a mapping`)
  return value as Record<string, unknown>
}

function readDistrict(file: string, raw: unknown, i: number): SeedDistrict {
  const d = record(file, raw, `districts[${i}]`)
  const former = d['formerCodes'] === undefined ? [] : list(file, d['formerCodes'], `districts[${i}].formerCodes`)
  return {
    code: str(file, d['code'], `districts[${i}].code`),
    name: str(file, d['name'], `districts[${i}].name`),
    formerCodes: former.map((f, j) => {
      const r = record(file, f, `districts[${i}].formerCodes[${j}]`)
      const at = `districts[${i}].formerCodes[${j}]`
      return { code: str(file, r['code'], `${at}.code`), name: str(file, r['name'], `${at}.name`), until: str(file, r['until'], `${at}.until`) }
    }),
  }
}

const NEEDED_SECTIONS = /^(code|name|districts|matterCodes):/

/**
 * Only the top-level sections the sandbox uses. The `yaml` parser costs ~20 ms per region file
 * on a cold start, most of it in the translation mapping the sandbox never reads; cutting the
 * file at top-level keys (lines that start in column 0) keeps seed generation well under its
 * 300 ms budget.
 */
function neededSections(text: string): string {
  return text
    .split(/\n(?=[^\s#])/)
    .filter((section) => NEEDED_SECTIONS.test(section.replace(/^(?:[ \t]*(?:#.*)?\n)*/, '')))
    .join('\n')
}

/** Reads one city's codes, districts and matter-code map from its region.yaml. */
export function loadSeedRegion(folder: CityFolder): SeedRegion {
  const file = `${folder}/region.yaml`
  const doc = record(file, parse(neededSections(readRegionFile(folder, 'region.yaml'))), 'the document')
  const codes = record(file, doc['matterCodes'], 'matterCodes')
  const matterCodes: Record<string, string> = {}
  for (const [k, v] of Object.entries(codes)) matterCodes[k] = str(file, v, `matterCodes.${k}`)
  return {
    folder,
    code: str(file, doc['code'], 'code'),
    name: str(file, doc['name'], 'name'),
    districts: list(file, doc['districts'], 'districts').map((d, i) => readDistrict(file, d, i)),
    matterCodes,
  }
}

/** Reads the shared matter catalogue (region-configs/matters.yaml). */
export function loadSeedMatters(): SeedMatter[] {
  const file = 'matters.yaml'
  const doc = record(file, parse(readRegionFile(file)), 'the document')
  return list(file, doc['matters'], 'matters').map((raw, i) => {
    const m = record(file, raw, `matters[${i}]`)
    const materials = m['materials'] === undefined ? [] : list(file, m['materials'], `matters[${i}].materials`)
    return {
      code: str(file, m['code'], `matters[${i}].code`),
      name: str(file, m['name'], `matters[${i}].name`),
      basis: str(file, m['basis'], `matters[${i}].basis`) as SeedMatter['basis'],
      modes: list(file, m['modes'], `matters[${i}].modes`) as SeedMatter['modes'],
      applicantKinds: list(file, m['applicantKinds'], `matters[${i}].applicantKinds`) as SeedMatter['applicantKinds'],
      materials: materials.map((x, j) => {
        const r = record(file, x, `matters[${i}].materials[${j}]`)
        const certificateType = r['certificateType']
        return {
          name: str(file, r['name'], `matters[${i}].materials[${j}].name`),
          required: r['required'] === true,
          ...(typeof certificateType === 'string' && { certificateType }),
        }
      }),
    }
  })
}
