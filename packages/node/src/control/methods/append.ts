import { describeOperation, type OperationInput } from '@waggle/protocol'
import { UsageError } from '../../errors.js'
import type { DaemonContext } from '../context.js'
import type { AppendResult } from '../protocol.js'

/**
 * Signs an operation by this node, adds it to the log, gossips it, and says
 * how the log took it: accepted, pending approval (with the approvals it
 * has and needs), or refused with the reducer's reason.
 */
export async function appendOperation (ctx: DaemonContext, body: OperationInput): Promise<AppendResult> {
  let entry
  try {
    entry = await ctx.fedLog.append(body)
  } catch (err: any) {
    if (err?.name === 'InvalidOperationError') throw new UsageError(String(err.message))
    throw err
  }
  const recipients = await ctx.gossip.publish(entry.envelope).catch(() => 0)
  const outcome = ctx.fedLog.outcomeOf(entry.idHex)
  const state = ctx.fedLog.state
  const result: AppendResult = { entryId: entry.idHex, type: entry.body.type, summary: describeOperation(entry.body), outcome: 'accepted', recipients }
  if (outcome != null && !outcome.accepted) {
    result.outcome = `refused: ${outcome.reason}`
    result.detail = outcome.detail
  } else if (state.refused.has(entry.idHex)) {
    const r = state.refused.get(entry.idHex) as { reason: string, detail: string }
    result.outcome = `refused: ${r.reason}`
    result.detail = r.detail
  } else {
    const pending = state.pending.get(entry.idHex)
    if (pending != null) {
      result.outcome = 'pending approval'
      result.approvals = { have: pending.approvals.length, need: state.genesis?.rootThreshold ?? 1 }
    }
  }
  return result
}
