import type { MethodHandler } from '../context.js'
import type { PeersResult } from '../protocol.js'

/** The peers this node is connected to, with their connections' addresses. */
export const peers: MethodHandler<Record<string, never>, PeersResult> = async (ctx) => {
  const byPeer = new Map<string, PeersResult['peers'][number]>()
  for (const conn of ctx.libp2p.getConnections()) {
    const id = conn.remotePeer.toString()
    const row = byPeer.get(id) ?? { nodeId: id, addresses: [], direction: conn.direction, openedAtMs: conn.timeline.open }
    row.addresses.push(conn.remoteAddr.toString())
    byPeer.set(id, row)
  }
  return { peers: [...byPeer.values()].sort((a, b) => a.nodeId.localeCompare(b.nodeId)) }
}
