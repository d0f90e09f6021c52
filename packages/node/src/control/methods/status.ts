import { formatStamp, toHex } from '@waggle/protocol'
import type { MethodHandler } from '../context.js'
import type { StatusResult } from '../protocol.js'

/** The node at a glance: identity, federation, peers, log, channels, drops, memory. */
export const status: MethodHandler<Record<string, never>, StatusResult> = async (ctx) => {
  const state = ctx.fedLog.state
  const mem = process.memoryUsage()
  return {
    nodeId: ctx.identity.nodeId,
    federationId: toHex(ctx.fedLog.federationId),
    federation: state.genesis?.name ?? '',
    pid: process.pid,
    uptimeMs: Date.now() - ctx.startedAtMs,
    addresses: ctx.libp2p.getMultiaddrs().map(a => a.toString()),
    peers: ctx.libp2p.getPeers().length,
    topicPeers: ctx.libp2p.services.pubsub.getSubscribers(ctx.gossip.topic).length,
    queen: state.queens.has(toHex(ctx.identity.publicKey)),
    role: state.members.get(toHex(ctx.identity.publicKey))?.role ?? 'none',
    network: state.members.get(toHex(ctx.identity.publicKey))?.network ?? '',
    log: { entries: ctx.fedLog.size, refused: state.refused.size, lastStamp: formatStamp(ctx.fedLog.lastStamp()) },
    uploaded: { ...ctx.chunks.served, byPeer: Object.fromEntries(ctx.chunks.servedTo) },
    downloaded: { ...ctx.chunks.received },
    applied: Object.fromEntries(Object.entries(ctx.content.appliedVersions()).map(([c, a]) => [c, a.version])),
    channels: [...state.channels.values()].map(c => ({
      channel: c.channel, version: c.version, entryId: c.entryId, announcedBy: c.announcedBy, size: c.content.size, sha256: c.content.sha256, name: c.content.name
    })),
    dropped: Object.fromEntries(ctx.fedLog.dropped),
    memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed }
  }
}
