import { Command, CommanderError } from 'commander'
import { registerConfigCommand } from './config-check.js'
import { registerServeCommand } from './serve.js'
import { registerVerifyCommand } from './verify.js'
import { registerTokenCommand } from './token.js'
import { registerAuditCommand } from './audit.js'

/** The `tongban` command line. */
export function createProgram(): Command {
  const program = new Command('tongban')
    .description('Tongban 通办: one canonical GraphQL API over the cities of a 通办 federation')
    .showHelpAfterError()
    // Set before the subcommands are added, so they inherit it: usage errors exit 64
    // (EX_USAGE); help and version exit 0.
    .exitOverride((err: CommanderError) => process.exit(err.exitCode === 0 ? 0 : 64))
  registerServeCommand(program)
  registerConfigCommand(program)
  registerVerifyCommand(program)
  registerTokenCommand(program)
  registerAuditCommand(program)
  return program
}

await createProgram().parseAsync(process.argv)
