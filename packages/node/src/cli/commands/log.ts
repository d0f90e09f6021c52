import { Command } from 'commander'
import { callDaemon } from '../../control/client.js'
import { dataDirOf, positiveInt } from '../common.js'
import { emit, formatBytes } from '../output.js'

export function logCommand (): Command {
  return new Command('log')
    .description('show the federation log in order, oldest first')
    .option('--limit <n>', 'only the newest n entries', positiveInt('--limit'))
    .option('--channel <name>', 'only the waves of one channel')
    .option('--json', 'print JSON')
    .action(async (opts: { limit?: number, channel?: string, json?: boolean }, cmd: Command) => {
      const r = await callDaemon(dataDirOf(cmd).socket, 'log', { limit: opts.limit, channel: opts.channel })
      emit(opts.json, r, () => {
        const lines = r.entries.map(e => {
          const what = e.wave != null
            ? `${e.wave.channel} v${e.wave.version} ${e.wave.name} ${formatBytes(e.wave.size)} sha256 ${e.wave.sha256.slice(0, 12)}…`
            : e.summary
          const outcome = e.outcome === 'accepted' ? '' : `  [${e.outcome}${e.detail != null ? ': ' + e.detail : ''}]`
          return `${e.stamp.padEnd(17)} ${e.type.padEnd(18)} ${e.author.slice(0, 16)}…  ${what}${outcome}`
        })
        return [`${r.total} entries${r.entries.length < r.total ? ` (newest ${r.entries.length} shown)` : ''}`, ...lines].join('\n')
      })
    })
}
