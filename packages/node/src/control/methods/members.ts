import { toHex } from '@waggle/protocol'
import { UsageError } from '../../errors.js'
import type { MethodHandler } from '../context.js'
import type { MembersParams, MembersResult } from '../protocol.js'

const ROLES = ['host', 'supernode', 'standby', 'princess', 'queen']

/** The node map: every member with its role, network, health, versions and supernode. */
export const members: MethodHandler<MembersParams, MembersResult> = async (ctx, params) => {
  if (params.role != null && !ROLES.includes(params.role)) throw new UsageError(`--role "${params.role}" is not a role (${ROLES.join(', ')})`)
  const state = ctx.fedLog.state
  if (params.network != null && !state.params.networks.includes(params.network)) {
    throw new UsageError(`--network "${params.network}" is not one of the federation's networks (${state.params.networks.join(', ')})`)
  }
  const rows = ctx.health.members().filter(r =>
    (params.role == null || (params.role === 'queen' ? r.queen : r.role === params.role)) &&
    (params.network == null || r.network === params.network))
  return {
    nodeId: ctx.identity.nodeId,
    federationId: toHex(ctx.fedLog.federationId),
    atMs: Date.now(),
    supernodes: ctx.health.supernodes(),
    members: rows
  }
}
