import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, loadFederationConfig, type ConfigProblem } from '../../federation/index.js'
import { BUNDLED_CONFIGS, copyConfigs } from '../fixtures/config-dir.js'

function problemsOf(dir: string): ConfigProblem[] {
  try {
    loadFederationConfig(dir)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).code).toBe('CONFIG_INVALID')
    return [...(err as ConfigError).problems]
  }
  throw new Error('expected the configuration to be refused')
}

describe('loading region configuration', () => {
  let copy: ReturnType<typeof copyConfigs> | undefined
  afterEach(() => copy?.remove())

  it('loads the bundled four cities and the catalogue, frozen', () => {
    const config = loadFederationConfig(BUNDLED_CONFIGS)
    expect(config.regions.map((r) => r.config.code)).toEqual(['510100', '510600', '511400', '512000'])
    expect(config.catalogue.matters.length).toBeGreaterThanOrEqual(20)
    expect(Object.isFrozen(config.regions[0]!.config.types)).toBe(true)
  })

  it('overrides endpoints when asked (sandbox ports)', () => {
    const config = loadFederationConfig(BUNDLED_CONFIGS, { endpoints: { '510600': 'http://127.0.0.1:9/graphql' } })
    expect(config.regions.find((r) => r.config.code === '510600')!.config.endpoint).toBe('http://127.0.0.1:9/graphql')
  })

  it.each([
    ['deyang/region.yaml', /^  retries: 2/m, '  retrys: 2', 'upstream.retrys', /unknown key 'retrys'/],
    ['deyang/region.yaml', '      note: bz', '      notes: bz', 'types.CaseEvent.fields.notes', /canonical type CaseEvent has no field 'notes'/],
    ['deyang/region.yaml', '      localId: bjbh', '      localId: bjbhx', 'types.Case.fields.localId', /local type Bj has no field 'bjbhx'/],
    ['deyang/region.yaml', '"07": RESULT_ISSUED', '"07": RESULT_ISSUD', 'enums.zt.07', /'RESULT_ISSUD' is not a value of CaseState/],
    ['meishan/region.yaml', '      state: { from: status, enum: status }\n      mode', '      mode', 'types.Case.fields', /Case.state is non-null and must be mapped/],
    ['ziyang/region.yaml', 'page.take', 'page.takes', 'operations.cases.paging.limit', /PageWindow has no field 'takes'/],
    ['chengdu/region.yaml', 'receivedAt: { from: submittedAt, format: iso8601 }', 'receivedAt: { from: submittedAt, format: yyyyMMdd }', 'types.Case.fields.receivedAt', /needs a format/],
    ['chengdu/region.yaml', 'TB-SCJG-001: CD-SCJG-0101', 'TB-SCJG-999: CD-SCJG-0101', 'matterCodes.TB-SCJG-999', /not in the shared matter catalogue/],
    ['meishan/region.yaml', '{ code: "511402", name: 东坡区 }', '{ code: "510104", name: 东坡区 }', 'districts.0.code', /already used by 成都市 锦江区|not inside city/],
    ['chengdu/region.yaml', 'history: { from: statusHistory, type: CaseEvent }', 'history: { from: statusHistory, type: Material }', 'types.Case.fields.history.type', /produces Material, but Case.history is CaseEvent/],
    ['deyang/region.yaml', 'state: { arg: zt, enum: zt }', 'state: { arg: sxbm, enum: zt }', 'operations.cases.filter.state.arg', /must be a list argument/],
  ])('refuses %s edited (%s → %s) naming the file, path and problem', (file, from, to, path, message) => {
    copy = copyConfigs()
    copy.edit(file, from, to)
    const problems = problemsOf(copy.dir)
    const found = problems.find((p) => p.path === path && message.test(p.message))
    expect(found, JSON.stringify(problems, null, 1)).toBeDefined()
    expect(found!.file).toContain(file)
    expect(found!.line).toBeGreaterThan(0)
  })

  it('reports a broken local SDL and broken YAML with their files', () => {
    copy = copyConfigs()
    copy.edit('chengdu/schema.graphql', 'type Query {', 'type Query {{')
    copy.edit('deyang/region.yaml', 'nameEn: Deyang', 'nameEn: [Deyang')
    const problems = problemsOf(copy.dir)
    expect(problems.some((p) => p.file.endsWith('chengdu/schema.graphql') && /not a valid GraphQL schema/.test(p.message))).toBe(true)
    expect(problems.some((p) => p.file.endsWith('deyang/region.yaml') && /YAML/.test(p.message))).toBe(true)
  })

  it('lists every problem at once, not just the first', () => {
    copy = copyConfigs()
    copy.edit('deyang/region.yaml', '      note: bz', '      notes: bz')
    copy.edit('ziyang/region.yaml', 'page.take', 'page.takes')
    expect(problemsOf(copy.dir).length).toBeGreaterThanOrEqual(2)
  })
})
