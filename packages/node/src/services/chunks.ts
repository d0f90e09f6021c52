import { lpStream } from '@libp2p/utils'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import { ChunkRequest, ChunkResponse, chunkResponseParts, MAX_CHUNK_SIZE, MAX_CHUNKS_PER_REQUEST, MAX_TREE_MANIFEST_BYTES, toHex } from '@waggle/protocol'
import { Uint8ArrayList } from 'uint8arraylist'
import type { ChunkStore } from '@waggle/sync-modules'
import { rateLimiter, type RateLimiter } from './rate-limit.js'
import { rendezvousOwner, shareOrder, splitShares } from './chunk-shares.js'
import type { WaggleLibp2p } from './host.js'
import type { PeerTrust } from './membership-gate.js'
import type { ComponentLogger } from '../logger.js'

/** The chunk exchange stream protocol. */
export const CHUNKS_PROTOCOL = '/waggle/chunks/1.0.0'

/**
 * Chunks asked of one peer in one request: few, so that a chunk waits
 * behind little at a busy peer, but each request opens a stream (a protocol
 * negotiation and a peer-store update on both sides): 8 rather than 4 cut
 * the content bench's CPU by about a tenth.
 */
const CHUNKS_PER_REQUEST = 8
/**
 * Requests in flight to the origin: one, so that this node's share lands in
 * order (the origin serves its askers in turn, a chunk each), the order its
 * peers ask for it in. Two would land interleaved and hold those answers up.
 */
const ORIGIN_REQUESTS = 1
/** Requests in flight to any other peer: all its peers share its link, one each keeps it busy. */
const PEER_REQUESTS = 1
/**
 * Most time one response may take to arrive, ms. It includes the peer's
 * wait at its upload cap, where each chunk queues behind one chunk of every
 * other asker: at the origin, one of every member. 120 s covers 100 members
 * fetching 1 MiB chunks from an origin capped at 1 MiB/s. Past that every
 * response times out and is asked again at the back of the queue, and the
 * origin's upload on it is lost: OPERATIONS.md tells operators the bound.
 */
const RESPONSE_TIMEOUT_MS = 120_000
/**
 * A peer that lacked a chunk is asked for it again after this long (it
 * fetches meanwhile), ms; twice as long after each request in which it had
 * nothing and held nothing (it has not begun: with twenty peers, asking
 * each one that often costs more than the wait), up to RECHECK_MAX_MS.
 */
const RECHECK_MS = 400
const RECHECK_MAX_MS = 3_200
/**
 * How long a node holds its answer to a peer for a chunk of its own share
 * that it is about to get from the origin, ms: the peer gets the chunk as it
 * lands instead of `missing` and a retry. Only chunks coming from the origin
 * are waited for, so two nodes never wait on each other. Long, because at a
 * low upload cap the origin sends each of ten members a chunk only every
 * few seconds.
 */
const HOLD_MS = 10_000
/** The chunks of its share a node holds answers for: those it fetches now and next, not ones far ahead. */
const HOLD_AHEAD = 2 * CHUNKS_PER_REQUEST
/** A `missing` that took this long came from a peer that held the chunk: one that is fetching it, ms. */
const HELD_ANSWER_MS = 1_000
/**
 * A member that served or held nothing for us for this long, ms, and for
 * STALL_GAPS times the time between our own chunks from the origin, while
 * the part of its share we got lags the part of ours by STALL_LAG, is
 * stalled: its chunks are shared out again. Long enough that a node that
 * heard of the wave late is not taken for a dead one (re-sharing the
 * chunks of a live member makes the origin send them twice); the origin
 * sends each member a chunk in turn, so with many members or a low cap a
 * live member's next chunk comes late.
 */
const STALL_SILENT_MS = 4_000
const STALL_GAPS = 4
const STALL_LAG = 0.25
/** Fetches of chunks no larger than this (a tree manifest) ask everyone, the origin first: there is nothing to share out. */
const SMALL_FETCH_BYTES = 1024 * 1024
/** The scheduler looks at the peers again at least this often while it waits, ms. */
const IDLE_LOOK_MS = 1_000
/**
 * Bytes of chunks fetched lately that a node keeps in memory to serve again:
 * a member serves each chunk of its share to every other member within a
 * second or two, and a copy verified on arrival spares a read and a hash
 * each time. Only chunks from the origin are kept (and manifests): those
 * are the ones others ask this node for, and the chunks it gets from other
 * members would push them out.
 */
const RECENT_BYTES = 16 * 1024 * 1024
/** How long a peer that served a bad chunk is left out of every fetch, ms. */
const BAD_PEER_PENALTY_MS = 10 * 60_000
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
  /** Only peers this accepts take part (a host behind a princess asks its own network only). */
  peers?: (nodeId: string) => boolean
  /**
   * Whether a peer takes a share of the chunks to fetch for the swarm
   * (default: every one). A peer that takes none (it will not fetch this
   * content) is still asked for whatever it holds; one that stops taking a
   * share during the fetch hands its chunks on.
   */
  sharesFor?: (nodeId: string) => boolean
  /** A chunk was fetched and stored; `data` is its verified bytes. */
  onChunk?: (hash: Uint8Array, bytes: number, data: Uint8Array) => void
}

interface ChunkServiceComponents {
  libp2p: WaggleLibp2p
  store: ChunkStore
  log: ComponentLogger
  drop?: (source: string, reason: string) => void
  /** Peers that may be in a swarm: members (a stranger on an admin is only joining). */
  trust?: PeerTrust
}

/**
 * The swarm's data plane. Serves every chunk this node holds to any peer
 * that asks, within the node's upload cap, and fetches chunks from its
 * peers within its download cap.
 *
 * A fetch shares the origin's link out. This node and its peers other than
 * the origin (the members) split the chunks evenly between them by
 * rendezvous hashing ({@link splitShares}), which every member computes
 * alike; each member fetches only its own share from the origin, and every
 * other chunk from the member it belongs to, which answers as the chunk
 * lands there. So the origin uploads about one copy, and each member
 * uploads its share to the others. A member that stops delivering is left
 * out and its chunks shared out again; a member that turns out not to fetch
 * a chunk (its peers, so its idea of the shares, differ) hands that chunk
 * to the next member. A peer that lacks a chunk is asked again shortly.
 * Each chunk is verified (SHA-256) before it is stored; a peer that serves
 * a bad one is dropped for that fetch.
 */
export class ChunkService {
  /** Chunks this node served, and bytes uploaded. */
  readonly served = { chunks: 0, bytes: 0 }
  /** Bytes uploaded to each peer (node id), since start. */
  readonly servedTo = new Map<string, number>()
  private readonly link: Link

  constructor (
    private readonly c: ChunkServiceComponents,
    init: ChunkServiceInit = {}
  ) {
    this.link = {
      c,
      download: rateLimiter({ kibps: init.downloadKibps ?? 0 }),
      upload: rateLimiter({ kibps: init.uploadKibps ?? 0 }),
      landing: new Landings(),
      recent: new RecentChunks(RECENT_BYTES),
      penalised: new Map(),
      received: { chunks: 0, bytes: 0, stalledShares: 0 }
    }
  }

  /**
   * Chunks this node fetched from peers and stored, and their bytes, since
   * start; and how many times a peer's share of a fetch stalled and was
   * shared out again (each cost the fetch seconds: a peer that should not
   * have had a share, or one too slow or cut off).
   */
  get received (): { readonly chunks: number, readonly bytes: number, readonly stalledShares: number } {
    return this.link.received
  }

  async start (): Promise<void> {
    await this.c.libp2p.handle(CHUNKS_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, { maxInboundStreams: 32, maxOutboundStreams: 32 })
  }

  async stop (): Promise<void> {
    await this.c.libp2p.unhandle(CHUNKS_PROTOCOL).catch(() => {})
    this.link.landing.clear()
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const lps = lpStream(stream, { maxDataLength: MAX_CHUNKS_PER_REQUEST * 40 + 64 })
    // an asker that gives up takes no more of the upload cap, nor a wait for a chunk
    const gone = new AbortController()
    stream.addEventListener('close', () => { gone.abort(new Error('the asker closed the stream')) }, { once: true })
    try {
      const req = ChunkRequest.decode((await lps.read({ signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS) })).subarray(), { limits: { hashes: MAX_CHUNKS_PER_REQUEST } })
      for (const hash of req.hashes) {
        const data = await this.chunkFor(hash, gone.signal)
        // the cap counts each chunk before it is written: the bucket lets it go when the rate allows
        if (data != null) await this.link.upload.take(data.byteLength, gone.signal)
        // the chunk goes out as it is held, not copied into an encoded message
        await lps.write(new Uint8ArrayList(...chunkResponseParts(1, hash, data)), { signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS) })
        if (data != null) {
          this.served.chunks++
          this.served.bytes += data.byteLength
          const to = connection.remotePeer.toString()
          this.servedTo.set(to, (this.servedTo.get(to) ?? 0) + data.byteLength)
        }
      }
      await stream.close({ signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS) })
    } catch (err: any) {
      this.c.log.trace('serving chunks failed', { peer: connection.remotePeer.toString(), err: String(err?.message ?? err) })
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }

  /** The chunk, if this node holds it or it lands from the origin within HOLD_MS. */
  private async chunkFor (hash: Uint8Array, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer> | undefined> {
    if (hash.byteLength !== 32) return undefined
    const hex = toHex(hash)
    const held = this.link.recent.get(hex) ?? await this.get(hash)
    if (held != null || !(await this.link.landing.wait(hex, HOLD_MS, signal))) return held
    return this.link.recent.get(hex) ?? await this.get(hash)
  }

  private async get (hash: Uint8Array): Promise<Uint8Array<ArrayBuffer> | undefined> {
    return own(await this.c.store.get(hash))
  }

  /**
   * Fetches every listed chunk into the store, from whichever connected
   * peers have them; resolves when all are stored, rejects when aborted.
   * List the chunks the store lacks (`missingChunks` finds them): a listed
   * chunk is fetched without looking in the store first.
   */
  async fetch (hashes: readonly Uint8Array[], opts: FetchOptions): Promise<FetchStats> {
    const wanted = new Map<string, Uint8Array>()
    for (const h of hashes) wanted.set(toHex(h), h)
    if (wanted.size === 0) return { bytes: 0, fromPeers: 0, badPeers: [] }
    return await new FetchRun(this.link, wanted, opts).run()
  }
}

/** A fetch of small chunks (a manifest): everyone asks everyone, nothing is shared out. */
function isSmallFetch (opts: FetchOptions): boolean {
  return opts.maxBytes != null && opts.maxBytes <= SMALL_FETCH_BYTES
}

/** What the server side and the fetches of one node share. */
interface Link {
  c: ChunkServiceComponents
  upload: RateLimiter
  download: RateLimiter
  /** Chunks of this node's shares that are coming from the origin: askers wait for them. */
  landing: Landings
  recent: RecentChunks
  /** Peers that served a bad chunk → until when (ms) no fetch asks them. */
  penalised: Map<string, number>
  /** Chunks fetched from peers and stored, their bytes, and shares that stalled (see ChunkService.received). */
  received: { chunks: number, bytes: number, stalledShares: number }
}

/** The bytes as a Uint8Array on a plain ArrayBuffer, copied only if they are not. */
function own (data: Uint8Array | undefined): Uint8Array<ArrayBuffer> | undefined {
  // the file store reads into a fresh ArrayBuffer; only a store on shared memory is copied
  return data == null || data.buffer instanceof ArrayBuffer ? data as Uint8Array<ArrayBuffer> | undefined : new Uint8Array(data)
}

/** Chunks that fetches of this node expect from the origin; a serve waits for one to land. */
class Landings {
  private readonly chunks = new Map<string, { landed: Promise<void>, land: () => void, fetches: number }>()

  /** A fetch expects the chunk from the origin soon. */
  expect (hex: string): void {
    const l = this.chunks.get(hex)
    if (l != null) { l.fetches++; return }
    let land!: () => void
    const landed = new Promise<void>(resolve => { land = resolve })
    this.chunks.set(hex, { landed, land, fetches: 1 })
  }

  /** The chunk landed (`stored`), or a fetch no longer expects it. */
  settle (hex: string, stored: boolean): void {
    const l = this.chunks.get(hex)
    if (l == null) return
    if (stored || --l.fetches <= 0) {
      this.chunks.delete(hex)
      l.land()
    }
  }

  /** Waits up to `ms` for an expected chunk (less if `signal` aborts); false at once if none expects it. */
  async wait (hex: string, ms: number, signal: AbortSignal): Promise<boolean> {
    const l = this.chunks.get(hex)
    if (l == null || signal.aborted) return false
    let stop = (): void => {}
    const cut = new Promise<void>(resolve => {
      const timer = setTimeout(resolve, ms)
      const onAbort = (): void => { resolve() }
      signal.addEventListener('abort', onAbort, { once: true })
      stop = () => { clearTimeout(timer); signal.removeEventListener('abort', onAbort) }
    })
    await Promise.race([l.landed, cut])
    stop()
    return true
  }

  /** Lets every wait go: the node is stopping. */
  clear (): void {
    for (const l of this.chunks.values()) l.land()
    this.chunks.clear()
  }
}

/** The chunks fetched last, up to a number of bytes, oldest dropped first. */
class RecentChunks {
  private readonly chunks = new Map<string, Uint8Array<ArrayBuffer>>()
  private bytes = 0

  constructor (private readonly maxBytes: number) {}

  get (hex: string): Uint8Array<ArrayBuffer> | undefined {
    return this.chunks.get(hex)
  }

  /** Keeps a chunk just verified. */
  add (hex: string, data: Uint8Array): void {
    if (this.chunks.has(hex) || data.byteLength > this.maxBytes / 4) return
    this.chunks.set(hex, own(data) as Uint8Array<ArrayBuffer>)
    this.bytes += data.byteLength
    for (const [h, d] of this.chunks) {
      if (this.bytes <= this.maxBytes) break
      this.chunks.delete(h)
      this.bytes -= d.byteLength
    }
  }
}

/**
 * What one request brought besides the chunks stored: the chunks the peer
 * lacks, those of them it said so of at once (so it does not expect them
 * from the origin), whether it held one a while first (so it is fetching),
 * and whether it served a bad one.
 */
interface RequestResult { lacked: string[], quick: string[], held: boolean, bad: boolean }

/**
 * Asks one peer for some chunks and stores each one that verifies, calling
 * `onStored` at once (so that askers waiting on this node get it); what the
 * peer lacked, or did not answer, comes back in `lacked`.
 */
async function requestChunks (link: Link, peer: PeerId, hashes: Uint8Array[], opts: FetchOptions, onStored: (hex: string, bytes: number) => void): Promise<RequestResult> {
  const { c } = link
  const answered = new Set<string>()
  const lacked: string[] = []
  const quick: string[] = []
  let held = false
  const id = peer.toString()
  let stream: Stream | undefined
  try {
    const timed = (): AbortSignal => AbortSignal.any([opts.signal, AbortSignal.timeout(RESPONSE_TIMEOUT_MS)])
    stream = await c.libp2p.dialProtocol(peer, CHUNKS_PROTOCOL, { signal: timed() })
    const lps = lpStream(stream, { maxDataLength: Math.min(MAX_RESPONSE_BYTES, (opts.maxBytes ?? MAX_CHUNK_SIZE) + 1024) })
    await lps.write(ChunkRequest.encode({ version: 1, hashes: hashes.map(h => new Uint8Array(h)) }), { signal: timed() })
    let lastMs = Date.now()
    for (const want of hashes) {
      const res = ChunkResponse.decode((await lps.read({ signal: timed() })).subarray())
      const h = toHex(want)
      if (toHex(res.hash) !== h) { c.drop?.('chunks', 'wrong-chunk'); return { lacked, quick, held, bad: true } }
      answered.add(h)
      const tookMs = Date.now() - lastMs
      lastMs += tookMs
      if (res.missing) {
        lacked.push(h)
        if (tookMs >= HELD_ANSWER_MS) held = true
        else quick.push(h)
        continue
      }
      if (opts.maxBytes != null && res.data.byteLength > opts.maxBytes) { c.drop?.('chunks', 'oversized-chunk'); return { lacked, quick, held, bad: true } }
      await link.download.take(res.data.byteLength, opts.signal)
      try {
        await c.store.put(want, res.data) // verifies the hash before storing
        link.received.chunks++
        link.received.bytes += res.data.byteLength
      } catch (err: any) {
        // a local failure (a full disk) is not the peer's fault: only a hash mismatch is
        if (err?.name !== 'ChunkHashMismatchError') throw err
        c.log.warn('peer served a bad chunk; dropping it for this fetch', { peer: id, chunk: h })
        c.drop?.('chunks', 'bad-chunk')
        return { lacked, quick, held, bad: true }
      }
      // kept in memory when this node is to serve it: its own share from the origin (every other
      // member asks for it within seconds), or a small chunk (a manifest) that everyone asks everyone for
      if (id === opts.origin || isSmallFetch(opts)) link.recent.add(h, res.data)
      onStored(h, res.data.byteLength)
      opts.onChunk?.(want, res.data.byteLength, res.data)
    }
    await stream.close({ signal: timed() }).catch(() => {})
  } catch (err: any) {
    stream?.abort(err instanceof Error ? err : new Error(String(err)))
    if (opts.signal.aborted) throw err
    c.log.trace('chunk request failed', { peer: id, err: String(err?.message ?? err) })
    // a peer that failed is asked again for these only after a while, as one that lacked them
    for (const h of hashes.map(toHex)) if (!answered.has(h)) lacked.push(h)
  }
  return { lacked, quick, held, bad: false }
}

/** One peer, as one fetch sees it. */
interface PeerState {
  readonly id: string
  peer: PeerId
  readonly origin: boolean
  inflight: number
  bad: boolean
  /** It stopped delivering its share, which went to the other members. */
  stalled: boolean
  /** It served or held a chunk for us in this fetch: it takes part, so a quick `missing` from it means "not mine". */
  active: boolean
  /** When it last served or held a chunk for us (or the fetch began). */
  gainMs: number
  /** How long after it lacked a chunk it is asked again, ms. */
  recheckMs: number
}

/** One member's chunks in the order it fetches them, how many at the front are done with, and how many it still owes us. */
interface Share { chunks: string[], head: number, left: number }

/** The part of a share we got (all of an empty one). */
function progress (share: Share | undefined): number {
  return share == null || share.chunks.length === 0 ? 1 : 1 - share.left / share.chunks.length
}

/**
 * One call of {@link ChunkService.fetch}: the scheduler. Whenever a request
 * ends or a wait runs out, it decides what to ask of which peer.
 */
class FetchRun {
  private readonly c: ChunkServiceComponents
  private readonly self: string
  /** Fetches of small chunks (a manifest) ask everyone: there is nothing to share out. */
  private readonly small: boolean
  /** The chunks wanted at the start, sorted: what the shares split, the same list on every node that starts a wave fresh. */
  private readonly initial: string[]
  private readonly peers = new Map<string, PeerState>()
  /** Chunks asked of some peer right now: each is asked of one peer at a time. */
  private readonly inflight = new Set<string>()
  /** chunk → peer → when the peer last said it lacks the chunk. */
  private readonly lacked = new Map<string, Map<string, number>>()
  /** This node and its peers but the origin, as the fetch began, less those gone or stalled since. */
  private members?: Set<string>
  private originConnected = false
  /** chunk → the member it belongs to. */
  private readonly owner = new Map<string, string>()
  /** chunk → members found not to fetch it. */
  private readonly disowned = new Map<string, Set<string>>()
  /** member → its share. */
  private readonly shares = new Map<string, Share>()
  /** The next chunks of this node's share, told to the server side so askers wait for them. */
  private readonly expected = new Set<string>()
  private readonly stats: FetchStats = { bytes: 0, fromPeers: 0, badPeers: [] }
  /** The time between this node's chunks from the origin, smoothed, ms; and when the last one came. */
  private originGapMs = 0
  private lastFromOriginMs?: number
  private wake?: () => void

  constructor (
    private readonly link: Link,
    private readonly want: Map<string, Uint8Array>,
    private readonly opts: FetchOptions
  ) {
    this.c = link.c
    this.self = this.c.libp2p.peerId.toString()
    this.small = isSmallFetch(opts)
    this.initial = [...want.keys()].sort()
  }

  async run (): Promise<FetchStats> {
    try {
      while (this.want.size > 0) {
        this.opts.signal.throwIfAborted()
        const waitMs = this.pump(Date.now())
        await this.sleep(Math.max(10, Math.min(waitMs, IDLE_LOOK_MS)))
      }
    } finally {
      for (const h of this.expected) this.link.landing.settle(h, false)
    }
    return this.stats
  }

  /** Starts every request that should run now; returns how long until a wait runs out, ms. */
  private pump (now: number): number {
    this.refreshPeers(now)
    this.expectAhead()
    let next = Infinity
    // the origin first (this node's share is for it alone), then the members, then peers that came later
    const rank = (p: PeerState): number => p.origin ? 0 : this.members?.has(p.id) === true ? 1 : 2
    const peers = [...this.peers.values()].filter(p => !p.bad).sort((a, b) => rank(a) - rank(b))
    for (const p of peers) {
      const limit = p.origin ? ORIGIN_REQUESTS : PEER_REQUESTS
      while (p.inflight < limit) {
        const { batch, retryAtMs } = this.pick(p, now)
        next = Math.min(next, retryAtMs)
        if (batch.length === 0) break
        this.start(p, batch)
      }
    }
    return next - now
  }

  /** Takes in the peers connected now; shares the chunks out at the first call, and again as members go. */
  private refreshPeers (now: number): void {
    const open = new Map<string, PeerId>()
    for (const conn of this.c.libp2p.getConnections()) {
      const id = conn.remotePeer.toString()
      if (conn.status === 'open' && this.c.trust?.trusts(conn.remotePeer) !== false && (this.opts.peers == null || this.opts.peers(id)) && !this.penalised(id, now)) open.set(id, conn.remotePeer)
    }
    for (const [id, p] of this.peers) if (!open.has(id) && p.inflight === 0) this.peers.delete(id)
    for (const [id, peer] of open) {
      const known = this.peers.get(id)
      if (known != null) known.peer = peer
      else this.peers.set(id, { id, peer, origin: id === this.opts.origin, inflight: 0, bad: false, stalled: false, active: false, gainMs: now, recheckMs: RECHECK_MS })
    }
    this.originConnected = [...this.peers.values()].some(p => p.origin && !p.bad && open.has(p.id))
    const mine = this.shares.get(this.self)
    // with no share of its own, this node measures itself by the whole fetch; but one that can reach
    // the origin has nothing of its own to wait for: a silent member lags it. Else, when every chunk
    // left fell to members cut off from the origin, the whole fetch (so this node) never moves either,
    // no member ever counts as stalled, and the one node that could fetch from the origin never does.
    const ours = mine != null && mine.chunks.length > 0 ? progress(mine) : this.originConnected ? 1 : 1 - this.want.size / this.initial.length
    const silentMs = Math.max(STALL_SILENT_MS, STALL_GAPS * this.originGapMs)
    for (const p of this.peers.values()) {
      const share = this.shares.get(p.id)
      if (p.stalled || p.inflight > 0 || share == null || share.left === 0 || now - p.gainMs < silentMs) continue
      if (ours - progress(share) >= STALL_LAG) {
        this.c.log.trace('peer stalled; sharing its chunks out again', { peer: p.id })
        p.stalled = true
        this.link.received.stalledShares++
      }
    }
    const usable = (id: string): boolean => {
      const p = this.peers.get(id)
      return id === this.self || (p != null && !p.origin && !p.bad && !p.stalled && open.has(id) && this.opts.sharesFor?.(id) !== false)
    }
    if (this.members == null) {
      this.share([this.self, ...[...this.peers.keys()].filter(usable)].sort())
      return
    }
    // a member gone, dropped or stalled hands its chunks on; one that comes back does not take them back
    const gone = [...this.members].filter(m => !usable(m))
    if (gone.length === 0) return
    for (const m of gone) this.members.delete(m)
    this.reassign(gone.flatMap(m => [...this.remaining(m)]))
    for (const m of gone) this.shares.delete(m)
  }

  /** Whether a peer is serving a penalty for a bad chunk (in this or an earlier fetch). */
  private penalised (id: string, now: number): boolean {
    const until = this.link.penalised.get(id)
    if (until == null) return false
    if (until > now) return true
    this.link.penalised.delete(id)
    return false
  }

  /** Splits the chunks between the members as the fetch begins (see {@link splitShares}). */
  private share (members: string[]): void {
    this.members = new Set(members)
    for (const [m, chunks] of splitShares(this.initial, members)) {
      for (const h of chunks) this.owner.set(h, m)
      this.shares.set(m, { chunks, head: 0, left: chunks.length })
    }
  }

  /**
   * Gives chunks to the members left that score highest with them (and
   * have not disowned them), each placed in its new share in order: plain
   * rendezvous, so every node that sees the same members go agrees.
   */
  private reassign (chunks: string[]): void {
    const added = new Map<string, string[]>()
    for (const h of chunks) {
      const from = this.shares.get(this.owner.get(h) ?? '')
      if (from != null) from.left--
      const disowned = this.disowned.get(h)
      const to = rendezvousOwner(h, [...this.members ?? []].filter(m => disowned?.has(m) !== true)) ?? this.self
      this.owner.set(h, to)
      const list = added.get(to)
      if (list == null) added.set(to, [h])
      else list.push(h)
    }
    for (const [m, hs] of added) {
      const to = this.shares.get(m)
      if (to == null) continue
      to.chunks = shareOrder(m, [...to.chunks.slice(to.head), ...hs])
      to.head = 0
      to.left += hs.length
    }
  }

  /** Tells the server side which chunks of this node's share come next from the origin: askers wait for those. */
  private expectAhead (): void {
    const next = new Set<string>()
    if (this.originConnected && !this.small) {
      for (const h of this.remaining(this.self)) {
        if (next.size >= HOLD_AHEAD) break
        next.add(h)
      }
    }
    for (const h of this.expected) if (!next.has(h)) { this.expected.delete(h); this.link.landing.settle(h, false) }
    for (const h of next) if (!this.expected.has(h)) { this.expected.add(h); this.link.landing.expect(h) }
  }

  /** A member's chunks still wanted from it, in order (those done with at the front are skipped for good). */
  private * remaining (member: string): Generator<string> {
    const share = this.shares.get(member)
    if (share == null) return
    const owed = (h: string): boolean => this.want.has(h) && this.owner.get(h) === member
    while (share.head < share.chunks.length && !owed(share.chunks[share.head])) share.head++
    for (let i = share.head; i < share.chunks.length; i++) if (owed(share.chunks[i])) yield share.chunks[i]
  }

  /** The next chunks to ask of `p`, or none; and when a chunk it lacked may be asked of it again. */
  private pick (p: PeerState, now: number): { batch: string[], retryAtMs: number } {
    const batch: string[] = []
    let retryAtMs = Infinity
    /** Adds a chunk no one is asked for to the batch; false if `p` lacked it a moment ago. */
    const ask = (h: string): boolean => {
      if (this.inflight.has(h) || batch.includes(h)) return true
      const at = this.lacked.get(h)?.get(p.id)
      if (at != null && now - at < p.recheckMs) { retryAtMs = Math.min(retryAtMs, at + p.recheckMs); return false }
      batch.push(h)
      return true
    }
    const full = (): boolean => batch.length >= CHUNKS_PER_REQUEST
    const fill = (): void => {
      if (this.small) {
        for (const h of this.want.keys()) { ask(h); if (full()) return }
        return
      }
      if (p.origin) {
        // the origin is asked for this node's own share only
        for (const h of this.remaining(this.self)) { ask(h); if (full()) return }
        return
      }
      if (this.members?.has(p.id) === true) {
        // a member is asked for its share in the order it fetches it, never past a chunk it lacked
        // a moment ago: it is still fetching that one, so it lacks the later ones too
        for (const h of this.remaining(p.id)) if (!ask(h) || full()) break
        if (batch.length > 0) return
        // then for this node's own share where the origin cannot help: not connected, or it lacked it
        const origin = this.originConnected ? [...this.peers.values()].find(q => q.origin) : undefined
        for (const h of this.remaining(this.self)) {
          if (origin != null && this.lacked.get(h)?.get(origin.id) == null) continue
          ask(h)
          if (full()) return
        }
        return
      }
      // a peer that connected after the fetch began has no share but may hold anything (it may
      // have finished): it is asked for whatever no one else is, this node's share first
      if (p.stalled) return
      for (const h of this.remaining(this.self)) { ask(h); if (full()) return }
      for (const h of this.want.keys()) { ask(h); if (full()) return }
    }
    fill()
    return { batch, retryAtMs }
  }

  private start (p: PeerState, batch: string[]): void {
    p.inflight++
    for (const h of batch) this.inflight.add(h)
    let gained = false
    void requestChunks(this.link, p.peer, batch.map(h => this.want.get(h) as Uint8Array), this.opts, (h, bytes) => {
      gained = true
      if (!this.want.delete(h)) return
      this.lacked.delete(h)
      const share = this.shares.get(this.owner.get(h) ?? '')
      if (share != null) share.left--
      if (this.expected.delete(h)) this.link.landing.settle(h, true)
      this.stats.bytes += bytes
      const now = Date.now()
      if (p.origin) {
        if (this.lastFromOriginMs != null) this.originGapMs = this.originGapMs === 0 ? now - this.lastFromOriginMs : 0.8 * this.originGapMs + 0.2 * (now - this.lastFromOriginMs)
        this.lastFromOriginMs = now
      } else {
        this.stats.fromPeers += bytes
      }
      p.gainMs = now
      p.active = true
    }).then(result => {
      const now = Date.now()
      // a peer that held a chunk for us is fetching it: not stalled, only slow
      if (result.held) { p.gainMs = now; p.active = true }
      p.recheckMs = gained || result.held ? RECHECK_MS : Math.min(2 * p.recheckMs, RECHECK_MAX_MS)
      for (const h of result.lacked) {
        let m = this.lacked.get(h)
        if (m == null) { m = new Map(); this.lacked.set(h, m) }
        m.set(p.id, now)
      }
      // a member that takes part but says at once that it lacks a chunk of its share does not
      // fetch it: its peers, so its idea of the shares, differ; the chunk goes to the next member
      if (p.active && this.members?.has(p.id) === true) {
        const disowned = result.quick.filter(h => this.owner.get(h) === p.id && this.want.has(h))
        for (const h of disowned) {
          let d = this.disowned.get(h)
          if (d == null) { d = new Set(); this.disowned.set(h, d) }
          d.add(p.id)
        }
        this.reassign(disowned)
      }
      if (result.bad) {
        p.bad = true
        this.stats.badPeers.push(p.id)
        // and every other fetch leaves it out for a while: a peer that lies once is not asked again soon
        this.link.penalised.set(p.id, Date.now() + BAD_PEER_PENALTY_MS)
      }
    }, () => {}).finally(() => {
      p.inflight--
      for (const h of batch) this.inflight.delete(h)
      this.wake?.()
    })
  }

  /** Waits `ms`, or until a request ends, or the fetch is aborted. */
  private async sleep (ms: number): Promise<void> {
    const signal = this.opts.signal
    await new Promise<void>((resolve) => {
      const done = (): void => { clearTimeout(timer); signal.removeEventListener('abort', done); this.wake = undefined; resolve() }
      const timer = setTimeout(done, ms)
      this.wake = done
      signal.addEventListener('abort', done, { once: true })
    })
  }
}
