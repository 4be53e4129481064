import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { GraphQLSchema } from 'graphql'
import type { ZodType } from 'zod'
import { ConfigError, type ConfigProblem } from '../errors.js'
import { canonicalSchema } from '../schema/canonical-schema.js'
import { checkRegion } from './check-region.js'
import { checkFederation } from './check-federation.js'
import { buildLocalSchema } from './local-schema.js'
import { CatalogueSchema, ProvinceConfigSchema, RegionConfigSchema, type Catalogue, type ProvinceConfig, type RegionConfig } from './region-config-schema.js'
import { parseYamlSource, type YamlSource } from './yaml-source.js'

/** A region's trust anchors, read from the files its `trust` section names. */
export interface RegionTrust {
  readonly authority: string
  readonly caCertificates: readonly string[]
  readonly sealMakers: readonly string[]
  readonly jwks: { readonly keys: readonly Record<string, unknown>[] }
  /** PEM text or DER bytes. */
  readonly crls: readonly (string | Uint8Array)[]
}

export interface LoadedRegion {
  readonly config: RegionConfig
  readonly trust?: RegionTrust
  /** The identity provider's JWKS, when given as a file. */
  readonly identityJwks?: { readonly keys: readonly Record<string, unknown>[] }
  /** The region.yaml path, for messages. */
  readonly file: string
  readonly localSdl: string
  readonly localSchema: GraphQLSchema
}

export interface FederationConfig {
  readonly dir: string
  readonly catalogue: Catalogue
  readonly regions: readonly LoadedRegion[]
  /** From `province.yaml`, when present. */
  readonly province?: { readonly config: ProvinceConfig; readonly identityJwks?: { readonly keys: readonly Record<string, unknown>[] } }
}

export interface LoadOptions {
  /** Replace endpoints (region code → URL), e.g. with the sandbox's ephemeral ports. */
  endpoints?: Record<string, string>
}

const REGION_FILE = 'region.yaml'
const CATALOGUE_FILE = 'matters.yaml'
const PROVINCE_FILE = 'province.yaml'

/**
 * Loads and validates a configuration directory: `matters.yaml` plus one folder per city with
 * `region.yaml` and the city's local SDL. Adding a city is adding a folder.
 * @throws ConfigError (code CONFIG_INVALID) listing every problem with file, path and line.
 */
export function loadFederationConfig(dir: string, options: LoadOptions = {}): FederationConfig {
  const problems: ConfigProblem[] = []
  const rel = (file: string) => relative(process.cwd(), file) || file
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(file, 'utf8')
    } catch (err) {
      problems.push({ file: rel(file), path: '', message: `cannot read: ${(err as Error).message}` })
      return undefined
    }
  }
  const validate = <T>(source: YamlSource, schema: ZodType<T>): T | undefined => {
    for (const e of source.errors) problems.push({ file: source.file, path: '', message: `YAML: ${e.message}`, line: e.line })
    if (source.errors.length) return undefined
    const result = schema.safeParse(source.value)
    if (result.success) return result.data
    for (const issue of result.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : []
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')} (a typo?)`
          : issue.message
      const fullPath = keys.length === 1 ? [...path, keys[0]!] : path
      problems.push({ file: source.file, path: fullPath.join('.'), message, line: source.lineOf(fullPath) })
    }
    return undefined
  }

  const catalogueFile = join(dir, CATALOGUE_FILE)
  const catalogueText = read(catalogueFile)
  const catalogue =
    catalogueText === undefined ? undefined : validate(parseYamlSource(rel(catalogueFile), catalogueText), CatalogueSchema)

  let province: FederationConfig['province']
  const provinceFile = join(dir, PROVINCE_FILE)
  if (existsSync(provinceFile)) {
    const text = read(provinceFile)
    const source = text === undefined ? undefined : parseYamlSource(rel(provinceFile), text)
    const config = source && validate(source, ProvinceConfigSchema)
    if (source && config) {
      const identityJwks = config.identity.jwks ? readJwks(dir, config.identity.jwks, source, problems) : undefined
      province = { config, ...(identityJwks && { identityJwks }) }
    }
  }

  const regions: LoadedRegion[] = []
  const sources = new Map<LoadedRegion, YamlSource>()
  let folders: string[] = []
  try {
    folders = readdirSync(dir).filter((name) => !name.startsWith('.') && !name.startsWith('_') && statSync(join(dir, name)).isDirectory())
  } catch (err) {
    problems.push({ file: rel(dir), path: '', message: `cannot read the directory: ${(err as Error).message}` })
  }
  for (const folder of folders.sort()) {
    const file = join(dir, folder, REGION_FILE)
    const text = read(file)
    if (text === undefined) continue
    const source = parseYamlSource(rel(file), text)
    const config = validate(source, RegionConfigSchema)
    if (!config) continue
    const override = options.endpoints?.[config.code]
    if (override) config.endpoint = override
    const sdlFile = join(dir, folder, config.schema)
    const localSdl = read(sdlFile)
    if (localSdl === undefined) continue
    let localSchema: GraphQLSchema
    try {
      localSchema = buildLocalSchema(localSdl, config.federation)
    } catch (err) {
      problems.push({ file: rel(sdlFile), path: '', message: `not a valid GraphQL schema: ${(err as Error).message}` })
      continue
    }
    const before = problems.length
    checkRegion({
      config,
      canonical: canonicalSchema(),
      local: localSchema,
      report: (path, message) => {
        const clean = path.filter((p) => p !== '')
        problems.push({ file: source.file, path: clean.join('.'), message, line: source.lineOf(clean) })
      },
    })
    if (problems.length > before) continue
    const trust = config.trust ? readTrust(join(dir, folder), config.trust, source, problems) : undefined
    const identityJwks = config.identity?.jwks ? readJwks(join(dir, folder), config.identity.jwks, source, problems) : undefined
    if (problems.length > before) continue
    const region: LoadedRegion = { config, file: source.file, localSdl, localSchema, ...(trust && { trust }), ...(identityJwks && { identityJwks }) }
    regions.push(region)
    sources.set(region, source)
  }
  if (catalogue) {
    checkFederation(catalogue, regions, (region, path, message) => {
      const source = region && sources.get(region)
      problems.push(
        source
          ? { file: source.file, path: path.join('.'), message, line: source.lineOf(path) }
          : { file: rel(catalogueFile), path: path.join('.'), message },
      )
    })
  }
  if (regions.length === 0 && problems.length === 0) {
    problems.push({ file: rel(dir), path: '', message: `no region folders (each needs a ${REGION_FILE})` })
  }
  if (problems.length > 0 || !catalogue) throw new ConfigError(dedupe(problems))
  regions.sort((a, b) => a.config.code.localeCompare(b.config.code))
  return deepFreeze({ dir, catalogue, regions, ...(province && { province }) })
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/** Reads the files of a `trust` section; a missing file or one without certificates is a problem. */
function readTrust(folder: string, t: NonNullable<RegionConfig['trust']>, source: YamlSource, problems: ConfigProblem[]): RegionTrust {
  const report = (path: (string | number)[], message: string) => problems.push({ file: source.file, path: path.join('.'), message, line: source.lineOf(path) })
  const read = (rel: string, path: (string | number)[]): Buffer | undefined => {
    try {
      return readFileSync(join(folder, rel))
    } catch {
      report(path, `cannot read ${rel} (relative to the region folder)`)
      return undefined
    }
  }
  const certificates = (list: string[], key: string) =>
    list.flatMap((rel, i) => {
      const pems = read(rel, ['trust', key, i])?.toString('utf8').match(PEM_CERTIFICATE)
      if (pems === undefined) return []
      if (!pems) report(['trust', key, i], `${rel} holds no PEM certificate`)
      return pems ?? []
    })
  let jwks: RegionTrust['jwks'] = { keys: [] }
  if (t.jwks) {
    const text = read(t.jwks, ['trust', 'jwks'])
    try {
      const parsed = text && (JSON.parse(text.toString('utf8')) as { keys?: unknown })
      if (text && !(parsed && Array.isArray(parsed.keys))) report(['trust', 'jwks'], `${t.jwks} is not a JWKS ({ "keys": [...] })`)
      else if (parsed) jwks = parsed as RegionTrust['jwks']
    } catch {
      report(['trust', 'jwks'], `${t.jwks} is not JSON`)
    }
  }
  return {
    authority: t.authority,
    caCertificates: certificates(t.caCertificates, 'caCertificates'),
    sealMakers: certificates(t.sealMakers, 'sealMakers'),
    jwks,
    crls: t.crls.map((rel, i) => read(rel, ['trust', 'crls', i])).filter((b): b is Buffer => b !== undefined).map((b) => (b.includes('-----BEGIN') ? b.toString('utf8') : new Uint8Array(b))),
  }
}

function readJwks(folder: string, rel: string, source: YamlSource, problems: ConfigProblem[]): { keys: Record<string, unknown>[] } | undefined {
  const path = ['identity', 'jwks']
  try {
    const parsed = JSON.parse(readFileSync(join(folder, rel), 'utf8')) as { keys?: unknown }
    if (Array.isArray(parsed.keys)) return parsed as { keys: Record<string, unknown>[] }
    problems.push({ file: source.file, path: path.join('.'), message: `${rel} is not a JWKS ({ "keys": [...] })`, line: source.lineOf(path) })
  } catch (err) {
    problems.push({ file: source.file, path: path.join('.'), message: `cannot read ${rel}: ${(err as Error).message}`, line: source.lineOf(path) })
  }
  return undefined
}

/** The same enum table is checked wherever it is used; report each problem once. */
function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.file}\0${p.path}\0${p.message}`
    return seen.has(key) ? false : (seen.add(key), true)
  })
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    // GraphQL schemas keep lazy caches internally; freezing them would break graphql-js.
    if ((value as object).constructor?.name === 'GraphQLSchema') return value
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
