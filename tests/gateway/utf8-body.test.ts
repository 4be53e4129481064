import { describe, expect, it } from 'vitest'
import { utf8Body } from '../../gateway/http/utf8-body.js'

describe('utf8Body', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['ASCII JSON', JSON.stringify({ data: { cases: Array.from({ length: 50 }, (_, i) => ({ id: `510600:${i}`, state: 'DELIVERED' })) } })],
    ['a page with Chinese names (mostly ASCII)', JSON.stringify({ data: { name: '罗帆坤', unit: '成都市龙泉驿区行政审批局', id: '510623196408022938' } })],
    ['all Chinese: three bytes per unit, over the two-per-unit buffer', '营业执照设立登记'.repeat(500)],
    ['surrogate pairs: four bytes per two units', '𠀀𪚥😀'.repeat(300)],
    ['a lone surrogate becomes U+FFFD', `a\ud800b${'中'.repeat(10)}`],
  ]
  for (const [name, text] of cases) {
    it(`encodes ${name} exactly as Buffer.from does`, () => {
      const bytes = utf8Body(text)
      expect(Buffer.compare(bytes, Buffer.from(text, 'utf8'))).toBe(0)
      expect(bytes.length).toBe(Buffer.byteLength(text, 'utf8'))
    })
  }

  it('encodes a body over 1 Mi units too', () => {
    const text = `${'x'.repeat(1 << 20)}中`
    expect(Buffer.compare(utf8Body(text), Buffer.from(text, 'utf8'))).toBe(0)
  })
})
