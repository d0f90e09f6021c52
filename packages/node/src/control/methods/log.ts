import { describeOperation, formatStamp, toHex, type LogEntry } from '@waggle/protocol'
import { CONTROL_MAX_LOG_ENTRIES } from '../../constants.js'
import { UsageError } from '../../errors.js'
import type { DaemonContext, MethodHandler } from '../context.js'
import type { LogEntryView, LogParams, LogResult } from '../protocol.js'
import { nodeIdFromPublicKey } from '@waggle/protocol'

/** Renders one entry for the control API. */
export function viewEntry (ctx: DaemonContext, e: LogEntry): LogEntryView {
  const outcome = ctx.fedLog.outcomeOf(e.idHex)
  const view: LogEntryView = {
    id: e.idHex,
    stamp: formatStamp(e.stamp),
    author: e.author,
    type: e.body.type,
    summary: describeOperation(e.body),
    outcome: outcome == null || outcome.accepted ? (ctx.fedLog.state.pending.has(e.idHex) ? 'pending approval' : 'accepted') : `refused: ${outcome.reason}`,
    receivedAtMs: ctx.fedLog.receivedAt(e.idHex) ?? 0
  }
  if (outcome != null && !outcome.accepted) view.detail = outcome.detail
  if (e.body.type === 'wave.announce') {
    const w = e.body.wave
    const c = w.content
    view.wave = { channel: w.channel, version: w.version, module: c?.module ?? '', size: c?.size ?? 0, sha256: c != null ? toHex(c.sha256) : '', name: c?.name ?? '', expiresMs: w.expiresMs }
  } else if (e.body.type === 'genesis') {
    view.genesis = { name: e.body.genesis.name, queens: e.body.genesis.queens.map(nodeIdFromPublicKey) }
  }
  return view
}

/** The log in order, newest last; optionally only one channel's waves, optionally the newest N. */
export const log: MethodHandler<LogParams, LogResult> = async (ctx, params) => {
  const limit = params.limit ?? CONTROL_MAX_LOG_ENTRIES
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > CONTROL_MAX_LOG_ENTRIES) throw new UsageError(`limit must be between 1 and ${CONTROL_MAX_LOG_ENTRIES}`)
  let entries = ctx.fedLog.entries
  if (params.channel != null) entries = entries.filter(e => e.body.type === 'wave.announce' && e.body.wave.channel === params.channel)
  const shown = entries.slice(Math.max(0, entries.length - limit))
  return { total: entries.length, entries: shown.map(e => viewEntry(ctx, e)) }
}
