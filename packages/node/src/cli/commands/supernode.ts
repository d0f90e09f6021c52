import { Command } from 'commander'
import { callDaemon } from '../../control/client.js'
import { dataDirOf } from '../common.js'
import { emit } from '../output.js'
import type { AppendResult } from '../../control/protocol.js'

/** One line on what an appended operation became. */
export function describeAppend (r: AppendResult): string {
  const approvals = r.approvals != null ? ` (${r.approvals.have} of ${r.approvals.need} root approvals)` : ''
  return `${r.summary}: ${r.outcome}${approvals}${r.detail != null ? ` — ${r.detail}` : ''}\nentry ${r.entryId}`
}

export function supernodeCommand (): Command {
  const cmd = new Command('supernode').description('offer this node as a supernode or standby, or give the role up')
  cmd.command('volunteer')
    .description('ask the root admins to make this node a supernode (or, with --standby, a standby supernode)')
    .option('--standby', 'volunteer as a standby, which takes over when supernodes fail')
    .option('--note <text>', 'a note for the root admins (why this host, its capacity)')
    .option('--json', 'print JSON')
    .action(async (opts: { standby?: boolean, note?: string, json?: boolean }, sub: Command) => {
      const r = await callDaemon(dataDirOf(sub).socket, 'supernode.volunteer', { standby: opts.standby, note: opts.note })
      emit(opts.json, r, () => `${describeAppend(r)}\nthe request waits for a root admin: \`waggle root decide ${r.entryId.slice(0, 16)} --approve\``)
    })
  cmd.command('withdraw')
    .description('give up this node\'s supernode or standby role; it stays a member (a host)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, sub: Command) => {
      const r = await callDaemon(dataDirOf(sub).socket, 'supernode.withdraw', {})
      emit(opts.json, r, () => describeAppend(r))
    })
  return cmd
}
