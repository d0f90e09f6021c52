import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command } from 'commander'
import { callDaemon } from '../../control/client.js'
import { UsageError } from '../../errors.js'
import { collect, dataDirOf } from '../common.js'
import { emit, formatBytes, table } from '../output.js'

export function bundleCommand (): Command {
  const cmd = new Command('bundle').description('carry the log to and from zones that cannot connect, as files')
  cmd.command('export')
    .description('write a bundle (a tar file) of the operations this node received since its previous bundle')
    .requiredOption('-o, --output <file>', 'the bundle to write')
    .option('--since <bundle>', 'continue the chain from this previous bundle of this node (default: its last export)')
    .option('--full', 'every operation, starting a new chain')
    .option('--channels <names>', 'only waves of these channels (comma-separated or repeated); other operations always travel', collect)
    .option('--network <name>', 'for this network: only the channels it subscribes to, and nothing that came from it')
    .option('--with-content', 'carry the content of the waves too (their chunks), for zones that cannot fetch it')
    .option('--json', 'print JSON')
    .action(async (opts: { output: string, since?: string, full?: boolean, channels?: string[], network?: string, withContent?: boolean, json?: boolean }, sub: Command) => {
      if (opts.since != null && opts.full === true) throw new UsageError('--since and --full exclude each other')
      if (opts.since != null && !existsSync(opts.since)) throw new UsageError(`${opts.since}: no such file`)
      const r = await callDaemon(dataDirOf(sub).socket, 'bundle.export', {
        path: resolve(opts.output),
        sinceBundle: opts.since != null ? resolve(opts.since) : undefined,
        full: opts.full,
        channels: opts.channels,
        network: opts.network,
        withContent: opts.withContent
      }, { timeoutMs: 600_000 })
      emit(opts.json, r, () => table([
        ['bundle', `${r.path} (${formatBytes(r.bytes)})`],
        ['operations', `${r.count}${r.chunks > 0 ? `, with ${r.chunks} content chunks` : ''}`],
        ['chain', r.follows == null ? 'starts a chain' : `follows ${r.follows.slice(0, 16)}…`],
        ['id', r.hash]
      ]))
    })
  cmd.command('import')
    .description('verify a bundle whole, then apply the operations this node lacks')
    .argument('<file>', 'the bundle')
    .option('--allow-gap', 'import even if a bundle before it in its exporter\'s chain was never imported')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { allowGap?: boolean, json?: boolean }, sub: Command) => {
      if (!existsSync(file)) throw new UsageError(`${file}: no such file`)
      const r = await callDaemon(dataDirOf(sub).socket, 'bundle.import', { path: resolve(file), allowGap: opts.allowGap }, { timeoutMs: 600_000 })
      emit(opts.json, r, () => table([
        ['bundle', `${r.hash.slice(0, 16)}… from ${r.exporter}${r.again ? ' (imported before)' : ''}`],
        ['operations', `${r.count}: ${r.added} new, ${r.duplicates} already here${r.deferred > 0 ? `, ${r.deferred} deferred (stamped ahead of this clock)` : ''}`],
        ...(r.chunks > 0 ? [['content', `${r.chunks} chunks into the store`] as [string, string]] : []),
        ...(r.gap != null ? [['warning', r.gap] as [string, string]] : [])
      ]))
    })
  return cmd
}
