import type { AuditCheckpoint, AuditEntry, AuditLog } from './case-store.js'
import { StoreError } from './errors.js'
import { parseHead } from './redis-commit-args.js'
import type { RedisKeys } from './redis-keys.js'
import type { RedisLink } from './redis-link.js'
import { defineScript, type ScriptRunner } from './redis-scripts.js'

/**
 * Appends a checkpoint only if the entry it names exists with that hash. KEYS: [1] audit log,
 * [2] checkpoints. ARGV: [1] seq (≥ 1: LINDEX counts negative indexes from the end),
 * [2] hash, [3] checkpoint JSON. Returns 1, or 0 when it names no such entry.
 */
export const CHECKPOINT_SCRIPT = defineScript('checkpoint', `#!lua
local raw = redis.call('LINDEX', KEYS[1], tonumber(ARGV[1]) - 1)
if not raw then return 0 end
local entry = cjson.decode(raw)
if entry.seq ~= tonumber(ARGV[1]) or entry.hash ~= ARGV[2] then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[3])
return 1
`)

const parse = <T>(raw: unknown, what: string): T => {
  try {
    return JSON.parse(String(raw)) as T
  } catch (err) {
    throw new StoreError('STORE_CORRUPT', `${what} is not JSON`, { cause: err })
  }
}

/**
 * The audit log on Redis: entries in a list, element i holding entry seq i + 1 (the commit
 * script appends a batch's entries with one RPUSH, after checking that the list is as long as
 * the head's seq says); the head (`seq:hash`) in its own key; checkpoints in a list.
 */
export function createRedisAudit(o: {
  link: RedisLink
  scripts: ScriptRunner
  keys: RedisKeys
  guard: <T>(what: string, fn: () => Promise<T>) => Promise<T>
}): AuditLog {
  const { link, keys, guard } = o
  return {
    head: () => guard('audit head', async () => parseHead(await link.send(['GET', keys.auditHead]))),
    read: (from, count) => guard('audit read', async () => {
      if (count <= 0) return []
      const start = Math.max(1, Math.floor(from))
      const raw = await link.send(['LRANGE', keys.auditLog, String(start - 1), String(start - 2 + Math.floor(count))]) as string[]
      return raw.map((s, i) => {
        const e = parse<AuditEntry>(s, 'audit entry')
        if (e.seq !== start + i) throw new StoreError('STORE_CORRUPT', `audit log position ${start + i} holds seq ${e.seq}`)
        return e
      })
    }),
    addCheckpoint: (c) => guard('audit checkpoint', async () => {
      const ok = Number.isSafeInteger(c.seq) && c.seq >= 1 && await o.scripts.run(CHECKPOINT_SCRIPT, [keys.auditLog, keys.checkpoints], [String(c.seq), c.hash, JSON.stringify(c)])
      if (ok !== 1) throw new StoreError('INVALID_CHECKPOINT', `checkpoint names seq ${c.seq}, which has no entry with that hash`)
    }),
    checkpoints: () => guard('audit checkpoints', async () => {
      const list = await link.send(['LRANGE', keys.checkpoints, '0', '-1']) as string[]
      return list.map((s) => parse<AuditCheckpoint>(s, 'audit checkpoint'))
    }),
  }
}
