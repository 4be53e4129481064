import { serverAudits } from 'graphql-http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'

/**
 * The GraphQL-over-HTTP compliance audits of the `graphql-http` package (the reference
 * implementation of the spec), against the gateway as deployed: lean HTTP path, yoga, limits.
 * Every audit — MUST, SHOULD and MAY — has to pass.
 */
let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h?.close())

const audits = serverAudits({ url: () => h.url })

describe('GraphQL over HTTP (graphql-http audits)', () => {
  it('has MUST, SHOULD and MAY audits to run', () => {
    const level = (l: string) => audits.filter((a) => a.name.startsWith(l)).length
    expect([level('MUST'), level('SHOULD'), level('MAY')].every((n) => n > 5)).toBe(true)
  })
  it.each(audits.map((a) => [a.id, a.name, a] as const))('%s %s', async (_id, name, audit) => {
    const result = await audit.fn()
    expect(result.status, `${name}: ${result.status === 'ok' ? '' : result.reason}`).toBe('ok')
  })
})
