import { describe, expect, it } from 'vitest'
import { FederationError } from '../../federation/index.js'
import { decodeCursor, encodeCursor } from '../../federation/execute/page-cursor.js'

describe('page cursors', () => {
  it('round-trips per-region positions', () => {
    const positions = { '510100': { cursor: 'YXJyYXljb25uZWN0aW9uOjQ=' }, '510600': { offset: 40 } }
    expect(decodeCursor(encodeCursor(positions))).toEqual(positions)
  })

  it.each(['not a cursor!', Buffer.from('{"v":2,"p":{}}').toString('base64url'), Buffer.from('{"v":1,"p":{"510100":{"o":-1}}}').toString('base64url'), Buffer.from('{"v":1,"p":{"x":{"o":1}}}').toString('base64url'), 'A'.repeat(5000)])(
    'rejects %s with INVALID_CURSOR',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrowError(expect.objectContaining({ code: 'INVALID_CURSOR' }) as unknown as FederationError)
    },
  )
})
