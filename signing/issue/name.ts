/** X.501 Name encoding for issued certificates (RFC 5280 §4.1.2.4). */
import { oid, printableString, seq, setOf, utf8String } from '../der.js'
import { SigningError } from '../errors.js'

const ATTR: Record<string, string> = {
  C: '2.5.4.6', ST: '2.5.4.8', L: '2.5.4.7', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3', serialNumber: '2.5.4.5',
}

/** Attributes in X.500 order, e.g. `{ C: 'CN', O: '成都市数据局', CN: 'Chengdu Root' }`. */
export type DistinguishedName = Readonly<Record<string, string>>

export function encodeName(dn: DistinguishedName): Uint8Array {
  return seq(...Object.entries(dn).map(([k, v]) => {
    const id = ATTR[k]
    if (!id) throw new SigningError('INVALID_ARGUMENT', `unknown name attribute ${k}`)
    // countryName and serialNumber are PrintableString (RFC 5280 Appendix A); the rest UTF8String.
    return setOf(seq(oid(id), k === 'C' || k === 'serialNumber' ? printableString(v) : utf8String(v)))
  }))
}
