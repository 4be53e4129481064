import DataLoader from 'dataloader'
import { FederationError } from '../errors.js'
import type { Federation } from '../runtime.js'
import type { CompiledLookup } from '../translate/lookup-call.js'
import type { UpstreamGraphQLError } from '../upstream/graphql-response.js'
import { createRegionBatcher } from '../upstream/region-batcher.js'
import type { RootCall, RootResult } from '../upstream/root-call.js'

/** A local object found by a lookup, with the city's errors located below it. */
export interface Found {
  local: unknown
  errors: { path: (string | number)[]; error: UpstreamGraphQLError }[]
}

/** An error that belongs next to data (a region missing from a fan-out), not instead of it. */
export interface PartialError {
  error: FederationError
  path: readonly (string | number)[]
}

/**
 * Per-request state of the federation layer: one batcher per city and one loader per
 * compiled lookup, so everything a request asks of a city in one tick travels together.
 */
export class RequestScope {
  readonly partialErrors: PartialError[] = []
  readonly #batchers = new Map<string, DataLoader<RootCall, RootResult>>()
  readonly #lookups = new Map<CompiledLookup, DataLoader<string, Found | undefined>>()

  constructor(
    readonly federation: Federation,
    readonly requestId?: string,
  ) {}

  call(region: string, call: RootCall): Promise<RootResult> {
    let batcher = this.#batchers.get(region)
    if (!batcher) {
      const client = this.federation.clients.get(region)
      if (!client) return Promise.reject(new FederationError('INVALID_REGION_CODE', `no client for region ${region}`))
      batcher = createRegionBatcher(client, this.requestId ? { requestId: this.requestId } : {})
      this.#batchers.set(region, batcher)
    }
    return batcher.load(call)
  }

  /** Loads a local object by key through a compiled lookup (batched per lookup and city). */
  find(lookup: CompiledLookup, key: string): Promise<Found | undefined> {
    let loader = this.#lookups.get(lookup)
    if (!loader) {
      const region = lookup.rt.region.code
      loader = new DataLoader<string, Found | undefined>(
        async (keys) => {
          const calls = lookup.calls(keys)
          const results = await Promise.all(calls.map((c) => this.call(region, c)))
          const found = lookup.match(keys, results)
          const errorsByKey = new Map<string, Found['errors']>()
          const shared: UpstreamGraphQLError[] = []
          results.forEach((r, callIndex) => {
            for (const e of r.errors) {
              // A list lookup's errors start with the item index; a per-key call's with nothing.
              const index = calls.length === 1 ? e.path?.[0] : callIndex
              const rest = calls.length === 1 ? (e.path?.slice(1) ?? []) : [...(e.path ?? [])]
              const item = typeof index === 'number' && Array.isArray(r.data) ? r.data[index] : calls.length > 1 ? r.data : undefined
              const key = keyOf(item, found)
              if (key === undefined) shared.push(e)
              else errorsByKey.set(key, [...(errorsByKey.get(key) ?? []), { path: rest, error: e }])
            }
          })
          return keys.map((k) => {
            const local = found.get(k)
            if (local === undefined) {
              return shared.length ? upstreamError(lookup.rt.region.code, lookup.rt.region.name, shared) : undefined
            }
            return { local, errors: errorsByKey.get(k) ?? [] }
          })
        },
        { cache: false },
      )
      this.#lookups.set(lookup, loader)
    }
    return loader.load(key)
  }
}

function keyOf(item: unknown, found: Map<string, unknown>): string | undefined {
  for (const [k, v] of found) if (v === item) return k
  return undefined
}

/** A city answered with errors and no data for something the query needs. */
export function upstreamError(region: string, name: string, errors: readonly UpstreamGraphQLError[]): FederationError {
  const first = errors[0]?.message ?? 'unknown error'
  return new FederationError('UPSTREAM_ERROR', `${name} reported an error: ${first}`, {
    details: { region, upstreamErrors: errors.length },
  })
}
