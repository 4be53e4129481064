/**
 * Masking of personal data for callers who may not read it, in the form Chinese public
 * notices use: the area of first registration and the last four characters of an id number
 * stay (enough to tell two people apart on a receipt), the rest is starred.
 */

/** `510107199001011234` → `510107********1234`; anything shorter than 11 characters is fully starred. */
export function maskIdNumber(id: string): string {
  if (id.length < 11) return '*'.repeat(id.length)
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`
}

/** `张三丰` → `张**`: the family name stays, as on public notices. */
export function maskPersonName(name: string): string {
  const chars = [...name]
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`
}

interface LicenceLike {
  holder: { name: string; idNumber: string; kind: string }
  signed: unknown
}

/**
 * A licence record as the public may see it beside a verification: who issued it, what it is,
 * its validity and status. A person's name and id number are masked (an enterprise's name and
 * credit code are public record, 企业信息公示); the signed forms, which carry the holder in
 * clear, are withheld.
 */
export function publicLicenceView<T extends LicenceLike>(record: T): T {
  const person = record.holder.kind === 'PERSON'
  return {
    ...record,
    holder: person ? { ...record.holder, name: maskPersonName(record.holder.name), idNumber: maskIdNumber(record.holder.idNumber) } : record.holder,
    signed: null,
  }
}
