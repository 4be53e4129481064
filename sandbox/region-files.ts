import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The region-config folders of the four sandbox cities. */
export type CityFolder = 'chengdu' | 'deyang' | 'meishan' | 'ziyang'

let cached: string | undefined

/**
 * Absolute path of `region-configs/`. The sandbox runs from source (`sandbox/…/*.ts` under tsx or
 * vitest) and compiled (`dist/sandbox/…/*.js`, where dist/ mirrors the repository root), so the
 * folder sits a different number of levels up; walking up to the first ancestor that holds it
 * covers both without hard-coding either depth.
 * @throws Error when no ancestor of this module holds `region-configs/matters.yaml`.
 */
export function regionConfigsDir(): string {
  if (cached) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'region-configs')
    if (existsSync(join(candidate, 'matters.yaml'))) return (cached = candidate)
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`region-configs/ not found above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
}

/** Reads a file below `region-configs/` as UTF-8, e.g. `readRegionFile('chengdu', 'schema.graphql')`. */
export function readRegionFile(...segments: string[]): string {
  return readFileSync(join(regionConfigsDir(), ...segments), 'utf8')
}

/** The city's published local SDL, read at runtime so the server can never drift from it. */
export function readLocalSchema(city: CityFolder): string {
  return readRegionFile(city, 'schema.graphql')
}
