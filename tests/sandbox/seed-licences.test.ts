import { describe, expect, it } from 'vitest'
import { multiCityHolders, sandboxSeed, SEED_TODAY } from '../../sandbox/index.js'

const seed = sandboxSeed()

const PERSON_TYPES = ['结婚证', '不动产权证书', '机动车驾驶证', '社会保障卡']
const ENTERPRISE_TYPES = ['营业执照', '食品经营许可证']

describe.each(seed.regions.map((r) => [r.name, r.code] as const))('sandbox seed: licences of %s', (name, code) => {
  const licences = seed.cities[code]!.licences

  it('has 150–250 licences with unique ids, issue date descending', () => {
    expect(licences.length).toBeGreaterThanOrEqual(150)
    expect(licences.length).toBeLessThanOrEqual(250)
    expect(new Set(licences.map((l) => l.localId)).size).toBe(licences.length)
    for (let i = 1; i < licences.length; i++) {
      const [a, b] = [licences[i - 1]!, licences[i]!]
      expect(a.issuedOn > b.issuedOn || (a.issuedOn === b.issuedOn && a.localId > b.localId)).toBe(true)
    }
  })

  it('issues types by holder kind to real holders, by an authority of the city', () => {
    for (const l of licences) {
      expect(l.holder.kind === 'PERSON' ? PERSON_TYPES : ENTERPRISE_TYPES).toContain(l.type)
      const holder = l.holder.kind === 'PERSON' ? seed.persons[l.holder.ref]! : seed.enterprises[l.holder.ref]!
      expect(l.holderName).toBe(holder.name)
      expect(l.holderIdNumber).toBe('idNumber' in holder ? holder.idNumber : holder.creditCode)
      expect(l.authority.startsWith(name)).toBe(true)
    }
    expect(new Set(licences.map((l) => l.type)).size).toBe(6)
  })

  it('keeps dates consistent: expired exactly when the end date has passed, long-term ones open-ended', () => {
    for (const l of licences) {
      expect(l.issuedOn <= '2026-11-20').toBe(true)
      if (l.validUntil !== null) expect(l.validUntil > l.validFrom).toBe(true)
      const lapsed = l.validUntil !== null && l.validUntil < SEED_TODAY
      expect(l.status === 'EXPIRED', `${l.localId} ${l.validUntil} ${l.status}`).toBe(lapsed)
    }
    expect(licences.some((l) => l.validUntil === null)).toBe(true)
    expect(licences.filter((l) => l.status === 'VALID').length / licences.length).toBeGreaterThan(0.6)
  })

  it('numbers business licences by credit code and driving licences by resident ID', () => {
    for (const l of licences.filter((x) => x.type === '营业执照' || x.type === '机动车驾驶证')) expect(l.number).toBe(l.holderIdNumber)
    for (const l of licences.filter((x) => x.type === '食品经营许可证')) expect(l.number).toMatch(/^JY1\d{13}$/)
  })
})

describe('sandbox seed: licence holders across cities', () => {
  const all = Object.values(seed.cities).flatMap((c) => c.licences)

  it('uses every status somewhere: valid, revoked, expired, suspended', () => {
    expect(new Set(all.map((l) => l.status))).toEqual(new Set(['VALID', 'REVOKED', 'EXPIRED', 'SUSPENDED']))
  })

  it('gives a person at most one social security card, driving licence and marriage certificate', () => {
    for (const type of ['社会保障卡', '机动车驾驶证', '结婚证']) {
      const holders = all.filter((l) => l.type === type).map((l) => l.holderIdNumber)
      expect(new Set(holders).size, type).toBe(holders.length)
    }
  })

  it('lists holders with licences from two or more cities', () => {
    const multi = multiCityHolders(seed)
    expect(multi.length).toBeGreaterThanOrEqual(20)
    expect(multi.some((h) => h.kind === 'ENTERPRISE')).toBe(true)
    for (const h of multi) {
      const issuers = new Set(all.filter((l) => l.holderIdNumber === h.idNumber).map((l) => l.region))
      expect([...issuers].sort()).toEqual([...h.regions].sort())
    }
  })
})
