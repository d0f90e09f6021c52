import { lpStream } from '@libp2p/utils'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import {
  CATCHUP_BATCH_ENTRIES, CATCHUP_MAX_BUCKETS, CATCHUP_MAX_FRAME_BYTES, CatchupRequest, CatchupResponse, decodeEntry,
  entriesMissingFrom, equalBytes, PROTOCOL_VERSION, summarize, type LogEntry
} from '@waggle/protocol'
import { CATCHUP_MAX_REQUEST_BYTES, CATCHUP_TIMEOUT_MS } from '../constants.js'
import type { FederationLog } from './federation-log.js'
import type { PeerTrust } from './membership-gate.js'
import type { WaggleLibp2p } from './host.js'
import type { ComponentLogger } from '../logger.js'

/** The catch-up stream protocol. */
export const CATCHUP_PROTOCOL = '/waggle/catchup/1.0.0'

/** Batches being verified while the next ones are read. */
const VERIFY_PIPELINE_DEPTH = 8

export interface CatchupResult {
  peer: string
  /** Entries the peer sent. */
  received: number
  /** Entries that were new and entered the log. */
  added: number
}

export interface CatchupInit {
  intervalMs: number
}

/**
 * Catch-up: a node sends a peer a summary of its log (consecutive buckets,
 * each a count and an XOR of ids); the peer answers with the entries of
 * every bucket that differs and everything after, in batches. The asker
 * verifies each batch on worker threads while reading the next, then
 * stores it. Run when a peer connects and every `intervalMs` with a random
 * peer, so a node that was down or missed gossip converges.
 */
export class CatchupService {
  private readonly libp2p: WaggleLibp2p
  private readonly fedLog: FederationLog
  private readonly log: ComponentLogger
  private readonly intervalMs: number
  private timer?: ReturnType<typeof setInterval>
  private readonly running = new Map<string, Promise<CatchupResult>>()
  private stopped = false
  private synced = false
  private readonly trust?: PeerTrust
  private readonly onIdentify = (evt: CustomEvent<{ peerId: PeerId, protocols: string[] }>): void => {
    if (evt.detail.protocols.includes(CATCHUP_PROTOCOL) && this.trusts(evt.detail.peerId)) this.pullQuietly(evt.detail.peerId)
  }

  constructor (components: { libp2p: WaggleLibp2p, fedLog: FederationLog, log: ComponentLogger, trust?: PeerTrust }, init: CatchupInit) {
    this.libp2p = components.libp2p
    this.fedLog = components.fedLog
    this.log = components.log
    this.trust = components.trust
    this.intervalMs = init.intervalMs
  }

  async start (): Promise<void> {
    await this.libp2p.handle(CATCHUP_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, { maxInboundStreams: 8, maxOutboundStreams: 8 })
    this.libp2p.addEventListener('peer:identify', this.onIdentify)
    this.timer = setInterval(() => { this.pullFromRandomPeer() }, this.intervalMs)
    this.timer.unref()
  }

  async stop (): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    this.libp2p.removeEventListener('peer:identify', this.onIdentify)
    await this.libp2p.unhandle(CATCHUP_PROTOCOL).catch(() => {})
  }

  /** Members only: a stranger on an admin is there for its join exchange, and is sent no summary of the log. */
  private trusts (peer: PeerId): boolean {
    return this.trust == null || this.trust.trusts(peer)
  }

  private pullFromRandomPeer (): void {
    const peers = this.libp2p.getPeers().filter(p => this.trusts(p))
    if (peers.length > 0) this.pullQuietly(peers[Math.floor(Math.random() * peers.length)])
  }

  private pullQuietly (peer: PeerId): void {
    this.pull(peer).catch(err => {
      if (!this.stopped) this.log.warn('catch-up failed', { peer: peer.toString(), err: String(err?.message ?? err) })
    })
  }

  /**
   * Whether an exchange with a peer has completed since this node started:
   * until then its log may lack whatever happened while it was down.
   */
  get caughtUp (): boolean {
    return this.synced
  }

  /** Pulls what this node lacks from one peer. Concurrent calls for one peer share one exchange. */
  async pull (peer: PeerId): Promise<CatchupResult> {
    const key = peer.toString()
    let p = this.running.get(key)
    if (p == null) {
      p = this.exchange(peer)
        .then(result => { this.synced = true; return result })
        .finally(() => { this.running.delete(key) })
      this.running.set(key, p)
    }
    return await p
  }

  private async exchange (peer: PeerId): Promise<CatchupResult> {
    const signal = AbortSignal.timeout(CATCHUP_TIMEOUT_MS)
    const stream = await this.libp2p.dialProtocol(peer, CATCHUP_PROTOCOL, { signal })
    const lps = lpStream(stream, { maxDataLength: CATCHUP_MAX_FRAME_BYTES })
    const result: CatchupResult = { peer: peer.toString(), received: 0, added: 0 }
    const inflight: Array<Promise<void>> = []
    try {
      await lps.write(CatchupRequest.encode({ version: PROTOCOL_VERSION, federation: new Uint8Array(this.fedLog.federationId), buckets: summarize(this.fedLog.entries) }), { signal })
      while (true) {
        const frame = await lps.read({ signal })
        let response: CatchupResponse
        try {
          response = CatchupResponse.decode(frame.subarray(), { limits: { envelopes: CATCHUP_BATCH_ENTRIES } })
        } catch (err: any) {
          this.fedLog.drop('catchup', 'malformed-frame')
          throw new Error(`peer sent a malformed catch-up frame: ${String(err?.message ?? err)}`)
        }
        if (response.error !== '') throw new Error(`peer refused catch-up: ${response.error}`)
        const batch: LogEntry[] = []
        for (const bytes of response.envelopes) {
          const decoded = decodeEntry(bytes)
          if (!decoded.ok) {
            this.fedLog.drop('catchup', decoded.reason)
            throw new Error(`peer sent an invalid entry: ${decoded.detail}`)
          }
          batch.push(decoded.value)
        }
        result.received += batch.length
        // Verify this batch on worker threads while the next is read; store in order.
        const admitted = this.fedLog.admitMany(batch, 'catchup')
        const previous = inflight[inflight.length - 1] ?? Promise.resolve()
        inflight.push(previous.then(async () => {
          const ok = (await admitted).flatMap(a => a.ok ? [a.entry] : [])
          result.added += (await this.fedLog.ingest(ok, 'catchup')).length
        }))
        if (inflight.length > VERIFY_PIPELINE_DEPTH) await inflight.shift()
        if (response.done) break
      }
      await Promise.all(inflight)
      await stream.close({ signal }).catch(() => {})
      if (result.added > 0) this.log('caught up', { ...result })
      return result
    } catch (err: any) {
      await Promise.allSettled(inflight)
      stream.abort(err instanceof Error ? err : new Error(String(err)))
      throw err
    }
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const lps = lpStream(stream, { maxDataLength: CATCHUP_MAX_REQUEST_BYTES })
    const signal = AbortSignal.timeout(CATCHUP_TIMEOUT_MS)
    try {
      const frame = await lps.read({ signal })
      let request: CatchupRequest
      try {
        request = CatchupRequest.decode(frame.subarray(), { limits: { buckets: CATCHUP_MAX_BUCKETS } })
      } catch {
        this.fedLog.drop('catchup-serve', 'malformed-request')
        stream.abort(new Error('malformed catch-up request'))
        return
      }
      const refuse = async (error: string): Promise<void> => {
        this.fedLog.drop('catchup-serve', 'refused')
        await lps.write(CatchupResponse.encode({ version: PROTOCOL_VERSION, envelopes: [], done: true, error }), { signal })
        await stream.close({ signal })
      }
      if (request.version !== PROTOCOL_VERSION) { await refuse(`unsupported catch-up version ${request.version}`); return }
      if (!equalBytes(request.federation, this.fedLog.federationId)) { await refuse('another federation'); return }
      const missing = entriesMissingFrom(this.fedLog.entries, request.buckets)
      if (!missing.ok) { await refuse(missing.detail); return }
      const entries = missing.value
      for (let i = 0; i === 0 || i < entries.length; i += CATCHUP_BATCH_ENTRIES) {
        const batch = entries.slice(i, i + CATCHUP_BATCH_ENTRIES)
        const done = i + CATCHUP_BATCH_ENTRIES >= entries.length
        await lps.write(CatchupResponse.encode({ version: PROTOCOL_VERSION, envelopes: batch.map(e => e.envelope as Uint8Array<ArrayBuffer>), done, error: '' }), { signal })
      }
      await stream.close({ signal })
    } catch (err: any) {
      this.fedLog.drop('catchup-serve', 'stream-error')
      this.log.trace('serving catch-up failed', { peer: connection.remotePeer.toString(), err: String(err?.message ?? err) })
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }
}
