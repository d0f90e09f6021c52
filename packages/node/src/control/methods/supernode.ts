import { ROLE_STANDBY, ROLE_SUPERNODE, toHex } from '@waggle/protocol'
import { MAX_REASON_CHARS } from '@waggle/protocol'
import { UsageError } from '../../errors.js'
import { appendOperation } from './append.js'
import type { DaemonContext, MethodHandler } from '../context.js'
import type { AppendResult, SupernodeVolunteerParams } from '../protocol.js'

function memberRole (ctx: DaemonContext): string {
  const m = ctx.fedLog.state.members.get(toHex(ctx.identity.publicKey))
  if (m == null) throw new UsageError(`this node (${ctx.identity.nodeId}) is not a member of the federation yet`)
  return m.role
}

/** Offers this node as a supernode (or standby) to the root admins. */
export const supernodeVolunteer: MethodHandler<SupernodeVolunteerParams, AppendResult> = async (ctx, params) => {
  const role = params.standby === true ? 'standby' : 'supernode'
  const have = memberRole(ctx)
  if (have === role) throw new UsageError(`this node is already a ${role}`)
  const note = params.note ?? ''
  if (note.length > MAX_REASON_CHARS) throw new UsageError(`--note is longer than ${MAX_REASON_CHARS} characters`)
  const self = toHex(ctx.identity.publicKey)
  const open = [...ctx.fedLog.state.volunteers].find(([, v]) => v.node === self && v.status === 'pending' && v.role === role)
  if (open != null) throw new UsageError(`this node's request to be a ${role} (${open[0].slice(0, 16)}) is still waiting for the root admins`)
  return await appendOperation(ctx, { type: 'volunteer', volunteer: { role: role === 'standby' ? ROLE_STANDBY : ROLE_SUPERNODE, note } })
}

/** Gives up this node's supernode or standby role: it becomes a host. */
export const supernodeWithdraw: MethodHandler<Record<string, never>, AppendResult> = async (ctx) => {
  const have = memberRole(ctx)
  if (have !== 'supernode' && have !== 'standby') throw new UsageError(`this node is a ${have}, neither supernode nor standby: there is nothing to withdraw from`)
  return await appendOperation(ctx, { type: 'volunteer', volunteer: { role: 0, note: '' } })
}
