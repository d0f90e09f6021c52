import { Command } from 'commander'
import { callDaemon } from '../../control/client.js'
import { dataDirOf } from '../common.js'
import { emit, formatBytes, formatMs, table } from '../output.js'

export function statusCommand (): Command {
  return new Command('status')
    .description('show the running node: identity, federation, peers, log, channels, dropped input')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const s = await callDaemon(dataDirOf(cmd).socket, 'status', {})
      emit(opts.json, s, () => {
        const dropped = Object.entries(s.dropped)
        return table([
          ['node', `${s.nodeId}${s.queen ? ' (queen)' : ''}`],
          ['federation', `${s.federation} (${s.federationId.slice(0, 16)}…)`],
          ['role', s.role === 'none' ? 'not a member' : `${s.role} in network ${s.network}`],
          ['pid, uptime', `${s.pid}, ${formatMs(s.uptimeMs)}`],
          ['addresses', s.addresses.join('\n' + ' '.repeat(13))],
          ['peers', String(s.peers)],
          ['log', `${s.log.entries} entries, ${s.log.refused} refused, last stamp ${s.log.lastStamp}`],
          ['channels', s.channels.length === 0 ? 'none' : s.channels.map(c => `${c.channel} v${c.version} (${c.name}, ${formatBytes(c.size)}, sha256 ${c.sha256.slice(0, 12)}…)`).join('\n' + ' '.repeat(13))],
          ['dropped', dropped.length === 0 ? 'nothing' : dropped.map(([k, v]) => `${k} ${v}`).join(', ')],
          ['memory', `${formatBytes(s.memory.rssBytes)} resident`]
        ])
      })
    })
}
