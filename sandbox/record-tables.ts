import { GraphQLError } from 'graphql'
import { groupBy } from './seed/group-by.js'

// In-memory tables with the indexes the resolvers need, built once at start-up so that no
// request scans every record to answer a lookup. Lists keep the order they were given in
// (newest first), so filtered views need no sorting either.

const EMPTY: readonly never[] = Object.freeze([])

function uniqueIndex<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>()
  for (const item of items) {
    const k = key(item)
    if (map.has(k)) throw new Error(`duplicate record key ${k}`)
    map.set(k, item)
  }
  return map
}

/** Looks keys up and returns a list aligned with them: null where a key is unknown. */
function aligned<T>(index: ReadonlyMap<string, T>, keys: readonly string[]): (T | null)[] {
  return keys.map((k) => index.get(k) ?? null)
}

export interface CaseFilter<S> {
  /** Exact applicant identity number (resident ID or credit code). */
  applicantId?: string | null | undefined
  matter?: string | null | undefined
  /** null/undefined: any state; an empty set matches nothing. */
  states?: ReadonlySet<S> | null | undefined
}

export interface CaseKeys<T, S> {
  no(record: T): string
  applicantId(record: T): string
  matter(record: T): string
  state(record: T): S
}

export interface CaseTable<T, S> {
  /** Newest first. */
  readonly all: readonly T[]
  get(no: string): T | undefined
  lookup(nos: readonly string[]): (T | null)[]
  /** The matching records, newest first. */
  select(filter: CaseFilter<S>): readonly T[]
}

/** @param records newest first (received time descending, then local id descending). */
export function createCaseTable<T, S>(records: readonly T[], keys: CaseKeys<T, S>): CaseTable<T, S> {
  const byNo = uniqueIndex(records, keys.no)
  const byApplicant = groupBy(records, keys.applicantId)
  const byMatter = groupBy(records, keys.matter)
  return {
    all: records,
    get: (no) => byNo.get(no),
    lookup: (nos) => aligned(byNo, nos),
    select({ applicantId, matter, states }) {
      // Start from the narrowest index, then check the remaining conditions on that slice only.
      const base =
        applicantId != null ? (byApplicant.get(applicantId) ?? EMPTY) : matter != null ? (byMatter.get(matter) ?? EMPTY) : records
      const checkMatter = matter != null && applicantId != null
      if (!checkMatter && states == null) return base
      return base.filter((r) => (!checkMatter || keys.matter(r) === matter) && (states == null || states.has(keys.state(r))))
    },
  }
}

export interface LicenceTable<T> {
  readonly all: readonly T[]
  lookup(nos: readonly string[]): (T | null)[]
  ofHolder(idNumber: string): readonly T[]
}

export function createLicenceTable<T>(records: readonly T[], keys: { no(r: T): string; holderId(r: T): string }): LicenceTable<T> {
  const byNo = uniqueIndex(records, keys.no)
  const byHolder = groupBy(records, keys.holderId)
  return {
    all: records,
    lookup: (nos) => aligned(byNo, nos),
    ofHolder: (id) => byHolder.get(id) ?? EMPTY,
  }
}

/** A lookup table keyed by a numeric id, for Meishan's person and enterprise registers. */
export function createIdTable<T>(records: readonly T[], id: (r: T) => number): { all: readonly T[]; lookup(ids: readonly number[]): (T | null)[] } {
  const byId = new Map<number, T>()
  for (const r of records) byId.set(id(r), r)
  return { all: records, lookup: (ids) => ids.map((i) => byId.get(i) ?? null) }
}

/** A GraphQL error the client caused; yoga shows its message instead of masking it. */
export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } })
}

/**
 * records[offset, offset + limit). Omitted offset is 0; omitted limit means "all the rest".
 * @throws GraphQLError BAD_USER_INPUT for a negative offset or limit.
 */
export function pageWindow<T>(records: readonly T[], offset: number | null | undefined, limit: number | null | undefined): readonly T[] {
  const from = offset ?? 0
  if (from < 0) throw badInput(`offset must be ≥ 0, got ${from}`)
  if (limit != null && limit < 0) throw badInput(`limit must be ≥ 0, got ${limit}`)
  return records.slice(from, limit == null ? undefined : from + limit)
}
