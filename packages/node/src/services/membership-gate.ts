import { multiaddr } from '@multiformats/multiaddr'
import { isAdmin, isMember, publicKeyFromNodeId, toHex, type Identity } from '@waggle/protocol'
import type { Connection, ConnectionGater, PeerId, StreamHandler, StreamHandlerOptions } from '@libp2p/interface'
import type { Libp2p } from 'libp2p'
import { JOIN_WINDOW_MS } from '../constants.js'
import type { FederationLog } from './federation-log.js'
import type { ComponentLogger } from '../logger.js'

/** Whether a peer may use this node's protocols: what services ask of the gate. */
export interface PeerTrust {
  trusts: (peer: PeerId) => boolean
}

export interface MembershipGateComponents {
  identity: Identity
  fedLog: FederationLog
  log: ComponentLogger
}

export interface MembershipGateInit {
  /** The node's bootstrap multiaddrs: peers it trusts until its log says otherwise (see trusts). */
  bootstrap?: readonly string[]
  /** How long a non-member may stay connected to an admin for its join exchange, ms. */
  joinWindowMs?: number
  /**
   * Trust members of this node's own network only (as a host behind a
   * firewall that reaches nothing but its network, its princesses among it).
   */
  isolated?: boolean
}

/** The raw Ed25519 key of a peer id, in hex; undefined for any other key type. */
export function peerKeyHex (peer: PeerId): string | undefined {
  return peer.type === 'Ed25519' ? toHex(peer.publicKey.raw) : undefined
}

function keyHexOfNodeId (nodeId: string): string | undefined {
  try {
    return toHex(publicKeyFromNodeId(nodeId))
  } catch {
    return undefined
  }
}

/**
 * Who may talk to this node (ARCHITECTURE, Trust: "nobody else gets in").
 *
 * - The connection gater admits, after the Noise handshake has proved the
 *   remote's key, only peers this node trusts: members of the federation by
 *   its current log, in both directions. A node that is an admin (an active
 *   supernode or a root) also admits non-members, whose only use of it is
 *   the join protocol; their connection is closed when the join exchange is
 *   done, or after `joinWindowMs`. Revoked nodes are refused everywhere.
 * - Every stream protocol registered through `libp2p.handle` refuses a peer
 *   it does not trust, unless registered with {@link handleOpen}: a
 *   protocol added later is members-only without anyone remembering to say
 *   so. Gossipsub (registered by libp2p itself) gives strangers a score far
 *   below its graylist, so it neither takes their messages nor sends them
 *   any, and the topic validators reject what a stranger relays.
 * - When the log changes, every connection to a peer that is no longer
 *   trusted is closed.
 *
 * An isolated node (config `network.isolated`) trusts members of its own
 * network only, as a host behind a firewall that reaches nothing else.
 *
 * A bootstrap peer the log does not name (and has not revoked) is trusted:
 * a node that has just joined, or was down for long, holds an old log and
 * must reach its bootstrap peers to catch up on the members admitted since.
 *
 * Refusals are counted in the log's drop counters (`gater.*`), which
 * `waggle status` shows.
 */
export class MembershipGate implements PeerTrust {
  readonly gater: ConnectionGater
  private readonly c: MembershipGateComponents
  private readonly selfHex: string
  private readonly bootstrap: Set<string>
  private readonly joinWindowMs: number
  private readonly isolated: boolean
  private libp2p?: Libp2p
  private openHandle?: Libp2p['handle']
  private readonly strangerTimers = new Map<string, ReturnType<typeof setTimeout>>()
  private sweepScheduled = false
  private wasMember = true
  private readonly onEntries = (): void => { this.scheduleSweep() }
  private readonly onOpen = (evt: CustomEvent<Connection>): void => { this.watchStranger(evt.detail) }
  private readonly onClose = (evt: CustomEvent<Connection>): void => {
    const timer = this.strangerTimers.get(evt.detail.id)
    if (timer != null) { clearTimeout(timer); this.strangerTimers.delete(evt.detail.id) }
  }

  constructor (components: MembershipGateComponents, init: MembershipGateInit = {}) {
    this.c = components
    this.selfHex = toHex(components.identity.publicKey)
    this.joinWindowMs = init.joinWindowMs ?? JOIN_WINDOW_MS
    this.isolated = init.isolated === true
    this.bootstrap = new Set()
    for (const addr of init.bootstrap ?? []) {
      let id: string | undefined
      try { id = multiaddr(addr).getComponents().find(c => c.name === 'p2p')?.value } catch {}
      const key = id != null ? keyHexOfNodeId(id) : undefined
      if (key != null) this.bootstrap.add(key)
    }
    this.gater = {
      denyInboundEncryptedConnection: (peer) => this.denyInbound(peer),
      denyOutboundEncryptedConnection: (peer) => this.denyOutbound(peer)
    }
  }

  /** Whether this node is an admin now, and so takes join requests from strangers. */
  admitsStrangers (): boolean {
    return isAdmin(this.c.fedLog.state, this.selfHex)
  }

  /** Whether the peer may use this node's protocols: a member, or a bootstrap peer the log has not revoked and does not know yet. */
  trusts (peer: PeerId): boolean {
    const key = peerKeyHex(peer)
    return key != null && this.trustsKey(key)
  }

  private trustsKey (key: string): boolean {
    const state = this.c.fedLog.state
    if (isMember(state, key)) return !this.isolated || this.sameNetwork(key)
    return this.bootstrap.has(key) && !state.revoked.has(key)
  }

  /** Whether a member is of this node's network (true while this node is not a member itself). */
  private sameNetwork (key: string): boolean {
    const state = this.c.fedLog.state
    const mine = state.members.get(this.selfHex)?.network
    return mine == null || state.members.get(key)?.network === mine
  }

  /**
   * Gossipsub's application score of a peer (its weight is 10): 0 for a
   * trusted peer, far below the graylist threshold (-80) for anyone else,
   * so gossipsub ignores a stranger's RPCs and publishes nothing to it.
   */
  readonly appSpecificScore = (peerId: string): number => {
    const key = keyHexOfNodeId(peerId)
    return key != null && this.trustsKey(key) ? 0 : -1000
  }

  private denyInbound (peer: PeerId): boolean {
    const key = peerKeyHex(peer)
    if (key != null && this.trustsKey(key)) return false
    if (key != null && this.c.fedLog.state.revoked.has(key)) return this.refuse('inbound-revoked', peer)
    if (key != null && isMember(this.c.fedLog.state, key)) return this.refuse('inbound-isolated', peer)
    if (key != null && this.admitsStrangers()) return false
    return this.refuse('inbound-not-a-member', peer)
  }

  private denyOutbound (peer: PeerId): boolean {
    const key = peerKeyHex(peer)
    if (key != null && this.trustsKey(key)) return false
    if (key != null && this.c.fedLog.state.revoked.has(key)) return this.refuse('outbound-revoked', peer)
    if (key != null && isMember(this.c.fedLog.state, key)) return this.refuse('outbound-isolated', peer)
    return this.refuse('outbound-not-a-member', peer)
  }

  private refuse (reason: string, peer: PeerId): true {
    this.c.fedLog.drop('gater', reason)
    this.c.log.trace('connection refused', { peer: peer.toString(), reason })
    return true
  }

  /**
   * Makes every protocol handler registered from now on through
   * `libp2p.handle` refuse peers the gate does not trust. Called on the
   * host before any service registers its handlers.
   */
  guardHandlers (libp2p: Libp2p): void {
    const open = libp2p.handle.bind(libp2p)
    this.openHandle = open
    libp2p.handle = async (protocol: string | string[], handler: StreamHandler, options?: StreamHandlerOptions): Promise<void> => {
      await open(protocol, (stream, connection) => {
        if (this.trusts(connection.remotePeer)) return handler(stream, connection)
        this.c.fedLog.drop('gater', 'stream-not-a-member')
        stream.abort(new Error('this node serves members of its federation only'))
      }, options)
    }
  }

  /** Registers a handler that strangers may use too (the join protocol). */
  async handleOpen (libp2p: Libp2p, protocol: string, handler: StreamHandler, options?: StreamHandlerOptions): Promise<void> {
    await (this.openHandle ?? libp2p.handle.bind(libp2p))(protocol, handler, options)
  }

  /** Starts watching connections and the log. */
  start (libp2p: Libp2p): void {
    this.libp2p = libp2p
    this.wasMember = isMember(this.c.fedLog.state, this.selfHex)
    this.c.fedLog.addEventListener('entries', this.onEntries)
    libp2p.addEventListener('connection:open', this.onOpen)
    libp2p.addEventListener('connection:close', this.onClose)
    for (const conn of libp2p.getConnections()) this.watchStranger(conn)
  }

  stop (): void {
    this.c.fedLog.removeEventListener('entries', this.onEntries)
    this.libp2p?.removeEventListener('connection:open', this.onOpen)
    this.libp2p?.removeEventListener('connection:close', this.onClose)
    for (const t of this.strangerTimers.values()) clearTimeout(t)
    this.strangerTimers.clear()
  }

  /** Closes a stranger's connection: its join exchange is over. A trusted peer's is left alone. */
  release (connection: Connection): void {
    if (this.trusts(connection.remotePeer)) return
    this.hangUp(connection)
  }

  private watchStranger (conn: Connection): void {
    if (this.trusts(conn.remotePeer) || this.strangerTimers.has(conn.id)) return
    const timer = setTimeout(() => {
      this.strangerTimers.delete(conn.id)
      if (conn.status === 'open' && !this.trusts(conn.remotePeer)) {
        this.c.fedLog.drop('gater', 'join-window-over')
        this.hangUp(conn)
      }
    }, this.joinWindowMs)
    timer.unref()
    this.strangerTimers.set(conn.id, timer)
  }

  /** Catch-up brings thousands of entries at once: look at the connections once per turn of the event loop. */
  private scheduleSweep (): void {
    if (this.sweepScheduled) return
    this.sweepScheduled = true
    setImmediate(() => {
      this.sweepScheduled = false
      this.sweep()
    })
  }

  /** Hangs up on every peer the log no longer lets in. */
  private sweep (): void {
    const libp2p = this.libp2p
    if (libp2p == null) return
    const member = isMember(this.c.fedLog.state, this.selfHex)
    if (this.wasMember && !member) this.c.log.error('this node is no longer a member of its federation: its peers will refuse it', { nodeId: this.c.identity.nodeId })
    this.wasMember = member
    const admin = this.admitsStrangers()
    const now = Date.now()
    for (const conn of libp2p.getConnections()) {
      const key = peerKeyHex(conn.remotePeer)
      if (key != null && this.trustsKey(key)) continue
      // a stranger in its join window on an admin may stay until the window closes
      const joining = admin && key != null && !this.c.fedLog.state.revoked.has(key) && conn.direction === 'inbound' && now - conn.timeline.open < this.joinWindowMs
      if (joining) continue
      this.c.fedLog.drop('gater', 'hung-up-not-a-member')
      this.c.log('hanging up on a peer that is not a member', { peer: conn.remotePeer.toString() })
      this.hangUp(conn)
    }
  }

  private hangUp (conn: Connection): void {
    conn.close({ signal: AbortSignal.timeout(1_000) }).catch(() => {
      conn.abort(new Error('not a member of the federation'))
    })
  }
}
