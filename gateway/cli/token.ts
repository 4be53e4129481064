import { join } from 'node:path'
import type { Command } from 'commander'
import { issueToken } from '../auth/issue-token.js'
import { packageRoot } from './package-root.js'

interface TokenFlags {
  region: string
  window?: string
  role: 'window-clerk' | 'city-platform' | 'auditor'
  subject?: string
  ttl: string
  stateDir?: string
}

/**
 * `tongban token`: prints a bearer token the sandbox gateway accepts, signed by the sandbox
 * identity provider of the region (its keys live in the state directory). Real deployments
 * take tokens from each city's own identity provider instead.
 */
export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('print a sandbox bearer token (window clerk by default) for a region')
    .requiredOption('--region <code>', 'GB/T 2260 city code, e.g. 511400; 510000 (the province) for a provincial auditor')
    .option('--window <id>', 'window id (window clerks)', undefined)
    .option('--role <role>', 'window-clerk | city-platform | auditor', 'window-clerk')
    .option('--subject <sub>', 'who the token is for')
    .option('--ttl <duration>', 'lifetime, e.g. 8h, 30m, 7d', '8h')
    .option('--state-dir <dir>', 'sandbox state directory (env TONGBAN_STATE_DIR; default .tongban/)')
    .action(async (f: TokenFlags) => {
      const usage = (m: string) => {
        process.stderr.write(`tongban token: ${m}\n`)
        process.exit(64)
      }
      if (!['window-clerk', 'city-platform', 'auditor'].includes(f.role)) return usage(`unknown role ${f.role}`)
      if (f.role === 'window-clerk' && !f.window) return usage('a window clerk token needs --window')
      const ttl = /^(\d+)([smhd])$/.exec(f.ttl)
      if (!ttl) return usage(`--ttl must look like 30m, 8h or 7d`)
      const seconds = Number(ttl[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[ttl[2] as 's' | 'm' | 'h' | 'd']
      const { loadSandboxPki } = await import('../../sandbox/index.js')
      const stateDir = f.stateDir ?? process.env.TONGBAN_STATE_DIR ?? join(packageRoot(), '.tongban')
      const pki = await loadSandboxPki({ file: join(stateDir, 'sandbox-pki.json') })
      // The province's identity provider issues provincial auditor tokens (every city's data).
      const province = f.region === pki.provinceIdentity.code ? pki.provinceIdentity : undefined
      if (province && f.role !== 'auditor') return usage(`the province (${province.code}) issues auditor tokens only: add --role auditor`)
      const idp = province ?? pki.cities.get(f.region)?.identity
      if (!idp) return usage(`region ${f.region} is not a sandbox city (${[...pki.cities.keys()].join(', ')}) or the province (${pki.provinceIdentity.code})`)
      const token = await issueToken({
        privateKey: idp.privateKey,
        kid: idp.kid,
        issuer: idp.issuer,
        subject: f.subject ?? (f.window ? `clerk@${f.window}` : `${f.role}:${f.region}`),
        claim: { role: f.role, region: f.region, ...(f.window && { window: f.window }) },
        ttlSeconds: seconds,
      })
      process.stdout.write(`${token}\n`)
    })
}
