import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { explainError, fieldOf } from '../../web/src/shared/error-text.js'
import { filesInput, guessRole } from '../../web/src/shared/files.js'
import { isReceipt, jwsPayload, type Verdict } from '../../web/src/shared/model.js'
import { sha256 } from '../../web/src/shared/sha256.js'
import { STRINGS } from '../../web/src/shared/strings.js'
import { formatDate, verdictText } from '../../web/src/shared/verdict-text.js'

/** The pages' own logic, without a browser: verdict wording, error wording, file roles, digests. */
const deyang = { code: '510600', name: '德阳市', nameEn: 'Deyang' }
const names = (code: string) => ({ '510100': '成都市', '510600': '德阳市', '511400': '眉山市' })[code] ?? code
const report = (o: Partial<Verdict['reports'][number]> = {}): Verdict['reports'][number] => ({
  format: 'CMS',
  indication: 'TOTAL_PASSED',
  reason: 'ok',
  checks: [],
  signer: { subject: 'CN=德阳市政务服务和大数据管理局', issuer: 'CN=root', serialNumber: '01', region: deyang, authority: '德阳市政务服务和大数据管理局' },
  ...o,
})
const certificate = { id: '510600:DYZZ1', typeName: '营业执照', number: 'N1', holder: { name: '某公司', idNumber: '91510600X', kind: 'ENTERPRISE' }, issuingRegion: deyang, issuingAuthority: '德阳市市场监督管理局', issuedOn: '2026-01-05', validFrom: '2026-01-05', validUntil: '2031-01-04', status: 'VALID' }

describe('verdict wording', () => {
  it('a genuine licence: who issued it and until when, in Chinese; the gateway\'s sentence in English', () => {
    const v: Verdict = { indication: 'TOTAL_PASSED', reason: 'This 营业执照 was issued by 德阳市市场监督管理局 (德阳市) on 2026-01-05 and is valid until 2031-01-04.', reports: [report()], certificate }
    const zh = verdictText(v, 'zh', names)
    expect([zh.tone, zh.title, zh.sentence]).toEqual(['pass', '验证通过', '这份营业执照由德阳市市场监督管理局于 2026年1月5日 签发，有效期至 2031年1月4日。'])
    expect(zh.facts).toContainEqual(['签发机关', '德阳市市场监督管理局'])
    expect(zh.facts).toContainEqual(['有效期', '2026年1月5日 至 2031年1月4日'])
    expect(verdictText(v, 'en', names).sentence).toBe(v.reason)
    expect(verdictText({ ...v, certificate: { ...certificate, validUntil: null } }, 'zh', names).sentence).toMatch(/长期有效。$/)
  })

  it('a seal whose signing certificate was revoked says when, preferring the seal\'s report', () => {
    const revoked = (format: string) => report({ format, indication: 'TOTAL_FAILED', subIndication: 'REVOKED', revocation: { revokedAt: '2024-06-30T00:00:00+08:00' } })
    const v: Verdict = { indication: 'TOTAL_FAILED', subIndication: 'REVOKED', reason: 'revoked', reports: [revoked('JWS'), revoked('SES_SIGNATURE')] }
    expect(verdictText(v, 'zh', names)).toMatchObject({ tone: 'fail', sentence: '该印章的签章证书已于 2024年6月30日 00:00 被撤销，此后加盖的印章无效。' })
    expect(verdictText({ ...v, reports: [revoked('CMS')] }, 'zh', names).sentence).toBe('签名证书已于 2024年6月30日 00:00 被撤销，此后的签名无效。')
  })

  it('a licence its authority revoked, expired or suspended, with genuine signatures', () => {
    const base = { reports: [report()], reason: 'x' }
    expect(verdictText({ ...base, indication: 'TOTAL_FAILED', subIndication: 'REVOKED', certificate: { ...certificate, status: 'REVOKED' } }, 'zh', names).sentence).toBe('德阳市市场监督管理局已撤销这份证照。')
    expect(verdictText({ ...base, indication: 'TOTAL_FAILED', subIndication: 'EXPIRED', certificate: { ...certificate, status: 'EXPIRED' } }, 'zh', names).sentence).toBe('这份证照已于 2031年1月4日 过期。')
    expect(verdictText({ ...base, indication: 'INDETERMINATE', subIndication: 'TRY_LATER', certificate: { ...certificate, status: 'SUSPENDED' } }, 'zh', names)).toMatchObject({ tone: 'warn', title: '无法确认', sentence: '德阳市市场监督管理局已暂停（中止）这份证照，请稍后再查。' })
  })

  it('a failed signature names no authority: only a signature that holds speaks for one', () => {
    const v: Verdict = { indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE', reason: 'x', reports: [report({ format: 'JWS', indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE' })] }
    const text = verdictText(v, 'zh', names)
    expect(text.sentence).toBe('签名无法验证：内容或签名已被篡改。')
    expect(text.facts.map(([k]) => k)).toEqual(['签名者'])
  })

  it('a gateway receipt: the case, the windows and the competent city', () => {
    const receipt = { caseId: 'TB-1', matter: { code: 'TB-SCJG-001', name: '营业执照设立登记' }, mode: 'REMOTE_INTAKE', competentRegion: '510100', acceptingRegion: '511400', acceptingWindow: 'MS-DP-01', applicant: { kind: 'ENTERPRISE', name: '某公司', idNumber: '9151' }, materials: [], acceptedAt: '2026-11-25T10:30:00+08:00' }
    const text = verdictText({ indication: 'TOTAL_PASSED', reason: 'ok', reports: [report({ format: 'RECEIPT' })], receipt }, 'zh', names)
    expect(text.title).toBe('受理回执真实有效')
    expect(text.sentence).toBe('这是通办网关签发的受理回执：办件 TB-1 于 2026年11月25日 10:30 由眉山市窗口 MS-DP-01 受理，主管城市为成都市。')
  })

  it('formats dates as written, without shifting time zones', () => {
    expect(formatDate('2026-11-25T23:30:00+08:00', 'zh')).toBe('2026年11月25日 23:30')
    expect(formatDate('2026-11-25T23:30:00+08:00', 'en')).toBe('25 Nov 2026, 23:30')
    expect(formatDate('2040-12-31', 'en')).toBe('31 Dec 2040')
  })

  it('has every sub-indication of the schema in both languages', () => {
    const subs = ['FORMAT_FAILURE', 'HASH_FAILURE', 'SIG_CRYPTO_FAILURE', 'NOT_YET_VALID', 'SIG_CONSTRAINTS_FAILURE', 'CHAIN_CONSTRAINTS_FAILURE', 'CERTIFICATE_CHAIN_GENERAL_FAILURE', 'NO_SIGNING_CERTIFICATE_FOUND', 'NO_CERTIFICATE_CHAIN_FOUND', 'REVOKED_NO_POE', 'OUT_OF_BOUNDS_NO_POE', 'SIGNED_DATA_NOT_FOUND', 'CRYPTO_CONSTRAINTS_FAILURE']
    for (const lang of ['zh', 'en'] as const) for (const s of subs) expect(typeof (STRINGS[lang].sub as Record<string, unknown>)[s]).toBe('string')
  })
})

describe('errors in words, at their field', () => {
  const n = { fact: (f: string) => STRINGS.zh.factName[f] ?? f, region: names, list: (v: string[]) => v.join('、') }
  it.each([
    ['input.applicant.idNumber', 'idNumber'],
    ['input.applicant.facts.residence', 'facts.residence'],
    ['facts.placeInsured', 'facts.placeInsured'],
    ['input.matterCode', 'matter'],
    ['input.materials[3].fileSha256', 'materials[3]'],
    ['input.mode', 'mode'],
  ])('argument %s is field %s', (argument, field) => expect(fieldOf(argument)).toBe(field))

  it('maps each coded refusal to plain words and its field', () => {
    const e = (code: string, extensions: Record<string, unknown> = {}, message = 'm') => explainError({ message, extensions: { code, ...extensions } }, 'zh', n)
    expect(e('INVALID_ID_NUMBER', { argument: 'input.applicant.idNumber' })).toMatchObject({ field: 'idNumber', text: expect.stringMatching(/^证件号码不正确/) })
    expect(e('MODE_NOT_ALLOWED', { allowed: ['REMOTE_INTAKE'] })).toMatchObject({ field: 'mode', text: '该事项不能以此方式办理。可选：REMOTE_INTAKE。' })
    expect(e('COMPETENCE_UNDETERMINED', { missing: ['householdRegistration', 'residence'] })).toMatchObject({ field: 'facts.householdRegistration', text: '缺少确定主管城市所需的信息：户籍所在地、居住地。' })
    expect(e('COMPETENCE_OUTSIDE_FEDERATION', { fact: 'residence' }).field).toBe('facts.residence')
    expect(e('REGION_OUTSIDE_FEDERATION', { argument: 'input.applicant.facts.residence', areaCode: '110105' })).toMatchObject({ field: 'facts.residence', text: '区划代码 110105 不在成都、德阳、眉山、资阳范围内。' })
    expect(e('IDEMPOTENCY_CONFLICT', { caseId: 'TB-9' }).text).toContain('办件 TB-9')
    expect(e('REGION_UNAVAILABLE', { region: '510600' }).text).toBe('德阳市的平台暂时无法连接，请稍后再试。')
    const rejected = e('MATERIAL_REJECTED', { materials: [{ index: 1, name: '营业执照', indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' }] })
    expect(rejected).toMatchObject({ field: 'materials[1]', items: [{ field: 'materials[1]', text: '“营业执照”：内容在签名之后被改动过，与签名不符。' }] })
    expect(e('SOMETHING_NEW', {}, 'the gateway says so').text).toBe('出错了：the gateway says so')
  })
})

describe('files', () => {
  const der = (oid: boolean) => Uint8Array.from([0x30, 0x82, 0x01, 0x00, ...(oid ? [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02] : [0x30, 0x03, 0x02, 0x01, 0x04])])
  it('recognises OFD, CMS, seals, JWS and data by name and bytes', () => {
    expect(guessRole('licence.ofd', new Uint8Array())).toBe('ofd')
    expect(guessRole('x.bin', Uint8Array.from([0x50, 0x4b, 3, 4]))).toBe('ofd')
    expect(guessRole('x.p7s', new Uint8Array())).toBe('cms')
    expect(guessRole('x.bin', der(true))).toBe('cms')
    expect(guessRole('x.bin', der(false))).toBe('seal')
    expect(guessRole('x.txt', new TextEncoder().encode('eyJhbGciOiJFUzI1NiJ9.eyJ4IjoxfQ.AAAA\n'))).toBe('jws')
    expect(guessRole('licence.json', new TextEncoder().encode('{"id":"1"}'))).toBe('data')
  })

  it('asks for the data of a detached signature, and for one data file only', () => {
    const f = (name: string, role: 'data' | 'cms' | 'seal' | 'ofd' | 'jws') => ({ name, role, bytes: new TextEncoder().encode(name) })
    expect(filesInput([])).toEqual({ problem: 'needFiles' })
    expect(filesInput([f('a.p7s', 'cms')])).toEqual({ problem: 'needData' })
    expect(filesInput([f('a.json', 'data'), f('b.json', 'data'), f('c.ses', 'seal')])).toEqual({ problem: 'tooManyData' })
    expect(filesInput([f('a.json', 'data'), f('c.ses', 'seal')])).toEqual({ input: { data: Buffer.from('a.json').toString('base64'), seal: Buffer.from('c.ses').toString('base64') } })
  })
})

describe('receipts and digests', () => {
  it('tells a gateway receipt from another JWS by its type', () => {
    const jws = (header: object, payload: object) => `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`
    expect(isReceipt(jws({ alg: 'ES256', typ: 'tongban-receipt+jwt' }, {}))).toBe(true)
    expect(isReceipt(jws({ alg: 'ES256' }, {}))).toBe(false)
    expect(jwsPayload(jws({ alg: 'ES256' }, { caseId: '办件' }))).toEqual({ caseId: '办件' })
  })

  it('the plain-HTTP SHA-256 fallback agrees with node:crypto', () => {
    for (const size of [0, 1, 55, 56, 63, 64, 65, 1000, 100_003]) {
      const bytes = randomBytes(size)
      expect(Buffer.from(sha256(bytes)).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'))
    }
  })
})
