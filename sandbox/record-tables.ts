import { GraphQLError } from 'graphql'
import { groupBy } from './seed/group-by.js'
import { NewestFirst, type RecordList } from './newest-first.js'

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
  /** Epoch ms of receipt: with `no`, the newest-first sort key. */
  receivedAt(record: T): number
  applicantId(record: T): string
  matter(record: T): string
  state(record: T): S
}

export interface CaseTable<T, S> {
  /** Newest first; a live view that grows with insert(). */
  readonly all: RecordList<T>
  get(no: string): T | undefined
  lookup(nos: readonly string[]): (T | null)[]
  /** The matching records, newest first. */
  select(filter: CaseFilter<S>): RecordList<T>
  /**
   * Adds a record where its receipt time puts it, in the list and in every index, so queries see
   * it at once and still need no sorting. Its state may change later (select reads it per query);
   * its number, applicant and matter may not.
   * @throws Error when a record with the same number exists.
   */
  insert(record: T): void
}

/** @param records newest first (received time descending, then local id descending). */
export function createCaseTable<T, S>(records: readonly T[], keys: CaseKeys<T, S>): CaseTable<T, S> {
  const byNo = uniqueIndex(records, keys.no)
  const all = new NewestFirst(records)
  const grouped = (key: (r: T) => string) => new Map([...groupBy(records, key)].map(([k, list]) => [k, new NewestFirst(list)]))
  const byApplicant = grouped(keys.applicantId)
  const byMatter = grouped(keys.matter)
  // True when `a` sorts after `b` in newest-first order.
  const olderThan = (a: T, b: T): boolean => {
    const [ta, tb] = [keys.receivedAt(a), keys.receivedAt(b)]
    return ta < tb || (ta === tb && keys.no(a) < keys.no(b))
  }
  const insertGrouped = (index: Map<string, NewestFirst<T>>, key: string, record: T): void => {
    let list = index.get(key)
    if (!list) index.set(key, (list = new NewestFirst<T>()))
    list.insert(record, olderThan)
  }
  return {
    all,
    get: (no) => byNo.get(no),
    lookup: (nos) => aligned(byNo, nos),
    insert(record) {
      const no = keys.no(record)
      if (byNo.has(no)) throw new Error(`duplicate record key ${no}`)
      byNo.set(no, record)
      all.insert(record, olderThan)
      insertGrouped(byApplicant, keys.applicantId(record), record)
      insertGrouped(byMatter, keys.matter(record), record)
    },
    select({ applicantId, matter, states }) {
      // Start from the narrowest index, then check the remaining conditions on that slice only.
      const base =
        applicantId != null ? (byApplicant.get(applicantId) ?? EMPTY) : matter != null ? (byMatter.get(matter) ?? EMPTY) : all
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

/** A register keyed by a numeric id and a natural key (the identity number). */
export interface IdTable<T> {
  /** Ascending id. */
  readonly all: readonly T[]
  lookup(ids: readonly number[]): (T | null)[]
  find(key: string): T | undefined
  /** Registers a new record under the next free id and returns it. */
  add(make: (id: number) => T): T
}

/**
 * A lookup table for Meishan's person and enterprise registers.
 * @param firstFreeId the lowest id add() may hand out; ids already in use are skipped too, so a
 *   new record never takes a seeded one's id.
 */
export function createIdTable<T>(records: readonly T[], keys: { id(r: T): number; key(r: T): string; firstFreeId: number }): IdTable<T> {
  const all = [...records]
  const byId = new Map<number, T>()
  const byKey = new Map<string, T>()
  let next = keys.firstFreeId
  for (const r of all) {
    byId.set(keys.id(r), r)
    byKey.set(keys.key(r), r)
    next = Math.max(next, keys.id(r) + 1)
  }
  return {
    all,
    lookup: (ids) => ids.map((i) => byId.get(i) ?? null),
    find: (key) => byKey.get(key),
    add(make) {
      const record = make(next++)
      all.push(record)
      byId.set(keys.id(record), record)
      byKey.set(keys.key(record), record)
      return record
    },
  }
}

/** A GraphQL error the client caused; yoga shows its message instead of masking it. */
export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } })
}

/**
 * records[offset, offset + limit). Omitted offset is 0; omitted limit means "all the rest".
 * @throws GraphQLError BAD_USER_INPUT for a negative offset or limit.
 */
export function pageWindow<T>(records: RecordList<T>, offset: number | null | undefined, limit: number | null | undefined): readonly T[] {
  const from = offset ?? 0
  if (from < 0) throw badInput(`offset must be ≥ 0, got ${from}`)
  if (limit != null && limit < 0) throw badInput(`limit must be ≥ 0, got ${limit}`)
  return records.slice(from, limit == null ? undefined : from + limit)
}
