import { Level } from 'level'
import { decodeEntry, type LogEntry } from '@waggle/protocol'

/** A stored entry with what this node knows of it locally. */
export interface StoredEntry {
  entry: LogEntry
  /** When this node first stored the entry (its own wall clock, ms). */
  receivedAtMs: number
}

type Bytes = Uint8Array

/** A sublevel of JSON values by string key (what {@link LogStore.table} gives). */
export interface JsonTable {
  iterator: () => AsyncIterable<[string, unknown]>
  put: (key: string, value: unknown) => Promise<void>
  del: (key: string) => Promise<void>
}

/**
 * LevelDB's memory, smaller than its defaults (8 MiB block cache, 4 MiB
 * write buffer, of which two may be held): the node reads its log into
 * memory once at start and then only appends, so neither earns its keep,
 * and a daemon's resident memory is what an operator watches.
 */
const LEVEL_OPTIONS = { cacheSize: 2 * 1024 * 1024, writeBufferSize: 1024 * 1024 }

/**
 * The log on disk, in level: sublevel `entries` maps the entry key (whose
 * byte order is the log's order) to the canonical envelope; `received`
 * maps the entry id to the local arrival time, 8 bytes big-endian; `meta`
 * holds JSON bookkeeping (the bundles this node exported and imported).
 */
export class LogStore {
  private readonly db: Level<Bytes, Bytes>
  private readonly entries
  private readonly received
  private readonly meta

  constructor (path: string) {
    this.db = new Level<Bytes, Bytes>(path, { keyEncoding: 'view', valueEncoding: 'view', ...LEVEL_OPTIONS })
    this.entries = this.db.sublevel<Bytes, Bytes>('entries', { keyEncoding: 'view', valueEncoding: 'view' })
    this.received = this.db.sublevel<Bytes, Bytes>('received', { keyEncoding: 'view', valueEncoding: 'view' })
    this.meta = this.db.sublevel<string, unknown>('meta', { keyEncoding: 'utf8', valueEncoding: 'json' })
  }

  /** A small JSON record of this node's own bookkeeping (bundle chains), or undefined. */
  async getMeta<T> (key: string): Promise<T | undefined> {
    return await this.meta.get(key) as T | undefined
  }

  async putMeta (key: string, value: unknown): Promise<void> {
    await this.meta.put(key, value)
  }

  /** Every meta record whose key starts with `prefix`. */
  async metaWithPrefix<T> (prefix: string): Promise<Array<[string, T]>> {
    const out: Array<[string, T]> = []
    // '\uffff' sorts after every character a key of ours holds
    for await (const [k, v] of this.meta.iterator({ gte: prefix, lt: `${prefix}\uffff` })) out.push([k, v as T])
    return out
  }

  /** A sublevel of JSON records by string key, for another part of the node's own state (join requests). */
  table (name: string): JsonTable {
    return this.db.sublevel<string, unknown>(name, { keyEncoding: 'utf8', valueEncoding: 'json' }) as unknown as JsonTable
  }

  async open (): Promise<void> {
    await this.db.open()
  }

  async close (): Promise<void> {
    await this.db.close()
  }

  /** Every stored entry in log order. Entries were verified before they were stored. */
  async loadAll (): Promise<StoredEntry[]> {
    const times = new Map<string, number>()
    for await (const [id, t] of this.received.iterator()) times.set(Buffer.from(id).toString('hex'), readTime(t))
    const out: StoredEntry[] = []
    for await (const [, bytes] of this.entries.iterator()) {
      const decoded = decodeEntry(bytes)
      // Our own store; an undecodable record means disk corruption: skip it,
      // catch-up will bring the entry back from a peer.
      if (!decoded.ok) continue
      out.push({ entry: decoded.value, receivedAtMs: times.get(decoded.value.idHex) ?? 0 })
    }
    return out
  }

  /** Stores entries in one atomic batch. */
  async put (entries: readonly LogEntry[], receivedAtMs: number): Promise<void> {
    if (entries.length === 0) return
    const t = writeTime(receivedAtMs)
    const batch = this.db.batch()
    for (const e of entries) {
      batch.put(e.key, e.envelope, { sublevel: this.entries })
      batch.put(e.id, t, { sublevel: this.received })
    }
    await batch.write()
  }
}

function writeTime (ms: number): Bytes {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigUint64(0, BigInt(Math.max(0, Math.floor(ms))))
  return b
}

function readTime (b: Bytes): number {
  return b.byteLength === 8 ? Number(new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0)) : 0
}
