import {
  checkParamValue, describeOperation, isRoot, NETWORK_NAME_PATTERN, nodeIdFromPublicKey, PARAM_NAMES, publicKeyFromNodeId, ROLE_NAMES, toHex,
  CHANNEL_NAME_PATTERN, isParamName, SUBSCRIPTION_PARAM_PREFIX
} from '@waggle/protocol'
import { UsageError } from '../../errors.js'
import { appendOperation } from './append.js'
import type { DaemonContext, MethodHandler } from '../context.js'
import type { AppendResult, RootDecideParams, RootParamParams, RootPendingResult, RootRoleParams, RootSignParams } from '../protocol.js'

/** Root admin commands: refused with a clear message on a node whose key is no root's. */
function requireRoot (ctx: DaemonContext): void {
  const state = ctx.fedLog.state
  if (!isRoot(state, toHex(ctx.identity.publicKey))) {
    const roots = (state.genesis?.roots ?? []).map(k => nodeIdFromPublicKey(Buffer.from(k, 'hex')))
    throw new UsageError(`this node (${ctx.identity.nodeId}) is not a root admin of federation "${state.genesis?.name ?? ''}"; run root commands on a root's node (roots: ${roots.join(', ')})`)
  }
}

/** An entry id given in full (64 hex characters) or by a prefix of at least 8 that names one entry of `ids`. */
function resolveId (given: string, ids: Iterable<string>, what: string): string {
  const id = given.trim().toLowerCase()
  if (!/^[0-9a-f]{8,64}$/.test(id)) throw new UsageError(`"${given}" is not an entry id (hex, at least 8 characters; \`waggle root pending\` lists them)`)
  const hits = [...ids].filter(x => x.startsWith(id))
  if (hits.length === 1) return hits[0]
  if (hits.length > 1) throw new UsageError(`"${given}" names ${hits.length} ${what}s; give more of the id`)
  throw new UsageError(`no ${what} has id ${given}; \`waggle root pending\` lists them`)
}

function keyOf (nodeId: string): Uint8Array {
  try {
    return publicKeyFromNodeId(nodeId)
  } catch (err: any) {
    throw new UsageError(`"${nodeId}" is not a node id: ${String(err?.message ?? err)}`)
  }
}

/** Root-level operations waiting for approvals, and volunteer requests waiting for a decision. */
export const rootPending: MethodHandler<Record<string, never>, RootPendingResult> = async (ctx) => {
  const state = ctx.fedLog.state
  const idOf = (k: string): string => nodeIdFromPublicKey(Buffer.from(k, 'hex'))
  const byId = new Map(ctx.fedLog.entries.filter(e => e.body.type === 'volunteer').map(e => [e.idHex, e]))
  return {
    root: isRoot(state, toHex(ctx.identity.publicKey)),
    threshold: state.genesis?.rootThreshold ?? 1,
    pending: [...state.pending.values()].map(p => ({
      entryId: p.entryId,
      type: p.type,
      summary: describeOperation(p.body),
      proposer: idOf(p.proposer),
      approvals: p.approvals.map(idOf),
      need: state.genesis?.rootThreshold ?? 1,
      approvedByMe: p.approvals.includes(toHex(ctx.identity.publicKey))
    })),
    volunteers: [...state.volunteers].filter(([, v]) => v.status === 'pending').map(([requestId, v]) => {
      const e = byId.get(requestId)
      const m = state.members.get(v.node)
      return {
        requestId,
        nodeId: idOf(v.node),
        role: v.role,
        note: e?.body.type === 'volunteer' ? e.body.volunteer.note : '',
        network: m?.network ?? '',
        currentRole: m?.role ?? 'not a member',
        // a decision already proposed, waiting for approvals
        decision: [...state.pending.values()].find(p => p.body.type === 'volunteer.decision' && toHex(p.body.decision.request) === requestId)?.entryId ?? null
      }
    })
  }
}

/** Adds this root's approval to a pending root-level operation. */
export const rootSign: MethodHandler<RootSignParams, AppendResult> = async (ctx, params) => {
  requireRoot(ctx)
  const state = ctx.fedLog.state
  if (typeof params.entry !== 'string') throw new UsageError('give the id of the entry to approve')
  const candidates = [...state.pending.keys()]
  if (state.genesis != null && !state.sealed) candidates.push(state.genesis.entryId)
  const id = resolveId(params.entry, candidates, 'pending operation')
  const p = state.pending.get(id)
  if (p?.approvals.includes(toHex(ctx.identity.publicKey)) === true) throw new UsageError(`this node already approved entry ${id.slice(0, 16)} (${p.approvals.length} of ${state.genesis?.rootThreshold ?? 1} approvals)`)
  const result = await appendOperation(ctx, { type: 'approve', approve: { entry: new Uint8Array(Buffer.from(id, 'hex')) } })
  // say what became of the approved operation, not only of the approval
  const after = ctx.fedLog.state
  const still = after.pending.get(id)
  if (still != null) {
    result.outcome = 'pending approval'
    result.approvals = { have: still.approvals.length, need: after.genesis?.rootThreshold ?? 1 }
  } else if (after.refused.has(id)) {
    const r = after.refused.get(id) as { reason: string, detail: string }
    result.outcome = `refused: ${r.reason}`
    result.detail = `the approved operation could not take effect: ${r.detail}`
  }
  result.approved = id
  return result
}

/** Approves or refuses a volunteer request. */
export const rootDecide: MethodHandler<RootDecideParams, AppendResult> = async (ctx, params) => {
  requireRoot(ctx)
  if (typeof params.approve !== 'boolean') throw new UsageError('say --approve or --refuse')
  const state = ctx.fedLog.state
  const open = [...state.volunteers].filter(([, v]) => v.status === 'pending').map(([id]) => id)
  const id = resolveId(String(params.request ?? ''), open, 'pending volunteer request')
  return await appendOperation(ctx, { type: 'volunteer.decision', decision: { request: new Uint8Array(Buffer.from(id, 'hex')), approve: params.approve } })
}

/** Grants or revokes a role. */
export const rootRole: MethodHandler<RootRoleParams, AppendResult> = async (ctx, params) => {
  requireRoot(ctx)
  const state = ctx.fedLog.state
  const roleNumber = (ROLE_NAMES as readonly string[]).indexOf(params.role)
  if (roleNumber < 1) throw new UsageError(`"${String(params.role)}" is not a role; roles: supernode, standby, princess, queen`)
  const key = keyOf(String(params.node ?? ''))
  const member = state.members.get(toHex(key))
  const channels = params.channels ?? []
  for (const c of channels) if (!CHANNEL_NAME_PATTERN.test(c)) throw new UsageError(`--channel "${c}" is not a channel name`)
  if (channels.length > 0 && params.role !== 'queen') throw new UsageError('--channel goes with the queen role only')
  const network = params.network ?? ''
  if (network !== '' && (!NETWORK_NAME_PATTERN.test(network) || !state.params.networks.includes(network))) {
    throw new UsageError(`--network "${network}" is not one of the federation's networks (${state.params.networks.join(', ')})`)
  }
  if (!params.grant) {
    if (member == null) throw new UsageError(`${String(params.node)} is not a member of the federation`)
    if (params.role === 'queen' ? !state.queens.has(toHex(key)) : member.role !== params.role) {
      throw new UsageError(`${String(params.node)} is not a ${params.role} (it is ${params.role === 'queen' ? 'no queen' : `a ${member.role}`})`)
    }
    if (network !== '') throw new UsageError('--network goes with grant only')
  } else if (member == null && network === '') {
    throw new UsageError(`${String(params.node)} is not a member of the federation; say which --network it joins`)
  }
  return await appendOperation(ctx, { type: 'role.change', role: { node: new Uint8Array(key), role: roleNumber, grant: params.grant, channels, network } })
}

/** Sets a federation parameter. */
export const rootParam: MethodHandler<RootParamParams, AppendResult> = async (ctx, params) => {
  requireRoot(ctx)
  const raw = String(params.name ?? '')
  // min-supernodes reads as min_supernodes; a network's name (channels.<network>) keeps its dashes
  const name = raw.startsWith(SUBSCRIPTION_PARAM_PREFIX) ? raw : raw.replaceAll('-', '_')
  if (!isParamName(name)) throw new UsageError(`"${raw}" is not a parameter; parameters: ${PARAM_NAMES.join(', ')}, ${SUBSCRIPTION_PARAM_PREFIX}<network> (the channels a network takes)`)
  const value = String(params.value ?? '')
  const problem = checkParamValue(name, value)
  if (problem != null) throw new UsageError(problem)
  return await appendOperation(ctx, { type: 'param.set', param: { name, value } })
}
