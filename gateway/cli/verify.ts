/**
 * `tongban verify FILE`: checks a JWS, CMS (with --data), GB/T 38540 seal or signature, or OFD
 * document offline or online. Exit codes: 0 TOTAL_PASSED, 1 TOTAL_FAILED, 2 INDETERMINATE,
 * 64 usage error (EX_USAGE, sysexits.h).
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import {
  SigningError, createVerifier, openTrustList, verifyReceipt,
  type RegionAnchors, type TrustList, type VerificationReport,
} from '../../signing/index.js'

const EXIT = { TOTAL_PASSED: 0, TOTAL_FAILED: 1, INDETERMINATE: 2 } as const
const USAGE = 64

interface VerifyFlags {
  data?: string
  trustAnchor: string[]
  trustList?: string
  trustListAnchor?: string
  crl: string[]
  offline?: boolean
  json?: boolean
  revocation?: 'require' | 'if-available' | 'off'
  region?: string
  receiptKey?: string
}

class UsageError extends Error {}

const collect = (v: string, acc: string[]): string[] => [...acc, v]
function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path)
  } catch {
    throw new UsageError(`cannot read ${what} ${path}`)
  }
}

/** `--trust-anchor [REGION=]FILE`: certificates from one PEM file, optionally for a region. */
function anchorsFromFlags(flags: VerifyFlags): RegionAnchors[] {
  const byRegion = new Map<string, RegionAnchors>()
  for (const spec of flags.trustAnchor) {
    const m = /^(\d{6})=(.+)$/.exec(spec)
    const region = m ? m[1]! : '000000'
    const text = read(m ? m[2]! : spec, 'trust anchor').toString('utf8')
    const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)
    if (!pems) throw new UsageError(`no certificate in trust anchor ${spec}`)
    const r = byRegion.get(region) ?? { region, name: m ? `region ${region}` : 'command-line anchor', caCertificates: [], sealMakers: [], jwks: { keys: [] } }
    // A command-line anchor may be a CA or a seal maker's own certificate: accept it as both.
    r.caCertificates.push(...pems)
    r.sealMakers.push(...pems)
    byRegion.set(region, r)
  }
  return [...byRegion.values()]
}

const ZH: Record<string, string> = { TOTAL_PASSED: '通过', TOTAL_FAILED: '失败', INDETERMINATE: '无法确定' }

export function formatReport(r: VerificationReport): string {
  const lines = [
    `验证结果 Result:       ${ZH[r.indication]} ${r.indication}${r.subIndication ? ` / ${r.subIndication}` : ''}`,
    `格式 Format:           ${r.format}`,
    `原因 Reason:           ${r.reason}`,
  ]
  if (r.signer) lines.push(`签名人 Signer:         ${r.signer.subject}${r.signer.region ? ` [${r.signer.region}${r.signer.authority ? ` ${r.signer.authority}` : ''}]` : ''}`)
  if (r.seal) lines.push(`印章 Seal:             ${r.seal.name} (esID ${r.seal.esID}, v${r.seal.version}, ${r.seal.validFrom} – ${r.seal.validTo})`)
  if (r.seal?.maker) lines.push(`制章者 Seal maker:     ${r.seal.maker.subject}${r.seal.maker.region ? ` [${r.seal.maker.region}]` : ''}`)
  if (r.signingTime) lines.push(`签名时间 Signing time: ${r.signingTime}`)
  if (r.revocation?.revokedAt) lines.push(`吊销 Revoked:          ${r.revocation.revokedAt}${r.revocation.reason ? ` (${r.revocation.reason})` : ''}`)
  lines.push('检查 Checks:')
  for (const c of r.checks) lines.push(`  ${c.passed ? '✓' : '✗'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}`)
  return lines.join('\n')
}

async function fetchText(url: string): Promise<string> {
  try {
    const res = await fetch(url)
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    return await res.text()
  } catch (err) {
    throw new UsageError(`cannot fetch ${url}: ${(err as Error).message}`)
  }
}

async function run(file: string, flags: VerifyFlags): Promise<number> {
  const input = read(file, 'file')
  let report: VerificationReport
  if (flags.receiptKey) {
    // The gateway publishes its key at /.well-known/jwks.json; a URL saves copying it.
    const keyText = /^https?:\/\//.test(flags.receiptKey) ? await fetchText(flags.receiptKey) : read(flags.receiptKey, 'receipt key').toString('utf8')
    const key = keyText.trim().startsWith('{') ? JSON.parse(keyText) : keyText
    report = await verifyReceipt(input.toString('utf8').trim(), key)
  } else {
    let trust: TrustList | RegionAnchors[] = anchorsFromFlags(flags)
    if (flags.trustList) {
      if (!flags.trustListAnchor) throw new UsageError('--trust-list needs --trust-list-anchor (the provincial anchor certificate)')
      const list = await openTrustList(read(flags.trustList, 'trust list').toString('utf8').trim(), read(flags.trustListAnchor, 'trust list anchor').toString('utf8'))
      trust = trust.length ? { ...list, regions: [...list.regions, ...trust] } : list
    }
    if (Array.isArray(trust) && trust.length === 0) throw new UsageError('give --trust-anchor or --trust-list')
    const verifier = createVerifier({
      trust, offline: !!flags.offline, crls: flags.crl.map((f) => read(f, 'CRL')),
      ...(flags.revocation ? { revocation: flags.revocation } : {}), ...(flags.region ? { expectedRegion: flags.region } : {}),
    })
    const data = flags.data ? read(flags.data, 'data') : undefined
    report = await verifier.verify({ auto: input, ...(data ? { data } : {}) })
  }
  console.log(flags.json ? JSON.stringify(report, null, 2) : formatReport(report))
  return EXIT[report.indication]
}

/**
 * Registers `verify` on the tongban program.
 * @param program the root commander program
 * @example registerVerifyCommand(program)
 */
export function registerVerifyCommand(program: Command): Command {
  return program
    .command('verify')
    .description('verify a signed electronic certificate or sealed document (JWS, CMS, GB/T 38540, OFD)')
    .argument('<file>', 'the signed object')
    .option('--data <file>', 'the signed data, for detached CMS/JWS and standalone SES_Signature')
    .option('--trust-anchor <pem>', 'trust anchor certificate(s), optionally REGION=FILE; repeatable', collect, [])
    .option('--trust-list <file>', 'signed federation trust list (JWS)')
    .option('--trust-list-anchor <pem>', 'provincial anchor certificate that signs the trust list')
    .option('--crl <file>', 'CRL (PEM or DER); repeatable', collect, [])
    .option('--offline', 'never fetch CRLs')
    .option('--revocation <policy>', 'require | if-available | off')
    .option('--region <code>', 'expected GB/T 2260 region of the signer')
    .option('--receipt-key <file|url>', "verify a gateway receipt with this public key (PEM), JWKS file, or the gateway's /.well-known/jwks.json URL")
    .option('--json', 'print the report as JSON')
    .exitOverride((err) => {
      // Commander's own argument errors are usage errors too (sysexits EX_USAGE).
      process.exit(err.exitCode === 0 ? 0 : USAGE)
    })
    .action(async (file: string, flags: VerifyFlags) => {
      if (flags.revocation && !['require', 'if-available', 'off'].includes(flags.revocation)) {
        console.error('tongban verify: --revocation must be require, if-available or off')
        process.exitCode = USAGE
        return
      }
      try {
        process.exitCode = await run(file, flags)
      } catch (e) {
        if (e instanceof SigningError && (e.code === 'TRUST_LIST_EXPIRED' || e.code === 'TRUST_LIST_INVALID')) {
          console.error(`tongban verify: ${e.message} (${e.code})`)
          process.exitCode = EXIT.INDETERMINATE
          return
        }
        console.error(`tongban verify: ${(e as Error).message}`)
        process.exitCode = USAGE
      }
    })
}
