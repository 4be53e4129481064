import { readFileSync } from 'node:fs'
import { createPublicKey, type KeyObject } from 'node:crypto'
import type { Command } from 'commander'
import { importJWK, type JWK } from 'jose'
import { verifyAudit } from '../audit/verify-audit.js'
import type { AuditCheckpoint, AuditEntry } from '../stores/case-store.js'

interface Source {
  file?: string
  redisUrl?: string
  gateway?: string
  token?: string
  key?: string
  json?: boolean
}

class UsageError extends Error {}

/** Reads the whole log: from an export file, straight from Redis, or from a gateway as an auditor. */
async function readLog(s: Source): Promise<{ entries: AuditEntry[]; checkpoints: AuditCheckpoint[] }> {
  if ([s.file, s.redisUrl, s.gateway].filter(Boolean).length !== 1) throw new UsageError('give exactly one of --file, --redis-url, --gateway')
  if (s.file) {
    const entries: AuditEntry[] = []
    const checkpoints: AuditCheckpoint[] = []
    for (const line of readFileSync(s.file, 'utf8').split('\n')) {
      if (!line.trim()) continue
      const record = JSON.parse(line) as { entry?: AuditEntry; checkpoint?: AuditCheckpoint }
      if (record.entry) entries.push(record.entry)
      if (record.checkpoint) checkpoints.push(record.checkpoint)
    }
    return { entries, checkpoints }
  }
  if (s.redisUrl) {
    const { createRedisStore } = await import('../stores/redis-store.js')
    const store = await createRedisStore({ url: s.redisUrl })
    try {
      const entries: AuditEntry[] = []
      for (let from = 1; ; from += 1000) {
        const page = await store.audit.read(from, 1000)
        entries.push(...page)
        if (page.length < 1000) break
      }
      return { entries, checkpoints: await store.audit.checkpoints() }
    } finally {
      await store.close()
    }
  }
  if (!s.token) throw new UsageError('--gateway needs --token (an auditor token)')
  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(s.gateway!, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` }, body: JSON.stringify({ query, variables }) })
    const body = (await res.json()) as { data?: any; errors?: { message: string }[] }
    if (body.errors?.length) throw new UsageError(`the gateway refused: ${body.errors[0]!.message}`)
    return body.data
  }
  const entries: AuditEntry[] = []
  for (let from = 1; ; from += 1000) {
    const page = (await ask('query($f: Int) { auditLog(from: $f, first: 1000) { seq type caseId at data prevHash hash } }', { f: from })).auditLog as (AuditEntry & { data: string })[]
    entries.push(...page.map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> })))
    if (page.length < 1000) break
  }
  return { entries, checkpoints: (await ask('{ auditCheckpoints { seq hash at jws } }')).auditCheckpoints }
}

async function readKey(s: Source): Promise<KeyObject | Uint8Array | undefined> {
  const source = s.key ?? (s.gateway ? new URL('/.well-known/jwks.json', s.gateway).href : undefined)
  if (!source) return undefined
  const text = /^https?:/.test(source) ? await (await fetch(source)).text() : readFileSync(source, 'utf8')
  if (text.includes('-----BEGIN')) return createPublicKey(text)
  const jwks = JSON.parse(text) as { keys?: JWK[] } & JWK
  return (await importJWK(jwks.keys ? jwks.keys[0]! : jwks, 'ES256')) as KeyObject | Uint8Array
}

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log')
  const sources = (c: Command) =>
    c
      .option('--file <jsonl>', 'an export made with `tongban audit export`')
      .option('--redis-url <url>', 'read the log straight from the gateway Redis')
      .option('--gateway <url>', 'read it from a gateway (GraphQL endpoint), as an auditor')
      .option('--token <jwt>', 'auditor token for --gateway')
  sources(audit.command('verify'))
    .description('check the chain and the signed checkpoints; says which entry was deleted, reordered or altered')
    .option('--key <pem|jwks|url>', "the gateway's public key (default for --gateway: its /.well-known/jwks.json)")
    .option('--json', 'print the verdict as JSON')
    .action(async (s: Source) => {
      try {
        const { entries, checkpoints } = await readLog(s)
        const key = await readKey(s)
        const verdict = await verifyAudit(entries, checkpoints, key)
        if (s.json) process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`)
        else {
          process.stdout.write(`${verdict.ok ? 'OK' : 'TAMPERED'}: ${verdict.entries} entries, ${verdict.checkpointsVerified}/${checkpoints.length} checkpoints verified${key ? '' : ' (no key given: signatures not checked)'}\n`)
          for (const p of verdict.problems) process.stdout.write(`  ${p.kind} at ${p.seq}: ${p.message}\n`)
        }
        process.exitCode = verdict.ok ? 0 : 1
      } catch (err) {
        process.stderr.write(`tongban audit verify: ${(err as Error).message}\n`)
        process.exitCode = err instanceof UsageError ? 64 : 2
      }
    })
  sources(audit.command('export'))
    .description('write the log and its checkpoints as JSON lines to standard output')
    .action(async (s: Source) => {
      try {
        const { entries, checkpoints } = await readLog(s)
        for (const entry of entries) process.stdout.write(`${JSON.stringify({ entry })}\n`)
        for (const checkpoint of checkpoints) process.stdout.write(`${JSON.stringify({ checkpoint })}\n`)
      } catch (err) {
        process.stderr.write(`tongban audit export: ${(err as Error).message}\n`)
        process.exitCode = err instanceof UsageError ? 64 : 2
      }
    })
}
