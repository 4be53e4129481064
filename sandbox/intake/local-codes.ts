import { badInput } from '../record-tables.js'

// Reading a city's intake input back into neutral values. Each city keeps one table per code
// (neutral → its own value, in <city>-data.ts) and reads its input through the same table, so
// the two directions cannot drift apart.

/**
 * The neutral key whose local value is `local`, e.g. `fromLocal({ PERSON: '1', ENTERPRISE: '2' }, '2', 'sqrlx')`
 * is 'ENTERPRISE'. When two keys share a value (a city with fewer codes than the canonical set),
 * the first one wins.
 * @throws GraphQLError BAD_USER_INPUT naming `field` and the values the city knows.
 */
export function fromLocal<K extends string, V>(map: Readonly<Record<K, V>>, local: unknown, field: string): K {
  for (const [key, value] of Object.entries(map) as Array<[K, V]>) if (value === local) return key
  throw badInput(`${field}: ${JSON.stringify(local)} is not one of ${[...new Set(Object.values(map))].map((v) => JSON.stringify(v)).join(', ')}`)
}

/**
 * `ms`, or a BAD_USER_INPUT naming the field when the city could not read the time.
 * @param ms the result of the city's parser (undefined: not a time in the city's format)
 */
export function requireTime(ms: number | undefined, field: string, text: unknown): number {
  if (ms === undefined || !Number.isFinite(ms)) throw badInput(`${field}: ${JSON.stringify(text)} is not a time in this platform's format`)
  return ms
}
