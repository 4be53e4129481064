import { Command, CommanderError } from 'commander'
import { registerConfigCommand } from './config-check.js'
import { registerServeCommand } from './serve.js'
import { registerVerifyCommand } from './verify.js'

/** The `tongban` command line. */
export function createProgram(): Command {
  const program = new Command('tongban')
    .description('Tongban 通办: one canonical GraphQL API over the cities of a 通办 federation')
    .showHelpAfterError()
  registerServeCommand(program)
  registerConfigCommand(program)
  registerVerifyCommand(program)
  return program
}

const program = createProgram()
program.exitOverride((err: CommanderError) => {
  // Usage errors exit 64 (EX_USAGE); help and version exit 0.
  process.exit(err.exitCode === 0 ? 0 : 64)
})
await program.parseAsync(process.argv)
