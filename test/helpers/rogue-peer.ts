import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Stream } from '@libp2p/interface'
import { CATCHUP_PROTOCOL, createHost, JOIN_PROTOCOL, logTopic, waitFor, type WaggleLibp2p } from '@waggle/node'
import { CATCHUP_MAX_FRAME_BYTES, CatchupResponse, generateIdentity, JoinResponse, type Identity } from '@waggle/protocol'

/** How long one exchange of the rogue with a node may take, in ms; generous for a loaded 2-core machine. */
const ROGUE_EXCHANGE_TIMEOUT_MS = 20_000

export interface RoguePeerInit {
  /** The federation whose gossip topic the peer joins. */
  federationId: Uint8Array
  /**
   * The peer's key; a random one by default. Nodes let only members of
   * the federation connect, so a rogue that is to reach them needs a key
   * the genesis names (LocalFleet's `extraMembers`).
   */
  identity?: Identity
  /**
   * When given, the peer serves the catch-up protocol: every node that pulls
   * from it is sent these frames (called once per pull), whatever it asked.
   */
  catchupFrames?: () => Uint8Array[]
}

/**
 * A hostile peer in the test process: the same libp2p stack as a daemon
 * (so it speaks gossipsub and the catch-up protocol), a key that is no
 * queen (a member's, or a stranger's), and no validation of its own. Tests use it to put bytes on the
 * wire that an honest node would never send.
 */
export class RoguePeer {
  readonly identity: Identity
  readonly libp2p: WaggleLibp2p
  readonly topic: string
  /** Catch-up pulls this peer has answered. */
  pullsServed = 0

  private constructor (identity: Identity, libp2p: WaggleLibp2p, topic: string) {
    this.identity = identity
    this.libp2p = libp2p
    this.topic = topic
  }

  /** Starts a rogue peer on a random loopback port, subscribed to the federation's topic. */
  static async start (init: RoguePeerInit): Promise<RoguePeer> {
    const identity = init.identity ?? generateIdentity()
    const libp2p = await createHost({ identity, listen: ['/ip4/127.0.0.1/tcp/0'], announce: [] })
    const peer = new RoguePeer(identity, libp2p, logTopic(init.federationId))
    await libp2p.start()
    const frames = init.catchupFrames
    if (frames != null) {
      // libp2p 3.x: positional (stream, connection); streams are message streams, not it-pipe duplexes
      await libp2p.handle(CATCHUP_PROTOCOL, (stream) => { peer.serveGarbage(stream, frames()).catch(() => {}) })
    }
    libp2p.services.pubsub.subscribe(peer.topic)
    return peer
  }

  private async serveGarbage (stream: Stream, frames: Uint8Array[]): Promise<void> {
    const signal = AbortSignal.timeout(ROGUE_EXCHANGE_TIMEOUT_MS)
    const lps = lpStream(stream)
    try {
      await lps.read({ signal })
      this.pullsServed++
      for (const frame of frames) await lps.write(frame, { signal })
      await stream.close({ signal })
    } catch (err: any) {
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }

  /**
   * Connects to a node and waits until the node is known to be subscribed to
   * the federation's topic, so a gossiped message is sent to it.
   */
  async connect (addr: string): Promise<void> {
    const ma = multiaddr(addr)
    const peer = peerIdFromString(ma.getComponents().find(c => c.name === 'p2p')?.value ?? '')
    await this.libp2p.dial(ma, { signal: AbortSignal.timeout(ROGUE_EXCHANGE_TIMEOUT_MS) })
    await waitFor(`${peer.toString()} to be a subscriber of ${this.topic} as the rogue sees it`,
      () => this.libp2p.services.pubsub.getSubscribers(this.topic).some(p => p.equals(peer)))
  }

  /** Closes every connection to a node. */
  async disconnect (addr: string): Promise<void> {
    const ma = multiaddr(addr)
    await this.libp2p.hangUp(peerIdFromString(ma.getComponents().find(c => c.name === 'p2p')?.value ?? ''))
  }

  /** Publishes raw bytes on the federation's topic; resolves to the node ids it was sent to. */
  async gossip (data: Uint8Array): Promise<string[]> {
    const { recipients } = await this.libp2p.services.pubsub.publish(this.topic, data)
    return recipients.map(p => p.toString())
  }

  /**
   * Opens the catch-up protocol on a node and sends one length-prefixed
   * frame. Resolves once the node has ended or reset the stream (or after
   * the exchange bound; the caller asserts on the node's counters, not on this).
   */
  async sendCatchupFrame (addr: string, frame: Uint8Array): Promise<void> {
    const signal = AbortSignal.timeout(ROGUE_EXCHANGE_TIMEOUT_MS)
    const stream = await this.libp2p.dialProtocol(multiaddr(addr), CATCHUP_PROTOCOL, { signal })
    const lps = lpStream(stream, { maxDataLength: CATCHUP_MAX_FRAME_BYTES })
    try {
      await lps.write(frame, { signal })
      // a node that refuses the request resets the stream; one that answers sends a frame
      await lps.read({ signal }).catch(() => {})
    } finally {
      stream.abort(new Error('rogue is done'))
    }
  }

  /** Runs one catch-up exchange as an honest asker would; resolves to every response frame. */
  async pullFrom (addr: string, request: Uint8Array): Promise<CatchupResponse[]> {
    const signal = AbortSignal.timeout(ROGUE_EXCHANGE_TIMEOUT_MS)
    const stream = await this.libp2p.dialProtocol(multiaddr(addr), CATCHUP_PROTOCOL, { signal })
    const lps = lpStream(stream, { maxDataLength: CATCHUP_MAX_FRAME_BYTES })
    const responses: CatchupResponse[] = []
    try {
      await lps.write(request, { signal })
      while (true) {
        const response = CatchupResponse.decode((await lps.read({ signal })).subarray())
        responses.push(response)
        if (response.done) break
      }
      await stream.close({ signal })
      return responses
    } catch (err: any) {
      stream.abort(err instanceof Error ? err : new Error(String(err)))
      throw err
    }
  }

  /**
   * Sends one frame on the join protocol and reads the answer. Rejects when
   * the node drops the request unanswered (or refuses the connection).
   */
  async join (addr: string, frame: Uint8Array): Promise<JoinResponse> {
    const signal = AbortSignal.timeout(ROGUE_EXCHANGE_TIMEOUT_MS)
    const ma = multiaddr(addr)
    try {
      const stream = await this.libp2p.dialProtocol(ma, JOIN_PROTOCOL, { signal })
      const lps = lpStream(stream, { maxDataLength: 1024 * 1024 })
      try {
        await lps.write(frame, { signal })
        const response = JoinResponse.decode((await lps.read({ signal })).subarray())
        await stream.close({ signal })
        return response
      } catch (err: any) {
        stream.abort(err instanceof Error ? err : new Error(String(err)))
        throw err instanceof Error ? err : new Error(`the join exchange failed: ${String(err?.type ?? err)}`)
      }
    } finally {
      // the node hangs up on a stranger after each exchange: the next one must not find the closing connection
      await this.libp2p.hangUp(peerIdFromString(ma.getComponents().find(c => c.name === 'p2p')?.value ?? '')).catch(() => {})
    }
  }

  async stop (): Promise<void> {
    await this.libp2p.stop()
  }
}
