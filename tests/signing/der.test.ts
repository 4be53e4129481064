import { describe, expect, it } from 'vitest'
import { bitString, children, int, oid, parseDer, readOid, readTime, readUnsigned, seq, setOf, x509Time, octets } from '../../signing/der.js'
import { SigningError } from '../../signing/index.js'

describe('der', () => {
  it('round-trips OIDs, integers, times and SET OF ordering', () => {
    expect(readOid(parseDer(oid('1.2.156.10197.1.501')))).toBe('1.2.156.10197.1.501')
    expect(Buffer.from(readUnsigned(parseDer(int(0x80n)))).toString('hex')).toBe('80')
    expect(Buffer.from(int(0x80n)).toString('hex')).toBe('02020080')
    const d = new Date(Date.UTC(2051, 0, 2, 3, 4, 5))
    expect(readTime(parseDer(x509Time(d))).getTime()).toBe(d.getTime())
    const s = setOf(octets(Uint8Array.of(2)), octets(Uint8Array.of(1)))
    expect(children(parseDer(s)).map((c) => c.buf[c.body])).toEqual([1, 2])
    expect(parseDer(seq(bitString(Uint8Array.of(1)))).tag).toBe(0x30)
  })
  it('rejects BER-only and malformed encodings with FORMAT_FAILURE', () => {
    for (const bad of [[0x30, 0x80, 0, 0], [0x30, 0x81, 0x05, 1, 2, 3, 4, 5], [0x30, 0x05, 1], [0x04, 0x01, 0x00, 0x00], [0x1f, 0x01, 0x00]]) {
      expect(() => parseDer(Uint8Array.from(bad))).toThrow(SigningError)
    }
  })
})
