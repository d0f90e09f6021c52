import {
  describeOperation, inviteToText, isAdmin, isRoot, MAX_REASON_CHARS, openInvite, publicKeyFromNodeId, sealInvite, toHex,
  type OperationInput
} from '@waggle/protocol'
import { DEFAULT_INVITE_TTL_MS } from '../../constants.js'
import { UsageError } from '../../errors.js'
import type { DaemonContext, MethodHandler } from '../context.js'
import type {
  AdminApproveParams, AdminDecisionResult, AdminDenyParams, AdminInviteParams, AdminInviteResult, AdminRequestsResult, AdminRevokeParams
} from '../protocol.js'

/** Membership decisions are an admin's: an active supernode or a root admin. */
function requireAdmin (ctx: DaemonContext): void {
  const state = ctx.fedLog.state
  if (!isAdmin(state, toHex(ctx.identity.publicKey))) {
    throw new UsageError(`this node (${ctx.identity.nodeId}) is not an admin of federation "${state.genesis?.name ?? ''}": only an active supernode or a root admin decides on members; run this on one`)
  }
}

function keyOf (nodeId: unknown): { key: Uint8Array, hex: string, nodeId: string } {
  if (typeof nodeId !== 'string' || nodeId === '') throw new UsageError('a node id is needed (12D3KooW…)')
  let key: Uint8Array
  try {
    key = publicKeyFromNodeId(nodeId)
  } catch (err: any) {
    throw new UsageError(String(err?.message ?? `"${nodeId.slice(0, 80)}" is not a node id`))
  }
  return { key, hex: toHex(key), nodeId }
}

function reasonOf (reason: unknown): string {
  if (reason == null) return ''
  if (typeof reason !== 'string') throw new UsageError('the reason must be text')
  if (reason.length > MAX_REASON_CHARS) throw new UsageError(`the reason is longer than ${MAX_REASON_CHARS} characters`)
  return reason
}

function networkOf (ctx: DaemonContext, network: unknown): string {
  const networks = ctx.fedLog.state.params.networks
  if (typeof network !== 'string' || !networks.includes(network)) {
    throw new UsageError(`network "${String(network).slice(0, 64)}" is not one of the federation's (${networks.join(', ')})`)
  }
  return network
}

/** Signs the decision into the log, checks the log takes it, and gossips it. */
async function decide (ctx: DaemonContext, nodeId: string, body: OperationInput): Promise<AdminDecisionResult> {
  const entry = await ctx.fedLog.append(body)
  const outcome = ctx.fedLog.outcomeOf(entry.idHex)
  if (outcome != null && !outcome.accepted) throw new UsageError(`the log refused the decision (${outcome.reason}): ${outcome.detail}`)
  await ctx.gossip.publish(entry.envelope).catch(() => {
    // no peer to send it to now: catch-up carries it to every node later
  })
  return { entryId: entry.idHex, nodeId, summary: describeOperation(entry.body) }
}

/** Join requests waiting for a decision on this node. */
export const adminRequests: MethodHandler<Record<string, never>, AdminRequestsResult> = async (ctx) => {
  requireAdmin(ctx)
  const requests = await ctx.joins.pending()
  return {
    requests: requests.map(r => ({ nodeId: r.nodeId, network: r.network, hostname: r.hostname, address: r.address, invite: r.invite, firstSeenMs: r.firstSeenMs, lastSeenMs: r.lastSeenMs }))
  }
}

/**
 * Admits a host into a network: into the one its request to this node
 * asked for, or `network` (needed when the host asked another supernode).
 */
export const adminApprove: MethodHandler<AdminApproveParams, AdminDecisionResult> = async (ctx, params) => {
  requireAdmin(ctx)
  const node = keyOf(params.nodeId)
  const state = ctx.fedLog.state
  const member = state.members.get(node.hex)
  if (member != null) throw new UsageError(`${node.nodeId} is already a member (network ${member.network}, ${member.role})`)
  if (state.revoked.has(node.hex) && !isRoot(state, toHex(ctx.identity.publicKey))) throw new UsageError(`${node.nodeId} was revoked; only a root admin admits it again`)
  const request = ctx.joins.request(node.hex)
  if (params.network == null && request == null) {
    throw new UsageError(`no join request from ${node.nodeId} reached this node; if it asked another supernode, give --network to admit it here (the federation's networks: ${state.params.networks.join(', ')})`)
  }
  const network = networkOf(ctx, params.network ?? request?.network)
  const result = await decide(ctx, node.nodeId, { type: 'join.decision', join: { node: new Uint8Array(node.key), approve: true, network, invite: new Uint8Array(0), reason: '' } })
  await ctx.joins.forget(node.hex)
  return result
}

/** Denies a host's pending join request; its next request is answered `denied` with the reason. */
export const adminDeny: MethodHandler<AdminDenyParams, AdminDecisionResult> = async (ctx, params) => {
  requireAdmin(ctx)
  const node = keyOf(params.nodeId)
  const reason = reasonOf(params.reason)
  const state = ctx.fedLog.state
  if (state.members.has(node.hex)) throw new UsageError(`${node.nodeId} is a member; to remove it, revoke it (waggle admin revoke ${node.nodeId})`)
  if (ctx.joins.request(node.hex) == null) throw new UsageError(`no join request from ${node.nodeId} reached this node (waggle admin requests lists them); deny it on the supernode it asked`)
  const result = await decide(ctx, node.nodeId, { type: 'join.decision', join: { node: new Uint8Array(node.key), approve: false, network: '', invite: new Uint8Array(0), reason } })
  await ctx.joins.forget(node.hex)
  return result
}

/**
 * Revokes a member: every node hangs up on it and refuses it from then on.
 * A supernode revokes hosts; supernodes, standbys, princesses and queens
 * only a root admin revokes, and no one a root admin.
 */
export const adminRevoke: MethodHandler<AdminRevokeParams, AdminDecisionResult> = async (ctx, params) => {
  requireAdmin(ctx)
  const node = keyOf(params.nodeId)
  const reason = reasonOf(params.reason)
  const state = ctx.fedLog.state
  const member = state.members.get(node.hex)
  if (member == null) throw new UsageError(state.revoked.has(node.hex) ? `${node.nodeId} is already revoked` : `${node.nodeId} is not a member`)
  if (isRoot(state, node.hex)) throw new UsageError(`${node.nodeId} is a root admin; a root admin cannot be revoked`)
  const queen = state.queens.has(node.hex)
  if (!isRoot(state, toHex(ctx.identity.publicKey)) && (member.role !== 'host' || queen)) {
    throw new UsageError(`${node.nodeId} is a ${queen ? 'queen' : member.role}: only a root admin revokes it`)
  }
  // a root's revocation names the node's newest operation it holds: anything the node signs later,
  // however it is stamped, is void (PROTOCOL §5, fences)
  const entries = ctx.fedLog.entries
  let through = new Uint8Array(entries[0]?.key ?? new Uint8Array(0)) // none seen: everything after the genesis
  for (let i = entries.length - 1; i >= 0; i--) {
    if (toHex(entries[i].signer) === node.hex) { through = new Uint8Array(entries[i].key); break }
  }
  return await decide(ctx, node.nodeId, { type: 'member.revoke', revoke: { node: new Uint8Array(node.key), reason, through } })
}

/** Signs an invite: the host that presents it to a supernode is admitted at once, once, before it expires. */
export const adminInvite: MethodHandler<AdminInviteParams, AdminInviteResult> = async (ctx, params) => {
  requireAdmin(ctx)
  const state = ctx.fedLog.state
  const network = networkOf(ctx, params.network ?? state.members.get(toHex(ctx.identity.publicKey))?.network ?? state.params.networks[0])
  const ttl = params.expiresInMs ?? DEFAULT_INVITE_TTL_MS
  if (!Number.isSafeInteger(ttl) || ttl < 1) throw new UsageError(`the invite's lifetime must be a positive whole number of ms, got ${String(params.expiresInMs)}`)
  const bytes = sealInvite(ctx.identity, ctx.fedLog.federationId, { network, expiresMs: Date.now() + ttl })
  const opened = openInvite(bytes, ctx.fedLog.federationId)
  if (!opened.ok) throw new Error(`a fresh invite does not open: ${opened.detail}`)
  return {
    invite: inviteToText(bytes),
    id: opened.value.idHex,
    network,
    expiresMs: opened.value.expiresMs,
    issuer: ctx.identity.nodeId,
    federationId: toHex(ctx.fedLog.federationId)
  }
}
