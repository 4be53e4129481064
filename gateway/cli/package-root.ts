import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The repository root, found by walking up to tongban's package.json: the same code runs from
 * `gateway/cli/*.ts` (tsx, vitest) and from `dist/gateway/cli/*.js` (the built CLI).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tongban') return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the tongban package root')
    dir = parent
  }
}

/** The region configuration shipped with the repository (the four sandbox cities). */
export function bundledRegionConfigs(): string {
  return join(packageRoot(), 'region-configs')
}
