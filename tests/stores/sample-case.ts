import { createHash, randomBytes } from 'node:crypto'
import type { RemoteCase } from '../../gateway/acceptance/remote-case.js'
import type { AuditDraft, Commit } from '../../gateway/stores/case-store.js'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
let lastMs = 0, serial = 0

/** `TB-` + a ULID-shaped id, strictly increasing within the process (creation order = id order). */
export function newCaseId(): string {
  const ms = Date.now()
  serial = ms === lastMs ? serial + 1 : 0
  lastMs = ms
  let time = '', t = ms
  for (let i = 0; i < 10; i++) { time = CROCKFORD[t % 32]! + time; t = Math.floor(t / 32) }
  let tail = serial.toString(32).toUpperCase().padStart(6, '0')
  const rnd = randomBytes(10)
  for (let i = 0; i < 10; i++) tail += CROCKFORD[rnd[i]! % 32]
  return `TB-${time}${tail}`
}

export interface SampleCaseOptions {
  id?: string
  acceptingRegion?: string
  acceptingWindow?: string
  competentRegion?: string
  version?: number
}

/** A remote-acceptance case about 2 KB as JSON, as the acceptance workflow writes one. */
export function sampleCase(o: SampleCaseOptions = {}): RemoteCase {
  const id = o.id ?? newCaseId()
  const at = new Date().toISOString()
  const competent = o.competentRegion ?? '510100'
  const digest = (s: string): string => createHash('sha256').update(s).digest('hex')
  return {
    id,
    idempotencyKey: `key-${id}`,
    requestHash: digest(`request ${id}`),
    matterCode: '11510100MB1520011X4000111017000',
    mode: 'REMOTE_INTAKE',
    applicant: { kind: 'PERSON', name: '张三', idNumber: '51140219900307001X', phone: '13800000000' },
    facts: { householdRegistration: '510104', residence: '511402' },
    accepting: { region: o.acceptingRegion ?? '511400', window: o.acceptingWindow ?? 'MS-DP-01', subject: 'clerk-0001' },
    competentRegion: competent,
    steps: [{
      order: 1, name: '受理', region: competent, state: 'RECEIVED', localId: null,
      delivery: { status: 'PENDING', attempts: 0, lastError: null, nextAttemptAt: null }, compensation: null,
    }],
    materials: [
      { name: '居民身份证', kind: 'CERTIFICATE', certificateId: 'LIC-510104-0001', format: 'JWS', digest: digest(`a ${id}`), indication: 'TOTAL_PASSED' },
      { name: '户口簿', kind: 'CERTIFICATE', certificateId: null, format: 'SES_SIGNATURE', digest: digest(`b ${id}`), indication: 'TOTAL_PASSED' },
      { name: '申请表', kind: 'FILE', certificateId: null, format: null, digest: digest(`c ${id}`), indication: null },
    ],
    state: 'RECEIVED',
    history: [{ state: 'RECEIVED', at, note: '异地代收代办: accepted at window MS-DP-01 (511400); competent by household registration 510104 → 510100', source: 'gateway', step: null }],
    receivedAt: at,
    // Receipts are compact JWS; this stands in for one of realistic size.
    receipt: `eyJhbGciOiJFUzI1NiIsImtpZCI6InJlY2VpcHQtMSJ9.${randomBytes(600).toString('base64url')}.${randomBytes(64).toString('base64url')}`,
    version: o.version ?? 1,
  }
}

export function receivedDraft(c: RemoteCase): AuditDraft {
  return { type: 'case.received', caseId: c.id, at: c.receivedAt, data: { matter: c.matterCode, competentRegion: c.competentRegion, requestHash: c.requestHash } }
}

/** The commit that accepts a new case: case + idempotency key + one outbox message + one audit entry. */
export function acceptCommit(c: RemoteCase, requestHash = c.requestHash): Commit {
  return {
    idempotency: { key: c.idempotencyKey, requestHash, caseId: c.id },
    cases: [{ value: c, expectedVersion: null }],
    enqueue: [{ message: { caseId: c.id, step: 1, region: c.competentRegion, kind: 'deliver', attempt: 0 } }],
    audit: [receivedDraft(c)],
  }
}
