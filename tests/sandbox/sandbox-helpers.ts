import { connect } from 'node:net'
import { afterAll, beforeAll, expect } from 'vitest'
import type { CityServer, SeedCase } from '../../sandbox/index.js'

export interface GraphQLReply<T> {
  data?: T
  errors?: Array<{ message: string; extensions?: { code?: string } }>
}

/** POSTs a GraphQL operation over real HTTP and returns the parsed body. */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLReply<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  return (await res.json()) as GraphQLReply<T>
}

/** Like gql, but fails the test on GraphQL errors and returns `data`. */
export async function gqlData<T = Record<string, any>>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const reply = await gql<T>(url, query, variables)
  expect(reply.errors).toBeUndefined()
  return reply.data!
}

/**
 * Asserts newest-first order: time descending, then id descending. Times may be epoch numbers or
 * strings in a fixed-width, most-significant-first format (ISO with one offset, yyyyMMddHHmmss,
 * yyyy-MM-dd HH:mm:ss), which sort the same as the instants they name.
 */
export function expectNewestFirst(rows: ReadonlyArray<{ at: string | number; id: string }>): void {
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1]!, rows[i]!]
    const ordered = a.at > b.at || (a.at === b.at && a.id > b.id)
    expect(ordered, `${a.id} (${a.at}) before ${b.id} (${b.at})`).toBe(true)
  }
}

/** The applicant with the most cases in a city, for filter tests that must match several rows. */
export function busiestApplicant(cases: readonly SeedCase[]): string {
  const counts = new Map<string, number>()
  for (const c of cases) counts.set(c.applicantIdNumber, (counts.get(c.applicantIdNumber) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]
}

/** The (matter, state) pair with the most cases, so a combined filter is non-trivial. */
export function busiestMatterAndState(cases: readonly SeedCase[]): { matter: string; state: SeedCase['state'] } {
  const counts = new Map<string, number>()
  for (const c of cases) counts.set(`${c.localMatterCode}|${c.state}`, (counts.get(`${c.localMatterCode}|${c.state}`) ?? 0) + 1)
  const [key] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!
  const [matter, state] = key.split('|') as [string, SeedCase['state']]
  return { matter, state }
}

/** Resolves with the socket error code of a fresh TCP connection attempt, or 'CONNECTED'. */
export function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve('CONNECTED')
    })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'ERROR'))
  })
}

/**
 * Creates a city before the suite's tests and closes it after them; call at the top of a file.
 * Returns an accessor because the city only exists once `beforeAll` has run.
 */
export function useStartedCity<C extends CityServer>(create: () => C): () => C {
  let city: C | undefined
  beforeAll(async () => {
    city = create()
    await city.start()
  })
  afterAll(() => city?.close())
  return () => city!
}
