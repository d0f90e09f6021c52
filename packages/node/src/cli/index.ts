import { Command, CommanderError } from 'commander'
import { initCommand } from './commands/init.js'
import { genesisCommand } from './commands/genesis.js'
import { startCommand } from './commands/start.js'
import { statusCommand } from './commands/status.js'
import { peersCommand } from './commands/peers.js'
import { logCommand } from './commands/log.js'
import { waveCommand } from './commands/wave.js'
import { bundleCommand } from './commands/bundle.js'
import { membersCommand } from './commands/members.js'
import { supernodeCommand } from './commands/supernode.js'
import { rootCommand } from './commands/root.js'
import { adminCommand } from './commands/admin.js'
import { joinCommand } from './commands/join.js'

/** Errors that are the user's to fix: a message, no stack trace. */
const USER_ERRORS = new Set(['ConfigError', 'UsageError', 'BundleError', 'DataDirError', 'ControlError', 'InvalidKeyError', 'InvalidOperationError', 'JoinError'])

/** The `waggle` command line. */
export function buildProgram (): Command {
  const program = new Command('waggle')
    .description('waggle: a gossip-based peer federation node')
    .option('--data-dir <dir>', 'the node\'s data dir (default: $WAGGLE_DATA_DIR or ~/.waggle)')
    .addCommand(initCommand())
    .addCommand(genesisCommand())
    .addCommand(startCommand())
    .addCommand(statusCommand())
    .addCommand(peersCommand())
    .addCommand(logCommand())
    .addCommand(waveCommand())
    .addCommand(bundleCommand())
    .addCommand(membersCommand())
    .addCommand(supernodeCommand())
    .addCommand(rootCommand())
    .addCommand(joinCommand())
    .addCommand(adminCommand())
  const configure = (cmd: Command): void => {
    cmd.exitOverride().showHelpAfterError('(add --help for usage)').allowExcessArguments(false)
    for (const sub of cmd.commands) configure(sub)
  }
  configure(program)
  return program
}

/**
 * Runs the CLI. The one top-level handler: a user's mistake becomes a
 * message on stderr and exit code 1 (2 for bad usage); anything else is a
 * bug and keeps its stack trace.
 */
export async function main (argv: string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv)
    return 0
  } catch (err: any) {
    if (err instanceof CommanderError || String(err?.code ?? '').startsWith('commander.')) {
      // commander has printed the message (and usage); help and version exit 0
      return err.exitCode === 0 ? 0 : 2
    }
    const name = typeof err?.name === 'string' ? err.name : ''
    if (USER_ERRORS.has(name)) {
      process.stderr.write(`waggle: ${String(err.message)}\n`)
      return name === 'UsageError' ? 2 : 1
    }
    process.stderr.write(`waggle: unexpected error: ${String(err?.stack ?? err)}\n`)
    return 1
  }
}
