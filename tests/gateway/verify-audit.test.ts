import { spawnSync } from 'node:child_process'
import { createPublicKey } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ephemeralReceiptKey } from '../../gateway/acceptance/receipt-key.js'
import { signCheckpoint } from '../../gateway/audit/checkpointer.js'
import { verifyAudit } from '../../gateway/audit/verify-audit.js'
import { chainEntries } from '../../gateway/stores/audit-chain.js'
import { GENESIS_HASH } from '../../gateway/stores/audit-hash.js'
import type { AuditEntry } from '../../gateway/stores/case-store.js'

const drafts = Array.from({ length: 8 }, (_, i) => ({ type: i % 2 ? 'step.state' : 'case.received', caseId: `TB-${i}`, at: `2026-11-25T10:0${i}:00+08:00`, data: { n: i } }))
const chain = () => chainEntries({ seq: 0, hash: GENESIS_HASH }, drafts)

describe('audit verification', () => {
  it('accepts an intact chain and its checkpoint', async () => {
    const key = await ephemeralReceiptKey()
    const entries = chain()
    const checkpoint = await signCheckpoint(entries[7]!, key)
    expect(await verifyAudit(entries, [checkpoint], key.privateKey)).toEqual({ ok: true, entries: 8, checkpointsVerified: 1, problems: [] })
  })

  it.each<[string, (e: AuditEntry[]) => AuditEntry[], string, number]>([
    ['a deleted entry', (e) => e.filter((x) => x.seq !== 3), 'DELETED', 3],
    ['two entries swapped', (e) => [...e.slice(0, 3), e[4]!, e[3]!, ...e.slice(5)], 'REORDERED', 4],
    ['an altered entry', (e) => e.map((x) => (x.seq === 2 ? { ...x, data: { n: 99 } } : x)), 'ALTERED', 2],
  ])('names %s', async (_, tamper, kind, seq) => {
    const verdict = await verifyAudit(tamper(chain()), [], undefined)
    expect(verdict.ok).toBe(false)
    expect(verdict.problems[0]).toMatchObject({ kind, seq })
  })

  it('catches a rewrite that recomputed every hash, through the signed checkpoint', async () => {
    const key = await ephemeralReceiptKey()
    const honest = chain()
    const checkpoint = await signCheckpoint(honest[7]!, key)
    // Drop entry 3 and re-chain everything: the chain is self-consistent again…
    const rewritten = chainEntries({ seq: 0, hash: GENESIS_HASH }, drafts.filter((_, i) => i !== 2).concat([drafts[0]!]))
    expect((await verifyAudit(rewritten, [], undefined)).ok).toBe(true)
    // …but not what the gateway signed.
    const verdict = await verifyAudit(rewritten, [checkpoint], key.privateKey)
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'CHECKPOINT_MISMATCH', seq: 8 })])
  })

  it('refuses a checkpoint signed by another key', async () => {
    const entries = chain()
    const forged = await signCheckpoint(entries[7]!, await ephemeralReceiptKey())
    const verdict = await verifyAudit(entries, [forged], (await ephemeralReceiptKey()).privateKey)
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'CHECKPOINT_FORGED' })])
  })

  it('tongban audit verify reads an export and says which entry was altered', async () => {
    const key = await ephemeralReceiptKey()
    const dir = mkdtempSync(join(tmpdir(), 'tongban-audit-'))
    const entries = chain()
    const checkpoint = await signCheckpoint(entries[7]!, key)
    const write = (name: string, list: AuditEntry[]) => {
      const file = join(dir, name)
      writeFileSync(file, [...list.map((entry) => JSON.stringify({ entry })), JSON.stringify({ checkpoint })].join('\n'))
      return file
    }
    const pub = join(dir, 'gateway.pem')
    writeFileSync(pub, createPublicKey(key.privateKey).export({ format: 'pem', type: 'spki' }) as string)
    const main = fileURLToPath(new URL('../../gateway/cli/main.ts', import.meta.url))
    const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', main, 'audit', 'verify', '--file', file, '--key', pub], { encoding: 'utf8' })
    const ok = run(write('ok.jsonl', entries))
    expect(ok.status, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/^OK: 8 entries, 1\/1 checkpoints verified/)
    const bad = run(write('bad.jsonl', entries.map((x) => (x.seq === 5 ? { ...x, caseId: 'TB-forged' } : x))))
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/ALTERED at 5: entry 5 was altered/)
  }, 30_000)
})
