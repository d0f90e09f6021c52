import { Command, InvalidArgumentError } from 'commander'
import { callDaemon } from '../../control/client.js'
import { UsageError } from '../../errors.js'
import { collect, dataDirOf } from '../common.js'
import { emit } from '../output.js'
import { describeAppend } from './supernode.js'

const ROLES = ['supernode', 'standby', 'princess', 'queen']

function role (value: string): string {
  if (!ROLES.includes(value)) throw new InvalidArgumentError(`a role is one of ${ROLES.join(', ')}`)
  return value
}

export function rootCommand (): Command {
  const cmd = new Command('root').description('root admin commands: approve pending operations, decide volunteers, grant and revoke roles, set parameters')
  cmd.command('pending')
    .description('list root-level operations waiting for approvals, and volunteer requests waiting for a decision')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, sub: Command) => {
      const r = await callDaemon(dataDirOf(sub).socket, 'root.pending', {})
      emit(opts.json, r, () => {
        const lines: string[] = []
        if (!r.root) lines.push('(this node is not a root admin: it can list, not sign or decide)')
        lines.push(r.pending.length === 0 ? 'no operation waits for approval' : `waiting for approval (threshold ${r.threshold}):`)
        for (const p of r.pending) {
          lines.push(`  ${p.entryId.slice(0, 16)}  ${p.summary}  by ${p.proposer}  ${p.approvals.length}/${p.need}${p.approvedByMe ? ' (you approved)' : ''}`)
        }
        lines.push(r.volunteers.length === 0 ? 'no volunteer request waits' : 'volunteer requests:')
        for (const v of r.volunteers) {
          lines.push(`  ${v.requestId.slice(0, 16)}  ${v.nodeId} (${v.currentRole}, ${v.network}) volunteers as ${v.role}${v.note !== '' ? `: "${v.note}"` : ''}${v.decision != null ? `  [decision ${v.decision.slice(0, 16)} awaits approvals]` : ''}`)
        }
        return lines.join('\n')
      })
    })
  cmd.command('sign')
    .description('approve a pending root-level operation (see `waggle root pending`)')
    .argument('<entry id>', 'the operation\'s entry id, or a prefix of at least 8 hex characters')
    .option('--json', 'print JSON')
    .action(async (entry: string, opts: { json?: boolean }, sub: Command) => {
      const r = await callDaemon(dataDirOf(sub).socket, 'root.sign', { entry })
      emit(opts.json, r, () => describeAppend(r))
    })
  cmd.command('decide')
    .description('approve or refuse a volunteer request')
    .argument('<request id>', 'the volunteer request\'s id (see `waggle root pending`)')
    .option('--approve', 'make the volunteer a supernode or standby')
    .option('--refuse', 'turn the request down')
    .option('--json', 'print JSON')
    .action(async (request: string, opts: { approve?: boolean, refuse?: boolean, json?: boolean }, sub: Command) => {
      if (opts.approve === opts.refuse) throw new UsageError('say either --approve or --refuse')
      const r = await callDaemon(dataDirOf(sub).socket, 'root.decide', { request, approve: opts.approve === true })
      emit(opts.json, r, () => describeAppend(r))
    })
  for (const grant of [true, false]) {
    cmd.command(grant ? 'grant' : 'revoke')
      .description(grant ? 'give a node a role (a node not yet a member joins the --network given)' : 'take a role from a node; it stays a member')
      .argument('<role>', ROLES.join(' | '), role)
      .argument('<node id>', 'the node')
      .option('--channel <name>', 'queen: only these channels (repeatable; default every channel)', collect)
      .option('--network <name>', grant ? 'the node\'s network (moves a member, places a newcomer)' : 'not used by revoke')
      .option('--json', 'print JSON')
      .action(async (r0: string, node: string, opts: { channel?: string[], network?: string, json?: boolean }, sub: Command) => {
        const r = await callDaemon(dataDirOf(sub).socket, 'root.role', { grant, role: r0, node, channels: opts.channel, network: opts.network })
        emit(opts.json, r, () => describeAppend(r))
      })
  }
  cmd.command('param')
    .description('set a federation parameter: min_supernodes, health_interval_ms, supernode_grace_ms, policy, networks, max_clock_offset_ms')
    .argument('<name>', 'the parameter')
    .argument('<value>', 'its new value')
    .option('--json', 'print JSON')
    .action(async (name: string, value: string, opts: { json?: boolean }, sub: Command) => {
      const r = await callDaemon(dataDirOf(sub).socket, 'root.param', { name, value })
      emit(opts.json, r, () => describeAppend(r))
    })
  return cmd
}
