import { Command } from 'commander'
import { callDaemon } from '../../control/client.js'
import { dataDirOf } from '../common.js'
import { emit, formatBytes, formatMs } from '../output.js'

const short = (id: string | null): string => id == null ? '-' : `${id.slice(0, 12)}…${id.slice(-4)}`

export function membersCommand (): Command {
  return new Command('members')
    .description('show the node map: every member\'s role, network, health, last check, applied versions and supernode')
    .option('--role <role>', 'only members with this role: host, supernode, standby, princess, queen')
    .option('--network <name>', 'only members of this network')
    .option('--json', 'print JSON')
    .action(async (opts: { role?: string, network?: string, json?: boolean }, cmd: Command) => {
      const r = await callDaemon(dataDirOf(cmd).socket, 'members', { role: opts.role, network: opts.network })
      emit(opts.json, r, () => {
        const header = ['NODE', 'ROLE', 'NETWORK', 'HEALTH', 'SEEN', 'APPLIED', 'SUPERNODE', 'LOAD', 'RSS', 'DISK FREE']
        const rows = r.members.map(m => [
          short(m.nodeId) + (m.nodeId === r.nodeId ? ' *' : ''),
          m.role + (m.queen ? '+queen' : ''),
          m.network,
          m.health,
          m.lastSeenMs === 0 ? 'never' : `${formatMs(Math.max(0, r.atMs - m.lastSeenMs))} ago`,
          Object.entries(m.applied).map(([c, v]) => `${c}@${v}`).join(',') || '-',
          m.supernode === m.nodeId ? '(itself)' : short(m.supernode),
          m.metrics != null ? m.metrics.load1.toFixed(2) : '-',
          m.metrics != null ? formatBytes(m.metrics.rssBytes) : '-',
          m.metrics != null ? formatBytes(m.metrics.diskFreeBytes) : '-'
        ])
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map(row => row[i].length)))
        const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
        const sn = r.supernodes
        const foot = `supernodes: ${sn.live.length} live (min ${sn.minSupernodes}, policy ${sn.policy})` +
          (sn.failed.length > 0 ? `; failed: ${sn.failed.map(f => short(f.nodeId)).join(', ')}` : '')
        return [line(header), ...rows.map(line), '', `${r.members.length} members; ${foot}; * this node`].join('\n')
      })
    })
}
