/**
 * OFD documents (GB/T 33190-2016): a zip package whose signatures are listed in
 * Signatures.xml (§18.1); each Signature.xml names its SignedValue.dat (a GB/T 38540
 * SES_Signature whose dataHash covers the file named by propertyInfo, normally the
 * Signature.xml itself) and carries per-file check values for the signed files (§18.2.2).
 * We verify both, per signature. The XML is machine-written and we read only a handful of
 * elements, so a tolerant prefix-agnostic matcher is used rather than a full XML parser.
 */
import { createHash } from 'node:crypto'
import { unzipSync } from 'fflate'
import type { VerifyContext } from './context.js'
import { ReportBuilder, combine, formatFailure, type VerificationReport } from './report.js'
import { verifySesSignature } from './ses.js'
import { sm3 } from './sm3.js'

const MAX_ENTRY = 64 << 20
const MAX_TOTAL = 256 << 20

const unescapeXml = (s: string): string =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!)

function elements(xml: string, name: string): Array<{ attrs: string; body: string }> {
  const re = new RegExp(`<(?:[\\w.-]+:)?${name}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}>)`, 'g')
  return [...xml.matchAll(re)].map((m) => ({ attrs: m[1] ?? '', body: m[2] ?? '' }))
}
const text = (xml: string, name: string): string | undefined => {
  const e = elements(xml, name)[0]
  return e ? unescapeXml(e.body.trim()) : undefined
}
const attr = (attrs: string, name: string): string | undefined => {
  const m = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(attrs)
  return m ? unescapeXml(m[1]!) : undefined
}

/** OFD locations: absolute from the package root when they start with '/', else relative. */
export function resolveOfdPath(baseDir: string, loc: string): string {
  const parts = (loc.startsWith('/') ? loc : `${baseDir}/${loc}`).split('/')
  const out: string[] = []
  for (const p of parts) {
    if (p === '' || p === '.') continue
    if (p === '..') out.pop()
    else out.push(p)
  }
  return out.join('/')
}
const dirOf = (path: string): string => path.split('/').slice(0, -1).join('/')

function digestFor(method: string | undefined, bytes: Uint8Array): Uint8Array | undefined {
  const m = (method ?? 'SM3').toLowerCase()
  if (m === 'sm3' || m === '1.2.156.10197.1.401') return sm3(bytes)
  if (m === 'sha256' || m === 'sha-256' || m === '2.16.840.1.101.3.4.2.1') return createHash('sha256').update(bytes).digest()
  return undefined
}

interface SignatureEntry { signatureXml: string; path: string }

function listSignatures(files: Record<string, Uint8Array>): SignatureEntry[] | string {
  const read = (p: string): string | undefined => (files[p] ? Buffer.from(files[p]!).toString('utf8') : undefined)
  const ofdXml = read('OFD.xml')
  if (ofdXml === undefined) return 'the package has no OFD.xml'
  const out: SignatureEntry[] = []
  for (const body of elements(ofdXml, 'DocBody')) {
    const sigsLoc = text(body.body, 'Signatures')
    if (!sigsLoc) continue
    const sigsPath = resolveOfdPath('', sigsLoc)
    const sigsXml = read(sigsPath)
    if (sigsXml === undefined) return `Signatures file ${sigsPath} is missing`
    for (const s of elements(sigsXml, 'Signature')) {
      const base = attr(s.attrs, 'BaseLoc')
      if (!base) continue
      const path = resolveOfdPath(dirOf(sigsPath), base)
      const xml = read(path)
      if (xml === undefined) return `signature file ${path} is missing`
      out.push({ signatureXml: xml, path })
    }
  }
  if (out.length === 0) {
    // No Signatures.xml: fall back to the conventional layout Doc_N/Signs/Sign_N/Signature.xml.
    for (const p of Object.keys(files).sort()) {
      if (/(^|\/)Signs\/Sign_\d+\/Signature\.xml$/.test(p)) out.push({ signatureXml: read(p)!, path: p })
    }
  }
  return out
}

function verifyOne(ctx: VerifyContext, files: Record<string, Uint8Array>, entry: SignatureEntry): VerificationReport {
  const dir = dirOf(entry.path)
  const svLoc = text(entry.signatureXml, 'SignedValue')
  const svPath = svLoc ? resolveOfdPath(dir, svLoc) : `${dir}/SignedValue.dat`
  const signedValue = files[svPath]
  if (!signedValue) return formatFailure('SES_SIGNATURE', `The signed value ${svPath} named by ${entry.path} is missing.`)
  const refs = elements(entry.signatureXml, 'References')[0]
  const method = refs ? attr(refs.attrs, 'CheckMethod') : undefined
  const checkRefs = (report: ReportBuilder): void => {
    let failed = 0, count = 0
    for (const r of elements(refs?.body ?? '', 'Reference')) {
      count++
      const ref = attr(r.attrs, 'FileRef')
      const expected = text(r.body, 'CheckValue')
      const file = ref ? files[resolveOfdPath(dir, ref)] : undefined
      const actual = file ? digestFor(method, file) : undefined
      const ok = !!actual && !!expected && Buffer.compare(actual, Buffer.from(expected, 'base64')) === 0
      if (!ok) {
        failed++
        report.check(`reference ${ref ?? '?'}`, false, file ? 'check value differs' : 'file missing')
      }
    }
    if (report.check('document references', failed === 0, `${count - failed}/${count} files match (${method ?? 'SM3'})`)) return
    report.fail('HASH_FAILURE', `${failed} file(s) of the document were changed after signing.`)
  }
  const r = verifySesSignature(ctx, signedValue, (propertyInfo) => files[resolveOfdPath(dir, propertyInfo)], checkRefs)
  r.checks.unshift({ name: 'OFD signature', passed: true, detail: entry.path })
  return r
}

/** Verifies every signature of an OFD package; never throws for bad bytes. */
export function verifyOfd(ctx: VerifyContext, zip: Uint8Array): VerificationReport {
  let files: Record<string, Uint8Array>
  try {
    let total = 0
    files = unzipSync(zip, {
      filter: (f) => {
        total += f.originalSize
        if (f.originalSize > MAX_ENTRY || total > MAX_TOTAL) throw new Error('package too large')
        return !f.name.endsWith('/')
      },
    })
  } catch (e) {
    return formatFailure('OFD', `The input is not a readable OFD package (${(e as Error).message}).`)
  }
  const entries = listSignatures(files)
  if (typeof entries === 'string') return formatFailure('OFD', `The OFD package is malformed: ${entries}.`)
  if (entries.length === 0) return formatFailure('OFD', 'The OFD document contains no signatures.')
  const reports: VerificationReport[] = []
  for (const e of entries) reports.push(verifyOne(ctx, files, e))
  const head = combine(reports)
  const summary = new ReportBuilder('OFD')
  summary.check('signatures', true, `${reports.length} signature(s)`)
  const ok = reports.every((r) => r.indication === 'TOTAL_PASSED')
  return {
    ...head, format: 'OFD', checks: [...summary.checks, ...reports.flatMap((r, i) => r.checks.map((c) => ({ ...c, name: `#${i + 1} ${c.name}` })))],
    signatures: reports,
    reason: ok ? `All ${reports.length} signature(s) of the OFD document are valid.` : head.reason,
  }
}
