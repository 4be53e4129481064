/**
 * A minimal signed OFD package (GB/T 33190): content files, Signatures.xml, a Signature.xml with
 * SM3 check values for every file, and SignedValue.dat = SES_Signature over Signature.xml.
 */
import type { KeyObject } from 'node:crypto'
import { zipSync } from 'fflate'
import { sm3 } from '../sm3.js'
import { createSesSignature } from './ses-signature.js'

export interface OfdRequest {
  /** Content files by package path; a one-page document when omitted. */
  files?: Record<string, Uint8Array | string>
  seal: Uint8Array
  signer: { certificate: string | Uint8Array; privateKey: KeyObject }
  signingTime?: Date
}

const NS = 'http://www.ofdspec.org/2016'
const enc = (s: string | Uint8Array): Uint8Array => (typeof s === 'string' ? Buffer.from(s) : s)

/**
 * @returns the OFD zip bytes
 * @throws KEY_INVALID for unsupported keys
 * @example
 * const ofd = createSignedOfd({ seal, signer: { certificate, privateKey } })
 */
export function createSignedOfd(req: OfdRequest): Uint8Array {
  const files: Record<string, Uint8Array> = {}
  const content = req.files ?? {
    'Doc_0/Document.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="${NS}"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`,
    'Doc_0/Pages/Page_0/Content.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="${NS}"><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="10 10 100 10"><ofd:TextCode X="0" Y="8">营业执照 Business licence</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`,
  }
  for (const [p, v] of Object.entries(content)) files[p] = enc(v)
  files['OFD.xml'] = enc(`<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="${NS}" DocType="OFD" Version="1.1"><ofd:DocBody><ofd:DocInfo><ofd:DocID>tongban</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>`)
  files['Doc_0/Signs/Signatures.xml'] = enc(`<?xml version="1.0" encoding="UTF-8"?><ofd:Signatures xmlns:ofd="${NS}"><ofd:MaxSignId>1</ofd:MaxSignId><ofd:Signature ID="1" Type="Seal" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>`)
  const refs = Object.keys(files).filter((p) => !p.startsWith('Doc_0/Signs/')).sort()
    .map((p) => `<ofd:Reference FileRef="/${p}"><ofd:CheckValue>${Buffer.from(sm3(files[p]!)).toString('base64')}</ofd:CheckValue></ofd:Reference>`).join('')
  const signatureXml = enc(`<?xml version="1.0" encoding="UTF-8"?><ofd:Signature xmlns:ofd="${NS}"><ofd:SignedInfo><ofd:Provider ProviderName="tongban"/><ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod><ofd:References CheckMethod="1.2.156.10197.1.401">${refs}</ofd:References></ofd:SignedInfo><ofd:SignedValue>/Doc_0/Signs/Sign_0/SignedValue.dat</ofd:SignedValue></ofd:Signature>`)
  files['Doc_0/Signs/Sign_0/Signature.xml'] = signatureXml
  files['Doc_0/Signs/Sign_0/SignedValue.dat'] = createSesSignature({
    seal: req.seal, signer: req.signer, data: signatureXml, propertyInfo: '/Doc_0/Signs/Sign_0/Signature.xml',
    ...(req.signingTime ? { signingTime: req.signingTime } : {}),
  })
  return zipSync(files)
}
