/**
 * Verifications per second per core, per format: our verifier warm (caches filled) and cold
 * (fresh verifier, process caches cleared) beside the raw node:crypto verify of the same
 * algorithm over the same bytes, in the same run. Run: node --import tsx bench/signing.bench.ts
 * Targets (issue 3): JWS and CMS warm ≥ 0.7× raw; GB/T 38540 SM2 seal ≥ 1,500/s.
 */
import { createVerify, verify as nodeVerify, type KeyObject } from 'node:crypto'
import {
  clearSigningCaches, createSesSignature, createVerifier, parseCertificate, sm2Z, type Verifier, type VerifyInput,
} from '../signing/index.js'
import { makePki } from '../tests/fixtures/pki.js'

const pki = makePki()
const crls = [pki.emptyCrl(pki.chengduRoot), pki.emptyCrl(pki.chengduSub), pki.emptyCrl(pki.meishanRoot), pki.emptyCrl(pki.deyangRoot)]
const newVerifier = (): Verifier => createVerifier({ trust: pki.regions, offline: true, crls, revocation: 'require' })

async function rate(fn: () => unknown, ms: number): Promise<number> {
  let n = 0
  const end = performance.now() + ms
  const t0 = performance.now()
  while (performance.now() < end) { for (let i = 0; i < 20; i++) await fn(); n += 20 }
  return n / ((performance.now() - t0) / 1000)
}

function rawEcdsaJws(jws: string, key: KeyObject, hash: string, p1363: boolean): () => boolean {
  const [h, p, s] = jws.split('.')
  const data = Buffer.from(`${h}.${p}`), sig = Buffer.from(s!, 'base64url')
  return () => nodeVerify(hash, data, p1363 ? { key, dsaEncoding: 'ieee-p1363' } : key, sig)
}
/** Raw verify of a signature over the same number of bytes as the CMS signed attributes. */
function rawOver(len: number, sign: (d: Buffer) => Buffer, verify: (d: Buffer, s: Buffer) => boolean): () => boolean {
  const d = Buffer.alloc(len, 7), s = sign(d)
  return () => verify(d, s)
}
const sm2Raw = (point: Uint8Array, key: KeyObject, data: Uint8Array, sig: Uint8Array) =>
  () => createVerify('sm3').update(sm2Z(point)).update(data).verify(key, sig)

const { sign } = await import('node:crypto')
const seal = pki.seal()
const signer = { certificate: pki.deyangSigner.pem, privateKey: pki.deyangSigner.privateKey }
const ses = createSesSignature({ seal, signer, data: pki.data, propertyInfo: '/Doc_0/Signs/Sign_0/Signature.xml' })
const sm2Leaf = parseCertificate(pki.deyangSigner.pem)

const jwsEs = await pki.jws(pki.meishanLeaf)
const jwsRs = await pki.jws(pki.chengduLeaf, [pki.chengduSub])
const cases: Array<{ name: string; input: VerifyInput; raw: () => unknown; rawName: string }> = [
  { name: 'JWS ES256 (x5c)', input: { jws: jwsEs }, raw: rawEcdsaJws(jwsEs, pki.meishanLeaf.publicKey, 'sha256', true), rawName: 'crypto.verify ES256' },
  { name: 'JWS RS256 (x5c, 3-cert chain)', input: { jws: jwsRs }, raw: rawEcdsaJws(jwsRs, pki.chengduLeaf.publicKey, 'sha256', false), rawName: 'crypto.verify RS256' },
  { name: 'CMS RSA PKCS#1 v1.5', input: { cms: pki.cms(pki.chengduLeaf, [pki.chengduSub]), data: pki.data },
    raw: rawOver(110, (d) => sign('sha256', d, pki.chengduLeaf.privateKey), (d, s) => nodeVerify('sha256', d, pki.chengduLeaf.publicKey, s)), rawName: 'crypto.verify RSA' },
  { name: 'CMS ECDSA P-256', input: { cms: pki.cms(pki.meishanLeaf), data: pki.data },
    raw: rawOver(110, (d) => sign('sha256', d, pki.meishanLeaf.privateKey), (d, s) => nodeVerify('sha256', d, pki.meishanLeaf.publicKey, s)), rawName: 'crypto.verify ECDSA' },
  { name: 'CMS SM2', input: { cms: pki.cms(pki.deyangSigner), data: pki.data },
    raw: sm2Raw(sm2Leaf.publicKey.point!, sm2Leaf.publicKey.key, Buffer.alloc(110, 7), Buffer.alloc(0)), rawName: 'node SM2 verify' },
  { name: 'GB/T 38540 SESeal (1 SM2 sig)', input: { seal }, raw: () => 0, rawName: 'node SM2 verify' },
  { name: 'GB/T 38540 SES_Signature (2 SM2 sigs)', input: { seal: ses, data: pki.data }, raw: () => 0, rawName: 'node SM2 verify' },
]
// SM2 raw baselines: one real SM2 verification of the SES_Signature's own TBS bytes.
{
  const { parseSesSignature } = await import('../signing/ses-parse.js')
  const p = parseSesSignature(ses)
  const raw = sm2Raw(sm2Leaf.publicKey.point!, sm2Leaf.publicKey.key, p.tbs, p.signature)
  if (!raw()) throw new Error('bench: raw SM2 baseline does not verify')
  for (const c of cases) if (c.rawName === 'node SM2 verify') c.raw = raw
}

const warmMs = Number(process.env.BENCH_MS ?? 1500)
const rows: string[][] = []
for (const c of cases) {
  const v = newVerifier()
  const first = await v.verify(c.input)
  if (first.indication !== 'TOTAL_PASSED') throw new Error(`${c.name}: ${first.indication} ${first.subIndication} ${first.reason}`)
  // Let V8 optimise both paths before measuring; then interleave so drift hits both alike.
  await rate(c.raw, 300)
  await rate(() => v.verify(c.input), warmMs / 2)
  const raw = (await rate(c.raw, warmMs / 2) + await rate(c.raw, warmMs / 2)) / 2
  const warm = (await rate(() => v.verify(c.input), warmMs / 2) + await rate(() => v.verify(c.input), warmMs / 2)) / 2
  const cold = await rate(async () => { clearSigningCaches(); await newVerifier().verify(c.input) }, warmMs / 2)
  rows.push([c.name, warm.toFixed(0), cold.toFixed(0), `${raw.toFixed(0)} (${c.rawName})`, (warm / raw).toFixed(2) + '×'])
}
const head = ['format', 'warm /s', 'cold /s', 'raw /s', 'warm ÷ raw']
const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
const line = (r: string[]): string => '| ' + r.map((x, i) => x.padEnd(width[i]!)).join(' | ') + ' |'
console.log(`signing verifications per second, one core (node ${process.version}, revocation 'require' with CRLs)`)
console.log(line(head))
console.log('|' + width.map((w) => '-'.repeat(w + 2)).join('|') + '|')
for (const r of rows) console.log(line(r))
