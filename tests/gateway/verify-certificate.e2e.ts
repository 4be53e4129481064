import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compromisedLicenceIds, sandboxSeed } from '../../sandbox/index.js'
import { issueCertificate, signCms, signJws } from '../../signing/index.js'
import { startHarness, type Harness } from '../fixtures/gateway-harness.js'

/** verifyCertificate against the sandbox cities' own signed licences, good and bad. */
let h: Harness
beforeAll(async () => {
  h = await startHarness({ signing: true })
})
afterAll(() => h?.close())

const REPORT = `indication subIndication reason certificate { id status }
  reports { format indication subIndication reason signer { subject region { code } authority } seal { name esID validFrom validTo } signingTime checks { name passed } signatures { indication } }`

async function verify(input: Record<string, unknown>) {
  const r = await h.query<{ verifyCertificate: any }>(`query($i: VerifyCertificateInput!) { verifyCertificate(input: $i) { ${REPORT} } }`, { i: input })
  return r
}

const seed = sandboxSeed()
const licenceWith = (code: string, pred: (l: (typeof seed.cities)[string]['licences'][number]) => boolean) => {
  const compromised = new Set(compromisedLicenceIds(seed, code))
  const l = seed.cities[code]!.licences.find((x) => pred(x) && !compromised.has(x.localId))!
  return `${code}:${l.localId}`
}

async function signedForms(id: string) {
  const r: any = await h.query('query($id: ID!) { certificate(id: $id) { signed { data jws cms seal ofd } } }', { id })
  return r.data.certificate.signed as { data: string; jws: string; cms: string; seal: string; ofd: string | null }
}

describe('verifying a licence by id', () => {
  it.each([
    ['510100', ['JWS', 'CMS', 'SES_SIGNATURE']],
    ['510600', ['JWS', 'CMS', 'SES_SIGNATURE']],
    ['511400', ['JWS', 'CMS', 'SES_SIGNATURE']],
    ['512000', ['JWS', 'CMS', 'SES_SIGNATURE', 'OFD']],
  ])('%s: every published form passes, signed under that city', async (code, formats) => {
    const id = licenceWith(code, (l) => l.status === 'VALID' && (l.validUntil === null || l.validUntil > '2027-01-01'))
    const r = await verify({ certificateId: id })
    expect(r.errors).toBeUndefined()
    const v = r.data!.verifyCertificate
    expect(v.indication).toBe('TOTAL_PASSED')
    expect(v.reason).toMatch(/was issued by .* and is valid/)
    expect(v.certificate).toEqual({ id, status: 'VALID' })
    expect(v.reports.map((x: any) => x.format)).toEqual(formats)
    for (const report of v.reports) {
      expect(report.indication).toBe('TOTAL_PASSED')
      expect(report.signer.region.code).toBe(code)
      expect(report.checks.every((c: any) => c.passed)).toBe(true)
    }
    const seal = v.reports.find((x: any) => x.format === 'SES_SIGNATURE').seal
    expect(seal).toMatchObject({ esID: `${code}00000001`, validTo: '2040-12-31T23:59:59+08:00' })
  })

  it('a licence signed with the revoked key after its revocation is TOTAL_FAILED / REVOKED', async () => {
    const [localId] = compromisedLicenceIds(seed, '511400')
    const v = (await verify({ certificateId: `511400:${localId}`, forms: ['CMS', 'JWS'] })).data!.verifyCertificate
    expect(v.indication).toBe('TOTAL_FAILED')
    expect(v.subIndication).toBe('REVOKED')
    for (const report of v.reports) expect([report.indication, report.subIndication]).toEqual(['TOTAL_FAILED', 'REVOKED'])
  })

  it.each([
    ['REVOKED', 'TOTAL_FAILED', 'REVOKED', /has revoked this licence/],
    ['EXPIRED', 'TOTAL_FAILED', 'EXPIRED', /expired/],
    ['SUSPENDED', 'INDETERMINATE', 'TRY_LATER', /suspended/],
  ])('a genuine licence whose status is %s says so', async (status, indication, sub, reason) => {
    const id = licenceWith('510100', (l) => l.status === status)
    const v = (await verify({ certificateId: id })).data!.verifyCertificate
    expect(v.reports.every((x: any) => x.indication === 'TOTAL_PASSED')).toBe(true)
    expect([v.indication, v.subIndication]).toEqual([indication, sub])
    expect(v.reason).toMatch(reason)
  })

  it('refuses unknown and malformed ids with codes', async () => {
    expect((await verify({ certificateId: '510600:NOPE' })).errors?.[0]?.extensions?.code).toBe('INVALID_ID')
    expect((await verify({ certificateId: 'nope' })).errors?.[0]?.extensions?.code).toBe('INVALID_ID')
    expect((await verify({})).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })
})

describe('verifying signed material given inline', () => {
  let id: string
  let forms: Awaited<ReturnType<typeof signedForms>>
  beforeAll(async () => {
    id = licenceWith('510600', (l) => l.status === 'VALID')
    forms = await signedForms(id)
  })

  it('passes the genuine JWS, CMS and seal', async () => {
    const v = (await verify({ jws: forms.jws, cms: forms.cms, seal: forms.seal, data: forms.data })).data!.verifyCertificate
    expect(v.reports.map((r: any) => [r.format, r.indication])).toEqual([
      ['JWS', 'TOTAL_PASSED'],
      ['CMS', 'TOTAL_PASSED'],
      ['SES_SIGNATURE', 'TOTAL_PASSED'],
    ])
  })

  it('one changed character of the content fails every form with the right reason', async () => {
    const doc = Buffer.from(forms.data, 'base64').toString('utf8')
    const forged = Buffer.from(doc.replace(/"validUntil":(null|"[^"]*")/, '"validUntil":"2099-12-31"')).toString('base64')
    expect(forged).not.toBe(forms.data)
    const [h64, , s64] = forms.jws.split('.')
    const jws = `${h64}.${Buffer.from(Buffer.from(forged, 'base64')).toString('base64url')}.${s64}`
    const v = (await verify({ jws, cms: forms.cms, seal: forms.seal, data: forged })).data!.verifyCertificate
    expect(v.indication).toBe('TOTAL_FAILED')
    expect(v.reports.map((r: any) => [r.format, r.subIndication])).toEqual([
      ['JWS', 'SIG_CRYPTO_FAILURE'],
      ['CMS', 'HASH_FAILURE'],
      ['SES_SIGNATURE', 'HASH_FAILURE'],
    ])
  })

  it('a signer outside the trust list has no certificate chain', async () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const cert = issueCertificate({ subject: { CN: '德阳市市场监督管理局 (forged)' }, publicKey: keys.publicKey, selfSignKey: keys.privateKey, ca: true, keyUsage: ['digitalSignature', 'keyCertSign'] })
    const jws = await signJws(Buffer.from(forms.data, 'base64'), keys.privateKey, { x5c: [cert.pem] })
    const v = (await verify({ jws })).data!.verifyCertificate
    expect([v.indication, v.subIndication]).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND'])
  })

  it('a Deyang licence is not accepted as sealed by Chengdu', async () => {
    const chengdu = await signedForms(licenceWith('510100', (l) => l.status === 'VALID'))
    // Chengdu's genuine seal over Deyang's licence content: valid cryptography, wrong authority.
    const v = (await verify({ cms: chengdu.cms, data: chengdu.data, expectedRegion: '510600' })).data!.verifyCertificate
    expect(v.indication).toBe('INDETERMINATE')
    expect(v.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE')
  })

  it('content claiming Deyang but signed with Chengdu\'s key is refused without being told the region', async () => {
    const chengdu = h.pki!.cities.get('510100')!
    const cms = signCms(Buffer.from(forms.data, 'base64'), { certificate: chengdu.signer.certificate, privateKey: chengdu.signer.privateKey })
    const v = (await verify({ cms: Buffer.from(cms).toString('base64'), data: forms.data })).data!.verifyCertificate
    expect([v.indication, v.subIndication]).toEqual(['INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE'])
    expect(v.reason).toMatch(/claims to be issued in 德阳市, but it is signed under 成都市/)
  })

  it('garbage and truncated material is FORMAT_FAILURE, never an error', async () => {
    const v = (await verify({ seal: Buffer.from(forms.seal, 'base64').subarray(0, 40).toString('base64'), data: forms.data, jws: 'not.a.jws' })).data!.verifyCertificate
    expect(v.reports.map((r: any) => r.subIndication)).toEqual(['FORMAT_FAILURE', 'FORMAT_FAILURE'])
    const bad = await verify({ seal: '%%%not base64%%%' })
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  it('checks every signature of an OFD document', async () => {
    const zy = await signedForms(licenceWith('512000', (l) => l.status === 'VALID'))
    const v = (await verify({ ofd: zy.ofd })).data!.verifyCertificate
    expect(v.reports[0]).toMatchObject({ format: 'OFD', indication: 'TOTAL_PASSED', signatures: [{ indication: 'TOTAL_PASSED' }] })
  })
})
