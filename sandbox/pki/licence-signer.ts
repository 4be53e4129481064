import { createSesSignature, createSignedOfd, signCms, signJws } from '../../signing/index.js'
import type { SeedLicence } from '../seed/seed-types.js'
import { licenceDocument } from './licence-document.js'
import type { CityPki } from './sandbox-pki.js'

/** A licence in every signed form a city publishes. Binary forms are base64. */
export interface SignedLicence {
  /** The signed bytes (canonical JSON), base64. */
  data: string
  jws: string
  /** Detached CMS SignedData (DER) over `data`. */
  cms: string
  /** GB/T 38540 SES_Signature over `data`, sealed with the city's seal. */
  seal: string
  /** A signed OFD document holding the licence (only where the city publishes OFD). */
  ofd: string | null
}

export interface LicenceSigner {
  sign(licence: SeedLicence): Promise<SignedLicence>
  /** True for the licences signed with the revoked key (the sandbox's key-compromise case). */
  compromised(licence: SeedLicence): boolean
}

/**
 * Signs a city's licences on first request and remembers them: signing hundreds of licences
 * in four formats at start-up would slow `npm start` and every test for nothing.
 * @param compromised local ids signed with the retired key after it was revoked
 */
export function createLicenceSigner(pki: CityPki, options: { compromised: ReadonlySet<string>; ofd: boolean }): LicenceSigner {
  const done = new Map<string, Promise<SignedLicence>>()
  const sign = async (l: SeedLicence): Promise<SignedLicence> => {
    const data = licenceDocument(l)
    const bad = options.compromised.has(l.localId)
    // Signed at 09:00 Beijing time on the day of issue; the compromised ones "now", after revocation.
    const signingTime = bad ? new Date() : new Date(`${l.issuedOn}T09:00:00+08:00`)
    const signer = bad ? pki.retired : pki.signer
    const chain = { certificate: signer.certificate, privateKey: signer.privateKey }
    const seal = { certificate: pki.sealSigner.certificate, privateKey: pki.sealSigner.privateKey }
    const typ = 'application/vnd.tongban.licence+json'
    const jws = pki.jws.certificate
      ? await signJws(data, bad ? pki.retired.privateKey : pki.jws.privateKey, { x5c: [bad ? pki.retired.certificate : pki.jws.certificate], typ })
      : await signJws(data, pki.jws.privateKey, { kid: pki.jws.kid, typ })
    return {
      data: Buffer.from(data).toString('base64'),
      jws,
      cms: Buffer.from(signCms(data, { ...chain, signingTime, pss: pki.code === '512000' })).toString('base64'),
      seal: Buffer.from(
        createSesSignature({ seal: pki.seal, signer: seal, data, propertyInfo: `licence/${l.region}:${l.localId}.json`, signingTime }),
      ).toString('base64'),
      ofd: options.ofd
        ? Buffer.from(createSignedOfd({ files: ofdFiles(l, data), seal: pki.seal, signer: seal, signingTime })).toString('base64')
        : null,
    }
  }
  return {
    sign(l) {
      let p = done.get(l.localId)
      if (!p) {
        p = sign(l)
        done.set(l.localId, p)
      }
      return p
    },
    compromised: (l) => options.compromised.has(l.localId),
  }
}

const NS = 'http://www.ofdspec.org/2016'

function ofdFiles(l: SeedLicence, data: Uint8Array): Record<string, Uint8Array | string> {
  const text = `${l.type} ${l.number} ${l.holderName} ${l.authority} ${l.issuedOn}`.replace(/[<&>]/g, '')
  return {
    'Doc_0/Document.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="${NS}"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages><ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments></ofd:Document>`,
    'Doc_0/Pages/Page_0/Content.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="${NS}"><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="10 10 180 10"><ofd:TextCode X="0" Y="8">${text}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`,
    'Doc_0/Attachs/licence.json': data,
  }
}
