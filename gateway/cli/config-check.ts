import type { Command } from 'commander'
import { ConfigError, loadFederationConfig } from '../../federation/index.js'

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('region configuration tools')
  config
    .command('check <dir>')
    .description('validate a region configuration directory and explain every problem')
    .action((dir: string) => {
      try {
        const loaded = loadFederationConfig(dir)
        process.stdout.write(
          `ok: ${loaded.regions.length} regions (${loaded.regions.map((r) => `${r.config.name} ${r.config.code}`).join(', ')}), ${loaded.catalogue.matters.length} matters\n`,
        )
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err
        process.stderr.write(`${err.message}\n`)
        process.exitCode = 1
      }
    })
}
