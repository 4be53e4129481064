import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { auditHash, canonicalJson, GENESIS_HASH } from '../../gateway/stores/audit-hash.js'

// The audit chain's bytes: every stored entry's hash depends on them, so they must never change.

describe('canonicalJson', () => {
  it('sorts keys at every level by UTF-16 code units and leaves undefined members out', () => {
    const value = { b: 1, a: { z: [3, { y: true, x: null }], é: '案', Z: 'upper', '😀': 'astral', 'ﬀ': 'bmp' }, c: undefined }
    // "😀" is a surrogate pair (0xD83D…), so it sorts before U+FB00 "ﬀ" by code units, though after it by code points.
    expect(canonicalJson(value)).toBe('{"a":{"Z":"upper","z":[3,{"x":null,"y":true}],"é":"案","😀":"astral","ﬀ":"bmp"},"b":1}')
  })

  it('writes leaves and arrays as JSON.stringify does, undefined in an array as null', () => {
    expect(canonicalJson([1.5, 'a"\n', null, undefined, false, -0, 1e21])).toBe(JSON.stringify([1.5, 'a"\n', null, null, false, -0, 1e21]))
    expect(canonicalJson('x')).toBe('"x"')
    expect(canonicalJson(undefined)).toBe('null')
  })

  it('sorts objects with many keys the same way (the path past the small-object sort)', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${(i * 7919) % 40}`)
    const value = Object.fromEntries(keys.map((k) => [k, k.length]))
    const expected = `{${[...keys].sort().map((k) => `"${k}":${k.length}`).join(',')}}`
    expect(canonicalJson(value)).toBe(expected)
    expect(JSON.parse(canonicalJson(value))).toEqual(value)
  })

  it('gives equal values one byte sequence, whatever order their keys were written in', () => {
    const a = { type: 'case.received', data: { materials: [{ name: '申请书', digest: 'f'.repeat(64) }], matter: 'TB-SCJG-002' }, at: '2026-11-26T10:00:00+08:00' }
    const b = { at: a.at, data: { matter: 'TB-SCJG-002', materials: [{ digest: 'f'.repeat(64), name: '申请书' }] }, type: 'case.received' }
    expect(canonicalJson(a)).toBe(canonicalJson(b))
  })
})

describe('auditHash', () => {
  it('is SHA-256 over the previous hash, a newline and the canonical entry with its seq', () => {
    const draft = { type: 'case.received', caseId: 'TB-1', at: '2026-11-26T10:00:00+08:00', data: { matter: 'TB-SCJG-002', competentRegion: '510100' } }
    const text = '{"at":"2026-11-26T10:00:00+08:00","caseId":"TB-1","data":{"competentRegion":"510100","matter":"TB-SCJG-002"},"seq":1,"type":"case.received"}'
    expect(auditHash(GENESIS_HASH, 1, draft)).toBe(createHash('sha256').update(`${GENESIS_HASH}\n${text}`).digest('hex'))
    expect(auditHash(GENESIS_HASH, 2, draft)).not.toBe(auditHash(GENESIS_HASH, 1, draft))
  })
})
