import { Command } from 'commander'
import { callDaemon } from '../../control/client.js'
import type { AdminDecisionResult } from '../../control/protocol.js'
import { dataDirOf } from '../common.js'
import { duration } from '../duration.js'
import { emit, formatMs } from '../output.js'

const ago = (ms: number): string => `${formatMs(Math.max(0, Date.now() - ms))} ago`

function decided (json: boolean | undefined, r: AdminDecisionResult): void {
  emit(json, r, () => `${r.summary} (entry ${r.entryId.slice(0, 16)}…, gossiped)`)
}

export function adminCommand (): Command {
  const cmd = new Command('admin').description('decide who is a member (on a supernode or a root admin\'s node): join requests, invites, revocation')

  cmd.command('requests')
    .description('list the join requests waiting for a decision on this node')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, sub: Command) => {
      const r = await callDaemon(dataDirOf(sub).socket, 'admin.requests', {})
      emit(opts.json, r, () => r.requests.length === 0
        ? 'no pending join requests'
        : r.requests.map(q => [
          q.nodeId,
          `network ${q.network}`,
          `host ${q.hostname === '' ? '?' : q.hostname} (${q.address})`,
          `first seen ${ago(q.firstSeenMs)}, last ${ago(q.lastSeenMs)}`,
          ...(q.invite != null ? [`invite ${q.invite}`] : [])
        ].join('  ')).join('\n'))
    })

  cmd.command('approve')
    .description('admit a host whose join request is pending (its next request is answered admitted)')
    .argument('<node id>', 'the host\'s node id')
    .option('--network <name>', 'the network to admit it into (default: the one it asked for; needed when it asked another supernode)')
    .option('--json', 'print JSON')
    .action(async (nodeId: string, opts: { network?: string, json?: boolean }, sub: Command) => {
      decided(opts.json, await callDaemon(dataDirOf(sub).socket, 'admin.approve', { nodeId, network: opts.network }))
    })

  cmd.command('deny')
    .description('deny a host\'s pending join request (its next request is answered denied, with the reason)')
    .argument('<node id>', 'the host\'s node id')
    .option('--reason <text>', 'why, for the host\'s operator')
    .option('--json', 'print JSON')
    .action(async (nodeId: string, opts: { reason?: string, json?: boolean }, sub: Command) => {
      decided(opts.json, await callDaemon(dataDirOf(sub).socket, 'admin.deny', { nodeId, reason: opts.reason }))
    })

  cmd.command('invite')
    .description('print an invite: the host that presents it (waggle join --invite) is admitted at once, once, before it expires')
    .option('--network <name>', 'the network the host joins (default: this node\'s)')
    .option('--expires <duration>', 'how long the invite is valid, e.g. 30m, 24h, 7d (default 24h)', duration('--expires'))
    .option('--json', 'print JSON')
    .action(async (opts: { network?: string, expires?: number, json?: boolean }, sub: Command) => {
      const r = await callDaemon(dataDirOf(sub).socket, 'admin.invite', { network: opts.network, expiresInMs: opts.expires })
      emit(opts.json, r, () => r.invite)
      if (opts.json !== true) {
        process.stderr.write(`invite ${r.id.slice(0, 8)} into network ${r.network} of federation ${r.federationId}, valid until ${new Date(r.expiresMs).toISOString()}, for one host:\n` +
          '  waggle join --via <this node\'s address>/p2p/' + r.issuer + ' --invite <the line above>\n')
      }
    })

  cmd.command('revoke')
    .description('revoke a member: every node hangs up on it and refuses it from then on')
    .argument('<node id>', 'the member\'s node id')
    .option('--reason <text>', 'why, for the log')
    .option('--json', 'print JSON')
    .action(async (nodeId: string, opts: { reason?: string, json?: boolean }, sub: Command) => {
      decided(opts.json, await callDaemon(dataDirOf(sub).socket, 'admin.revoke', { nodeId, reason: opts.reason }))
    })

  return cmd
}
