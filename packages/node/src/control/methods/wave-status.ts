import { nodeIdFromPublicKey } from '@waggle/protocol'
import { UsageError } from '../../errors.js'
import type { MethodHandler } from '../context.js'
import type { WaveNodeStatus, WaveStatusParams, WaveStatusResult } from '../protocol.js'

/**
 * A wave host by host: every node's newest signed report; for a member
 * with none, or whose report says it is still fetching or held, `applied`
 * when a supernode's health summary says it has this version; and the
 * nodes this node knows of (itself, its peers) that have not reported yet.
 */
export const waveStatus: MethodHandler<WaveStatusParams, WaveStatusResult> = async (ctx, params) => {
  const { channel } = params
  const current = ctx.fedLog.state.channels.get(channel)
  if (current == null) throw new UsageError(`channel "${String(channel)}" has no wave yet`)
  const version = params.version ?? current.version
  const entry = ctx.fedLog.entries.find(e => e.body.type === 'wave.announce' && e.body.wave.channel === channel &&
    e.body.wave.version === version && ctx.fedLog.outcomeOf(e.idHex)?.accepted === true)
  if (entry == null || entry.body.type !== 'wave.announce') throw new UsageError(`channel ${channel} has no accepted version ${version}`)
  const content = entry.body.wave.content
  const nodes = new Map<string, WaveNodeStatus>()
  for (const r of ctx.reports.reportsFor(entry.idHex)) {
    nodes.set(r.reporter, { nodeId: r.reporter, state: r.state, bytes: r.bytes, fromPeers: r.fromPeers, reason: r.reason, atMs: r.wallMs })
  }
  // reports live in memory and are gossiped once: a node that restarted (or heard of
  // the wave late) has none of those sent before, and one may hold a node's progress but miss
  // its applied report; the health summaries still say who applied it
  for (const [key, m] of ctx.fedLog.state.members) {
    const reported = nodes.get(m.nodeId)
    if (reported != null && reported.state !== 'fetching' && reported.state !== 'held') continue
    const seen = ctx.health.appliedVersion(key, channel)
    if (seen?.version === version) nodes.set(m.nodeId, { nodeId: m.nodeId, state: 'applied', bytes: content?.size ?? 0, fromPeers: reported?.fromPeers ?? 0, reason: 'known from a health summary', atMs: seen.seenMs })
  }
  for (const id of [ctx.identity.nodeId, ...ctx.libp2p.getPeers().map(p => p.toString())]) {
    if (!nodes.has(id)) nodes.set(id, { nodeId: id, state: 'silent', bytes: 0, fromPeers: 0, reason: '', atMs: 0 })
  }
  const list = [...nodes.values()].sort((a, b) => a.nodeId.localeCompare(b.nodeId))
  const counts = { applied: 0, fetching: 0, failed: 0, held: 0, 'not-targeted': 0, silent: 0 }
  for (const n of list) counts[n.state]++
  return {
    channel,
    version,
    entryId: entry.idHex,
    module: content?.module ?? '',
    total: content?.size ?? 0,
    publishedAtMs: entry.stamp.wallMs,
    nodes: list,
    counts,
    targets: { tags: [...entry.body.wave.targetTags], nodes: entry.body.wave.targetNodes.map(nodeIdFromPublicKey) }
  }
}
