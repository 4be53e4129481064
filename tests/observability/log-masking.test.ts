import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../gateway/logger.js'
import { maskSensitive } from '../../gateway/observability/mask-identity.js'

/** A logger writing into an array of parsed lines (and the raw text, to search). */
function capture() {
  let text = ''
  const destination = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString()
      cb()
    },
  })
  const logger = createLogger({ level: 'debug', destination })
  return { logger, text: () => text, lines: () => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) }
}

// Valid check characters (GB 11643 / GB 32100), and one mistyped: all are personal.
const RESIDENT = '510107199001011234'
const RESIDENT_X = '51010719800101123X'
const RESIDENT_LOWER_X = '51010719800101123x'
const CREDIT_CODE = '91510107MA6CD0001J'
const MISTYPED = '510107199001011235'
const JWT = 'eyJhbGciOiJFUzI1NiIsImtpZCI6InRlc3QifQ.eyJzdWIiOiJ3aW5kb3ctY2xlcmtANTExNDAwIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU'
const PEM = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----'
const SECRETS = [RESIDENT, RESIDENT_X, RESIDENT_LOWER_X, CREDIT_CODE, MISTYPED, JWT, 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg', 's3cr3t-password']

describe('log lines carry no secrets and no identity numbers', () => {
  it('masks identity numbers and redacts tokens anywhere in logged objects and messages', () => {
    const { logger, text, lines } = capture()
    logger.info({ applicant: { idNumber: RESIDENT, name: '张三' }, holderId: CREDIT_CODE }, 'accepted')
    logger.info({ variables: { filter: { applicantIdNumber: RESIDENT_X } }, list: [RESIDENT_LOWER_X, `身份证号${MISTYPED}号`] }, `lookup of ${RESIDENT} failed`)
    logger.warn({ headers: { authorization: `Bearer ${JWT}`, cookie: 'sid=abc' }, token: JWT, nested: { token: JWT, password: 's3cr3t-password' } }, 'auth')
    logger.error({ err: new Error(`city rejected ${CREDIT_CODE} with token ${JWT}`) }, 'delivery failed')
    logger.info({ yoga: [`Authorization: Bearer ${JWT}`, { receipt: JWT }] }, 'yoga')
    logger.info({ key: PEM, privateKey: PEM }, `key:\n${PEM}`)
    logger.info(`multi-line:\n${RESIDENT}\tand\r${CREDIT_CODE}`)

    const out = text()
    for (const secret of SECRETS) expect(out).not.toContain(secret)
    expect(out).not.toContain('BEGIN PRIVATE KEY')
    expect(out).not.toContain('sid=abc')
    // The masked form keeps the area code and the last four, as the API does for the public.
    const [first, second] = lines()
    expect(first!.applicant).toEqual({ idNumber: '510107********1234', name: '张三' })
    expect(first!.holderId).toBe('915101********001J')
    expect(second!.msg).toBe('lookup of 510107********1234 failed')
    expect(second!.list).toEqual(['510107********123x', '身份证号510107********1235号'])
    // Every line is still valid JSON (parsing above would have thrown).
    expect(lines()).toHaveLength(7)
  })

  it('leaves other numbers and ids alone', () => {
    const kept = [
      '51060020261119000300', // a 20-digit local case id
      '510600:DYZZ2026000200', // a region-qualified licence id
      'TB-01JD8R5ZQ4M8X0W2Y6V9K3N7PA', // a gateway case id
      '5f0c2f1e-93a4-4b77-9e21-0c5d3a1b2c3d', // a request id
      '4bf92f3577b34da6a3ce929d0e0e4736', // a trace id
      '1732500000000', // epoch ms
      '5101071990', // too short
    ]
    for (const k of kept) expect(maskSensitive(`value ${k} here`)).toBe(`value ${k} here`)
  })

  it('masks a number next to Chinese text or JSON escapes, not inside a longer run', () => {
    expect(maskSensitive(`申请人${RESIDENT}。`)).toBe('申请人510107********1234。')
    expect(maskSensitive(`"a\\n${RESIDENT}"`)).toBe('"a\\n510107********1234"')
    expect(maskSensitive(`x${RESIDENT}`)).toBe(`x${RESIDENT}`)
    expect(maskSensitive(`${RESIDENT}0`)).toBe(`${RESIDENT}0`)
  })
})
