import type { KeyObject } from 'node:crypto'
import { issueToken } from '../auth/issue-token.js'

/**
 * What the web pages offer a newcomer in sandbox mode only: demo windows to sign in at (the
 * gateway signs their tokens with the sandbox identity providers' keys), sample applicants
 * and sample licences. It exists only when the gateway runs the sandbox (`npm start` without
 * --config): a real deployment has no keys of any city's identity provider, and its clerks
 * paste the token their own city issued them.
 *
 * Built from the sandbox seed by structure, so the gateway never imports `sandbox/`.
 */
export interface SandboxDemo {
  windows: DemoWindow[]
  applicants: DemoApplicant[]
  licences: DemoLicence[]
  /** A window-clerk token for one of `windows`; undefined for any other window id. */
  token(window: string): Promise<string | undefined>
}

export interface DemoWindow {
  window: string
  region: string
  label: string
  labelEn: string
}

export interface DemoApplicant {
  kind: 'PERSON' | 'ENTERPRISE'
  name: string
  idNumber: string
  facts: Record<string, string>
  /** Valid licences the applicant holds (region-qualified ids), usable as materials. */
  licences: { id: string; typeName: string }[]
}

export interface DemoLicence {
  id: string
  /** What checking it shows: a passing licence, a revoked one, a signature under a revoked key… */
  expect: 'VALID' | 'REVOKED' | 'EXPIRED' | 'SUSPENDED' | 'KEY_REVOKED'
  typeName: string
  region: string
}

/** The parts of the sandbox seed the demo uses (SandboxSeed satisfies it). */
export interface DemoSeed {
  regions: readonly { code: string; name: string; districts: readonly { code: string; name: string }[] }[]
  persons: readonly { name: string; idNumber: string; householdDistrict: string; residenceDistrict: string }[]
  enterprises: readonly { name: string; creditCode: string; domicileDistrict: string }[]
  cities: Readonly<Record<string, { licences: readonly { localId: string; type: string; holderIdNumber: string; status: string; validUntil: string | null }[] }>>
}

export interface DemoIdentity {
  privateKey: KeyObject
  kid: string
  issuer: string
}

/** One remote window per city, at a district service centre (政务服务中心). */
const WINDOWS: readonly { window: string; region: string; district: string; districtEn: string; city: string }[] = [
  { window: 'MS-DP-01', region: '511400', district: '东坡区', districtEn: 'Dongpo', city: 'Meishan' },
  { window: 'CD-WH-03', region: '510100', district: '武侯区', districtEn: 'Wuhou', city: 'Chengdu' },
  { window: 'DY-JY-02', region: '510600', district: '旌阳区', districtEn: 'Jingyang', city: 'Deyang' },
  { window: 'ZY-YJ-01', region: '512000', district: '雁江区', districtEn: 'Yanjiang', city: 'Ziyang' },
]

export function createSandboxDemo(o: { seed: DemoSeed; compromised: (region: string) => readonly string[]; identities: ReadonlyMap<string, DemoIdentity> }): SandboxDemo {
  const { seed } = o
  const cityName = (code: string) => seed.regions.find((r) => r.code === code)?.name ?? code
  const windows = WINDOWS.filter((w) => o.identities.has(w.region)).map((w) => ({
    window: w.window,
    region: w.region,
    label: `${cityName(w.region)}${w.district}政务服务中心 · 异地受理窗口 ${w.window}`,
    labelEn: `${w.city} ${w.districtEn} service centre · remote window ${w.window}`,
  }))
  const compromised = new Set(seed.regions.flatMap((r) => o.compromised(r.code).map((id) => `${r.code}:${id}`)))
  const all = Object.entries(seed.cities).flatMap(([region, c]) => c.licences.map((l) => ({ ...l, region, id: `${region}:${l.localId}` })))
  const usable = all.filter((l) => l.status === 'VALID' && !compromised.has(l.id) && (l.validUntil === null || l.validUntil > '2027-12-31'))
  const heldBy = (idNumber: string) => usable.filter((l) => l.holderIdNumber === idNumber).map((l) => ({ id: l.id, typeName: l.type }))

  const licences: DemoLicence[] = []
  for (const r of seed.regions) {
    const l = usable.find((x) => x.region === r.code)
    if (l) licences.push({ id: l.id, expect: 'VALID', typeName: l.type, region: r.code })
  }
  for (const status of ['REVOKED', 'EXPIRED', 'SUSPENDED'] as const) {
    const l = all.find((x) => x.status === status && !compromised.has(x.id))
    if (l) licences.push({ id: l.id, expect: status, typeName: l.type, region: l.region })
  }
  const keyRevoked = all.find((x) => compromised.has(x.id) && x.status === 'VALID')
  if (keyRevoked) licences.push({ id: keyRevoked.id, expect: 'KEY_REVOKED', typeName: keyRevoked.type, region: keyRevoked.region })

  // A company registered in one city, and a person registered in one city who lives in
  // another: the two shapes a remote window meets most (营业执照, 户口迁移 / 社保).
  const company = seed.enterprises.find((e) => heldBy(e.creditCode).length > 0) ?? seed.enterprises[0]
  const cityOf = (district: string) => district.slice(0, 4)
  const person = seed.persons.find((p) => cityOf(p.householdDistrict) !== cityOf(p.residenceDistrict) && heldBy(p.idNumber).length > 0) ?? seed.persons[0]
  const applicants: DemoApplicant[] = []
  if (company) {
    applicants.push({ kind: 'ENTERPRISE', name: company.name, idNumber: company.creditCode, facts: { enterpriseDomicile: company.domicileDistrict, propertyLocation: company.domicileDistrict }, licences: heldBy(company.creditCode) })
  }
  if (person) {
    const facts = { householdRegistration: person.householdDistrict, residence: person.residenceDistrict, placeInsured: person.residenceDistrict, propertyLocation: person.residenceDistrict }
    applicants.push({ kind: 'PERSON', name: person.name, idNumber: person.idNumber, facts, licences: heldBy(person.idNumber) })
  }

  return {
    windows,
    applicants,
    licences,
    async token(window) {
      const w = windows.find((x) => x.window === window)
      const idp = w && o.identities.get(w.region)
      if (!w || !idp) return undefined
      return issueToken({ ...idp, subject: `clerk@${w.window}`, claim: { role: 'window-clerk', region: w.region, window: w.window }, ttlSeconds: 8 * 3600 })
    },
  }
}
