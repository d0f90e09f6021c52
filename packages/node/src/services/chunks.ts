import { lpStream } from '@libp2p/utils'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import { ChunkRequest, ChunkResponse, MAX_CHUNK_SIZE, MAX_CHUNKS_PER_REQUEST, MAX_TREE_MANIFEST_BYTES, toHex } from '@waggle/protocol'
import type { ChunkStore } from '@waggle/sync-modules'
import type { WaggleLibp2p } from './host.js'
import type { ComponentLogger } from '../logger.js'

/** The chunk exchange stream protocol. */
export const CHUNKS_PROTOCOL = '/waggle/chunks/1.0.0'

/** Chunks asked of one peer at once: enough to keep a link busy, few enough to rebalance. */
const CHUNKS_PER_REQUEST = 8
/** How long one request may take before the peer is given up for it, ms. */
const REQUEST_TIMEOUT_MS = 30_000
/** After every peer lacked a chunk, wait this long before asking again (peers gain chunks as they fetch), ms. */
const RETRY_WAIT_MS = 250
/** Largest response frame: a manifest (the largest "chunk") plus framing. */
const MAX_RESPONSE_BYTES = Math.max(MAX_CHUNK_SIZE, MAX_TREE_MANIFEST_BYTES) + 1024

export interface ChunkServiceInit {
  /** Cap on chunk uploads, KiB/s; 0 or absent: none. */
  uploadKibps?: number
  /** Cap on chunk downloads, KiB/s; 0 or absent: none. */
  downloadKibps?: number
}

/** What a fetch learned, for reports and the origin's upload share. */
export interface FetchStats {
  bytes: number
  /** Bytes from peers other than `origin`. */
  fromPeers: number
  /** Peers dropped for serving a bad chunk. */
  badPeers: string[]
}

export interface FetchOptions {
  signal: AbortSignal
  /** Node id of the announcer: bytes from anyone else count as peer-assisted. */
  origin?: string
  /** The largest a fetched chunk may be (the manifest's size for the manifest). */
  maxBytes?: number
  onChunk?: (hash: Uint8Array, bytes: number) => void
}

/**
 * The swarm's data plane: serves every chunk this node holds to any peer
 * that asks, and fetches chunks from every connected peer in parallel.
 * Each node asks for its chunks in its own random order, so nodes soon hold
 * different chunks and serve each other instead of all asking the origin.
 * A chunk is verified (SHA-256) before it is stored; a peer that serves a
 * bad one is dropped for the rest of that fetch.
 */
export class ChunkService {
  /** Chunks this node served, and bytes uploaded. */
  readonly served = { chunks: 0, bytes: 0 }

  constructor (
    private readonly c: { libp2p: WaggleLibp2p, store: ChunkStore, log: ComponentLogger, drop?: (source: string, reason: string) => void },
    private readonly init: ChunkServiceInit = {}
  ) {}

  async start (): Promise<void> {
    await this.c.libp2p.handle(CHUNKS_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, { maxInboundStreams: 32, maxOutboundStreams: 32 })
  }

  async stop (): Promise<void> {
    await this.c.libp2p.unhandle(CHUNKS_PROTOCOL).catch(() => {})
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const lps = lpStream(stream, { maxDataLength: MAX_CHUNKS_PER_REQUEST * 40 + 64 })
    try {
      const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
      const req = ChunkRequest.decode((await lps.read({ signal })).subarray(), { limits: { hashes: MAX_CHUNKS_PER_REQUEST } })
      for (const hash of req.hashes) {
        const data = hash.byteLength === 32 ? await this.c.store.get(hash) : undefined
        await lps.write(ChunkResponse.encode({ version: 1, hash, data: data != null ? new Uint8Array(data) : new Uint8Array(0), missing: data == null }), { signal })
        if (data != null) { this.served.chunks++; this.served.bytes += data.byteLength }
      }
      await stream.close({ signal })
    } catch (err: any) {
      this.c.log.trace('serving chunks failed', { peer: connection.remotePeer.toString(), err: String(err?.message ?? err) })
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }

  /**
   * Fetches every listed chunk into the store, from whichever connected
   * peers have them; resolves when all are stored, rejects when aborted.
   */
  async fetch (hashes: readonly Uint8Array[], opts: FetchOptions): Promise<FetchStats> {
    const stats: FetchStats = { bytes: 0, fromPeers: 0, badPeers: [] }
    const wanted = new Map<string, Uint8Array>()
    for (const h of hashes) if (!(await this.c.store.has(h))) wanted.set(toHex(h), h)
    // a random order per node: nodes hold different chunks early and trade them
    const queue = [...wanted.keys()].sort(() => Math.random() - 0.5)
    const bad = new Set<string>()
    const lackedBy = new Map<string, Set<string>>() // chunk → peers that did not have it
    const busy = new Set<string>()
    const waiter: { wake?: () => void } = {}
    const wake = (): void => { waiter.wake?.() }
    while (wanted.size > 0) {
      opts.signal.throwIfAborted()
      const peers = this.c.libp2p.getPeers().map(p => p.toString()).filter(p => !bad.has(p) && !busy.has(p))
      let started = false
      for (const peer of peers) {
        // the peer's next batch: queued chunks it has not already said it lacks
        const batch = queue.filter(h => wanted.has(h) && !(lackedBy.get(h)?.has(peer) ?? false)).slice(0, CHUNKS_PER_REQUEST)
        if (batch.length === 0) continue
        for (const h of batch) queue.splice(queue.indexOf(h), 1)
        busy.add(peer)
        started = true
        void this.request(peer, batch.map(h => wanted.get(h) as Uint8Array), opts).then(result => {
          for (const [h, bytes] of result.got) {
            wanted.delete(h)
            stats.bytes += bytes
            if (opts.origin == null || peer !== opts.origin) stats.fromPeers += bytes
          }
          for (const h of result.lacked) {
            if (!lackedBy.has(h)) lackedBy.set(h, new Set())
            lackedBy.get(h)?.add(peer)
          }
          if (result.bad) { bad.add(peer); stats.badPeers.push(peer) }
          for (const h of batch) if (wanted.has(h)) queue.push(h)
        }).finally(() => { busy.delete(peer); wake() })
      }
      if (!started) {
        // nobody free has what is left: forget who lacked what (they may have it now) and wait
        if (busy.size === 0) lackedBy.clear()
        await sleep(busy.size === 0 ? RETRY_WAIT_MS : 50, opts.signal, waiter)
      } else {
        await sleep(50, opts.signal, waiter)
      }
    }
    return stats
  }

  private async request (peer: string, hashes: Uint8Array[], opts: FetchOptions): Promise<{ got: Array<[string, number]>, lacked: string[], bad: boolean }> {
    const got: Array<[string, number]> = []
    const lacked: string[] = []
    let stream: Stream | undefined
    try {
      const signal = AbortSignal.any([opts.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)])
      const target = this.c.libp2p.getPeers().find(p => p.toString() === peer) as PeerId
      stream = await this.c.libp2p.dialProtocol(target, CHUNKS_PROTOCOL, { signal })
      const lps = lpStream(stream, { maxDataLength: Math.min(MAX_RESPONSE_BYTES, (opts.maxBytes ?? MAX_CHUNK_SIZE) + 1024) })
      await lps.write(ChunkRequest.encode({ version: 1, hashes: hashes.map(h => new Uint8Array(h)) }), { signal })
      for (const want of hashes) {
        const res = ChunkResponse.decode((await lps.read({ signal })).subarray())
        const h = toHex(want)
        if (toHex(res.hash) !== h) { this.c.drop?.('chunks', 'wrong-chunk'); return { got, lacked, bad: true } }
        if (res.missing) { lacked.push(h); continue }
        if (opts.maxBytes != null && res.data.byteLength > opts.maxBytes) { this.c.drop?.('chunks', 'oversized-chunk'); return { got, lacked, bad: true } }
        try {
          await this.c.store.put(want, res.data) // verifies the hash before storing
        } catch (err: any) {
          // a local failure (a full disk) is not the peer's fault: only a hash mismatch is
          if (err?.name !== 'ChunkHashMismatchError') throw err
          this.c.log.warn('peer served a bad chunk; dropping it for this fetch', { peer, chunk: h })
          this.c.drop?.('chunks', 'bad-chunk')
          return { got, lacked, bad: true }
        }
        got.push([h, res.data.byteLength])
        opts.onChunk?.(want, res.data.byteLength)
      }
      await stream.close({ signal }).catch(() => {})
    } catch (err: any) {
      stream?.abort(err instanceof Error ? err : new Error(String(err)))
      this.c.log.trace('chunk request failed', { peer, err: String(err?.message ?? err) })
      // a failed peer is not asked again for these until the next retry round
      const answered = new Set([...got.map(([h]) => h), ...lacked])
      for (const h of hashes.map(toHex)) if (!answered.has(h)) lacked.push(h)
    }
    return { got, lacked, bad: false }
  }
}

/** Waits `ms`, or until woken (a request finished) or aborted. */
async function sleep (ms: number, signal: AbortSignal, w: { wake?: () => void }): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done (): void { clearTimeout(timer); signal.removeEventListener('abort', done); w.wake = undefined; resolve() }
    w.wake = done
    signal.addEventListener('abort', done, { once: true })
  })
}
