import { Command, Option } from 'commander'
import { loadConfig, type ConfigFlags } from '../../config/config.js'
import { startDaemon } from '../../daemon.js'
import { LOG_LEVELS, type LogLevel } from '../../logger.js'
import { collect, dataDirOf, positiveInt } from '../common.js'

export function startCommand (): Command {
  return new Command('start')
    .description('run the node in the foreground until SIGINT or SIGTERM (structured logs on stderr)')
    .option('--config <file>', 'config file (default: <data dir>/waggle.toml)')
    .option('--listen <multiaddr>', 'address to listen on (repeatable)', collect)
    .option('--announce <multiaddr>', 'address to give peers instead (repeatable)', collect)
    .option('--bootstrap <multiaddr>', 'peer to dial and keep dialling (repeatable)', collect)
    .option('--redial-interval-ms <ms>', 'how often lost bootstrap peers are dialled', positiveInt('--redial-interval-ms'))
    .option('--catchup-interval-ms <ms>', 'how often to catch up with a random peer', positiveInt('--catchup-interval-ms'))
    .option('--tags <names>', 'this node\'s tags, which waves may target (repeatable)', collect)
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS as string[]))
    .action(async (opts: { config?: string, listen?: string[], announce?: string[], bootstrap?: string[], redialIntervalMs?: number, catchupIntervalMs?: number, tags?: string[], logLevel?: LogLevel }, cmd: Command) => {
      const dir = dataDirOf(cmd)
      const flags: ConfigFlags = {
        listen: opts.listen,
        announce: opts.announce,
        bootstrap: opts.bootstrap,
        redialIntervalMs: opts.redialIntervalMs,
        catchupIntervalMs: opts.catchupIntervalMs,
        tags: opts.tags,
        logLevel: opts.logLevel
      }
      const config = loadConfig({ dataDir: dir.root, file: opts.config, flags })
      const daemon = await startDaemon({ config })
      const onSignal = (signal: string): void => {
        process.stderr.write(`waggle: ${signal}, stopping\n`)
        void daemon.stop()
      }
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      process.stdout.write(`waggle node ${daemon.identity.nodeId} running; listening on ${daemon.libp2p.getMultiaddrs().map(String).join(' ')}\n`)
      await daemon.stopped
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    })
}
