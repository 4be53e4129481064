import { describe, expect, it } from 'vitest'
import { toCanonicalDate, toCanonicalDateTime, toLocalDateTime } from '../../federation/translate/time-formats.js'

describe('time formats', () => {
  it('reads each city format as Beijing time', () => {
    expect(toCanonicalDateTime('yyyyMMddHHmmss', '20250304093000')).toBe('2025-03-04T09:30:00+08:00')
    expect(toCanonicalDateTime('yyyy-MM-dd HH:mm:ss', '2025-03-04 09:30:00')).toBe('2025-03-04T09:30:00+08:00')
    expect(toCanonicalDateTime('iso8601', '2025-03-04T01:30:00Z')).toBe('2025-03-04T09:30:00+08:00')
    expect(toCanonicalDateTime('epochMillis', Date.UTC(2025, 2, 4, 1, 30))).toBe('2025-03-04T09:30:00+08:00')
    expect(toCanonicalDateTime('epochSeconds', Date.UTC(2025, 2, 4, 1, 30) / 1000)).toBe('2025-03-04T09:30:00+08:00')
  })

  it('crosses midnight correctly for dates from instants', () => {
    // 2025-03-03T20:00Z is already 4 March in Beijing.
    expect(toCanonicalDate('epochMillis', Date.UTC(2025, 2, 3, 20))).toBe('2025-03-04')
    expect(toCanonicalDate('yyyyMMdd', '20250304')).toBe('2025-03-04')
  })

  it.each([
    ['yyyyMMddHHmmss', '20250230093000'],
    ['yyyyMMddHHmmss', '2025030409300'],
    ['yyyy-MM-dd HH:mm:ss', '2025-03-04T09:30:00'],
    ['iso8601', '2025-03-04'],
    ['epochMillis', 'soon'],
  ])('refuses malformed %s value %s', (format, raw) => {
    expect(toCanonicalDateTime(format, raw)).toBeUndefined()
  })

  it('writes canonical times back in each local format', () => {
    const iso = '2025-03-04T09:30:00+08:00'
    expect(toLocalDateTime('yyyyMMddHHmmss', iso)).toBe('20250304093000')
    expect(toLocalDateTime('yyyy-MM-dd HH:mm:ss', iso)).toBe('2025-03-04 09:30:00')
    expect(toLocalDateTime('epochMillis', iso)).toBe(Date.UTC(2025, 2, 4, 1, 30))
    for (const f of ['yyyyMMddHHmmss', 'yyyy-MM-dd HH:mm:ss', 'iso8601', 'epochMillis', 'epochSeconds']) {
      expect(toCanonicalDateTime(f, toLocalDateTime(f, iso))).toBe(iso)
    }
  })
})
