import { Command } from 'commander'
import { callDaemon } from '../../control/client.js'
import { dataDirOf } from '../common.js'
import { emit } from '../output.js'

export function peersCommand (): Command {
  return new Command('peers')
    .description('list the peers this node is connected to')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const r = await callDaemon(dataDirOf(cmd).socket, 'peers', {})
      emit(opts.json, r, () => r.peers.length === 0
        ? 'no peers connected'
        : r.peers.map(p => `${p.nodeId}  ${p.direction.padEnd(8)}  ${p.addresses.join(' ')}`).join('\n'))
    })
}
