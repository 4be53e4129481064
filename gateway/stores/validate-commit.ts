import type { Commit } from './case-store.js'
import { StoreError } from './errors.js'

/**
 * Checks what both stores rely on before anything is written, so a malformed commit fails the
 * same way in memory and in Redis and never half-applies.
 * @throws StoreError `INVALID_COMMIT`
 */
export function validateCommit(c: Commit): void {
  const bad = (why: string): never => { throw new StoreError('INVALID_COMMIT', `invalid commit: ${why}`) }
  if (c.idempotency) {
    const { key, requestHash, caseId } = c.idempotency
    if (!key || !requestHash || !caseId) bad('idempotency needs key, requestHash and caseId')
    // The Redis store keeps "caseId\nrequestHash" per key.
    if (caseId.includes('\n')) bad('idempotency caseId contains a newline')
  }
  const ids = new Set<string>()
  for (const { value, expectedVersion } of c.cases) {
    if (typeof value.id !== 'string' || !value.id) bad('case without id')
    // Case change announcements carry ids one per line.
    if (value.id.includes('\n')) bad('case id contains a newline')
    // The Redis store keeps these newline-separated beside the document.
    if ([value.accepting?.region, value.accepting?.window, value.competentRegion].some((x) => typeof x !== 'string' || x.includes('\n'))) {
      bad(`case ${value.id}: accepting region, window and competent region must be strings without newlines`)
    }
    if (ids.has(value.id)) bad(`case ${value.id} written twice`)
    ids.add(value.id)
    if (expectedVersion !== null && !(Number.isInteger(expectedVersion) && expectedVersion >= 1)) {
      bad(`case ${value.id}: expectedVersion ${expectedVersion}`)
    }
    if (value.version !== (expectedVersion ?? 0) + 1) {
      bad(`case ${value.id}: version ${value.version} does not follow expected version ${expectedVersion}`)
    }
  }
  for (const { message, dueAt } of c.enqueue) {
    if (!message.region || !message.caseId) bad('outbox message without region or caseId')
    if (dueAt !== undefined && !Number.isFinite(dueAt)) bad(`dueAt ${dueAt}`)
  }
  for (const a of c.audit) if (!a.type || !a.at) bad('audit draft without type or at')
}
