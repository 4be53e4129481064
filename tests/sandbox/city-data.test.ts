import { describe, expect, it } from 'vitest'
import { createChengduData, createDeyangData, createMeishanData, createZiyangData, sandboxSeed } from '../../sandbox/index.js'

// Each city's local records against the neutral seed they are built from: same records, same
// order, each value in the city's own format.

const seed = sandboxSeed()
const beijingDate = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
const beijingCompact = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14)

describe('local records per city', () => {
  it('Chengdu: ISO-8601 instants, enum names, union applicants, null partner for its own windows', () => {
    const { cases, licences } = seed.cities['510100']!
    const data = createChengduData(seed)
    expect(data.applications.all.map((a) => a.applicationNumber)).toEqual(cases.map((c) => c.localId))
    data.applications.all.forEach((a, i) => {
      const c = cases[i]!
      expect(Date.parse(a.submittedAt)).toBe(c.receivedAt)
      expect(a.submittedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
      expect(a.statusHistory.map((h) => Date.parse(h.changedAt))).toEqual(c.history.map((h) => h.at))
      expect(a.applicant.__typename).toBe(c.applicant.kind === 'PERSON' ? 'NaturalPerson' : 'LegalEntity')
      expect(a.partnerRegionCode).toBe(c.remote ? c.acceptingRegion : null)
    })
    expect(data.licences.all.map((l) => [l.licenceId, l.validTo])).toEqual(licences.map((l) => [l.localId, l.validUntil]))
  })

  it('Deyang: yyyyMMddHHmmss Beijing wall clock, yyyyMMdd dates, 长期 for open-ended licences', () => {
    const { cases, licences } = seed.cities['510600']!
    const data = createDeyangData(seed)
    data.bj.all.forEach((b, i) => {
      const c = cases[i]!
      expect(b.bjbh).toBe(c.localId)
      expect(b.sqsj).toBe(beijingCompact(c.receivedAt))
      expect(b.zt).toBe(b.lzjl[b.lzjl.length - 1]!.zt)
      expect(b.cl === null).toBe(c.materials.length === 0)
    })
    expect(new Set(data.bj.all.map((b) => b.zt))).toEqual(new Set(['01', '02', '03', '04', '05', '06', '07', '08']))
    data.dzzz.all.forEach((z, i) => {
      const l = licences[i]!
      expect(z.yxqz).toBe(l.validUntil === null ? '长期' : l.validUntil.replaceAll('-', ''))
      expect(z.fzrq).toMatch(/^\d{8}$/)
    })
  })

  it('Meishan: epoch ms, applicant references into registers whose ids overlap across kinds', () => {
    const { cases, licences } = seed.cities['511400']!
    const data = createMeishanData(seed)
    data.cases.all.forEach((m, i) => {
      const c = cases[i]!
      expect(m.created_ms).toBe(c.receivedAt)
      const register = m.applicant_kind === 'person' ? data.persons : data.enterprises
      const party = register.lookup([m.applicant_ref])[0] as { id_no?: string; uscc?: string }
      expect(party.id_no ?? party.uscc).toBe(c.applicantIdNumber)
    })
    const personIds = new Set(data.persons.all.map((p) => p.id))
    expect(data.enterprises.all.some((e) => personIds.has(e.id))).toBe(true)
    data.licences.all.forEach((m, i) => {
      expect(beijingDate(m.issued_ms)).toBe(licences[i]!.issuedOn)
      expect(m.valid_to_ms === null).toBe(licences[i]!.validUntil === null)
    })
  })

  it('Ziyang: "yyyy-MM-dd HH:mm:ss" times and Party typenames', () => {
    const { cases } = seed.cities['512000']!
    const data = createZiyangData(seed)
    data.records.all.forEach((r, i) => {
      const c = cases[i]!
      expect(r.filedTime.replace(/\D/g, '')).toBe(beijingCompact(c.receivedAt))
      expect(r.party.__typename).toBe(c.applicant.kind === 'PERSON' ? 'IndividualParty' : 'CorporateParty')
      expect(r.party.partyCode).toBe(c.applicantIdNumber)
    })
  })
})
