import {
  buildManifest, chunksDigest, decodeBundleEntries, decodeEntry, inChannels, openManifest, signManifest, toHex, TreeManifest, type EntryDecoding, type Identity, type LogEntry
} from '@waggle/protocol'
import type { ChunkStore } from '@waggle/sync-modules'
import { readBundle, writeBundle } from '../storage/bundle-file.js'
import { BundleError } from '../errors.js'
import type { LogStore } from '../storage/log-store.js'
import type { FederationLog } from './federation-log.js'
import type { GossipService } from './gossip.js'
import type { ComponentLogger } from '../logger.js'

/** Imported entries up to this many are also gossiped; more reach peers by catch-up. */
const GOSSIP_IMPORTED_MAX = 256

/** Where an exporter's chain stands: its last bundle. */
interface ChainPoint { hash: string, throughMs: number }

export interface ExportOptions {
  path: string
  /** A previous bundle file of this node's chain to continue from. */
  sinceBundle?: string
  /** Start a new chain with every entry. */
  full?: boolean
  channels?: string[]
  /**
   * The network the bundle is for: only the channels it subscribes to
   * (unless `channels` says), and nothing that came from it — operations
   * its members signed, or that arrived in bundles its members exported.
   */
  network?: string
  /** Carry the content of the swarm waves too (their manifests and chunks), for zones that cannot fetch it. */
  withContent?: boolean
}

export interface ExportResult {
  path: string
  hash: string
  count: number
  /** Content chunks carried (manifests included). */
  chunks: number
  bytes: number
  follows: string | null
  window: { fromMs: number, throughMs: number }
}

export interface ImportResult {
  hash: string
  exporter: string
  count: number
  added: number
  duplicates: number
  /** Entries not taken now (stamped too far ahead of this node's clock); importing again later takes them. */
  deferred: number
  /** Set when the bundle was imported past a gap in its exporter's chain. */
  gap?: string
  /** True when this exact bundle had been imported before. */
  again: boolean
  /** Content chunks the bundle carried into this node's store. */
  chunks: number
}

/**
 * Bundles: the log carried by hand to zones that cannot connect. Export
 * writes the entries this node received since its previous bundle (a chain
 * per exporter); import verifies the manifest, every entry and its place in
 * the chain before it applies anything, and then applies only what is new.
 */
export class BundleService {
  constructor (private readonly c: { identity: Identity, fedLog: FederationLog, store: LogStore, gossip: GossipService, chunkStore: ChunkStore, log: ComponentLogger }) {}

  /** Every chunk (manifests first) the swarm waves among `entries` need; all must be in this node's store. */
  private async contentOf (entries: readonly LogEntry[]): Promise<Uint8Array[]> {
    const wanted = new Map<string, Uint8Array>()
    for (const e of entries) {
      if (e.body.type !== 'wave.announce' || e.body.wave.content?.module !== 'swarm') continue
      const w = e.body.wave
      const root = new Uint8Array((w.content as { sha256: Uint8Array }).sha256)
      const bytes = await this.c.chunkStore.get(root)
      if (bytes == null) throw new BundleError(`this node does not hold the content of ${w.channel} v${w.version} (its tree manifest is missing); export without --with-content, or from a node that applied it`)
      wanted.set(toHex(root), root)
      for (const entry of TreeManifest.decode(bytes).entries) for (const h of entry.chunks) wanted.set(toHex(h), h)
    }
    for (const [hex, h] of wanted) {
      if (!(await this.c.chunkStore.has(h))) throw new BundleError(`this node lacks chunk ${hex.slice(0, 16)}… of a wave in the bundle; export without --with-content, or from a node that applied it`)
    }
    return [...wanted.values()]
  }

  async export (opts: ExportOptions): Promise<ExportResult> {
    const { fedLog, identity, store } = this.c
    const state = fedLog.state
    if (opts.network != null && !state.params.networks.includes(opts.network)) {
      throw new BundleError(`network "${opts.network}" is not one of the federation's (${state.params.networks.join(', ')})`)
    }
    const subscribed = opts.network != null ? state.params.subscriptions[opts.network] : undefined
    const asked = opts.channels != null && opts.channels.length > 0 ? opts.channels : subscribed
    const channels = asked != null ? [...new Set(asked)].sort() : null
    // one chain per destination and channel set: a zone that takes a subset imports only that chain
    const chainKey = ['bundle.export.last', opts.network != null ? `net:${opts.network}` : '', channels?.join(',') ?? ''].filter(p => p !== '').join('.')
    const fromThere = opts.network != null ? await this.cameFrom(opts.network) : undefined
    let from: ChainPoint | undefined
    if (opts.sinceBundle != null) {
      const prev = await readBundle(opts.sinceBundle)
      const opened = openManifest(prev.manifest, prev.signature, fedLog.federationId)
      if (!opened.ok) throw new BundleError(`${opts.sinceBundle}: ${opened.detail}`)
      if (opened.value.manifest.exporter !== identity.nodeId) throw new BundleError(`${opts.sinceBundle} was exported by ${opened.value.manifest.exporter}; a chain continues from this node's own bundles`)
      from = { hash: opened.value.hash, throughMs: opened.value.manifest.window.throughMs }
    } else if (opts.full !== true) {
      from = await store.getMeta<ChainPoint>(chainKey)
    }
    // entries received in the current millisecond wait for the next bundle
    const throughMs = Date.now() - 1
    const fromMs = from?.throughMs ?? 0
    const entries = fedLog.entries.filter(e => {
      const t = fedLog.receivedAt(e.idHex) ?? 0
      return t > fromMs && t <= throughMs && inChannels(e, channels) && fromThere?.has(e.idHex) !== true
    })
    const chunks = opts.withContent === true ? await this.contentOf(entries) : undefined
    const manifest = buildManifest({ federationId: fedLog.federationId, exporter: identity.nodeId, createdMs: Date.now(), follows: from?.hash ?? null, window: { fromMs, throughMs }, channels, entries, chunks })
    const signed = signManifest(identity, manifest)
    const bytes = await writeBundle(opts.path, { manifest: signed.json, signature: signed.sig, entries: entries.map(e => e.envelope), chunks: chunks ?? [] }, manifest.createdMs, this.c.chunkStore)
    await store.putMeta(chainKey, { hash: signed.hash, throughMs } satisfies ChainPoint)
    this.c.log('bundle exported', { path: opts.path, hash: signed.hash, count: entries.length })
    return { path: opts.path, hash: signed.hash, count: entries.length, chunks: chunks?.length ?? 0, bytes, follows: manifest.follows, window: manifest.window }
  }

  /**
   * The entries that came from a network: signed by its members, or
   * imported in bundles its members exported. A bundle for that network
   * leaves them out, so operations never loop back to where they came from.
   */
  private async cameFrom (network: string): Promise<Set<string>> {
    const { fedLog, store } = this.c
    const state = fedLog.state
    const inNetwork = (nodeId: string): boolean => {
      for (const m of state.members.values()) if (m.nodeId === nodeId) return m.network === network
      return false
    }
    const ids = new Set<string>()
    for (const e of fedLog.entries) if (state.members.get(toHex(e.signer))?.network === network) ids.add(e.idHex)
    for (const [, rec] of await store.metaWithPrefix<{ exporter: string, ids?: string[] }>('bundle.import.')) {
      if (rec.ids != null && inNetwork(rec.exporter)) for (const id of rec.ids) ids.add(id)
    }
    return ids
  }

  async import (path: string, opts: { allowGap?: boolean } = {}): Promise<ImportResult> {
    const { fedLog, store } = this.c
    // content chunks go straight into the store as they are read: each is
    // checked against its hash, and a chunk in the store applies nothing
    // each entry is decoded as it is read and its signature check starts, so checks overlap the reading
    const files = await readBundle(path, this.c.chunkStore, (bytes): { decoded: EntryDecoding, verified: Promise<boolean> } => {
      const decoded = decodeEntry(bytes)
      return { decoded, verified: decoded.ok ? fedLog.checkSignature(decoded.value.signed) : Promise.resolve(false) }
    })
    const opened = openManifest(files.manifest, files.signature, fedLog.federationId)
    if (!opened.ok) throw new BundleError(`${path}: refused (${opened.reason}): ${opened.detail}`)
    const { manifest, hash } = opened.value
    const carried = manifest.chunks ?? null
    if ((carried == null && files.chunks.length > 0) || (carried != null && (carried.count !== files.chunks.length || carried.digest !== toHex(chunksDigest(files.chunks))))) {
      throw new BundleError(`${path}: refused (tampered): the content chunks are not the ones the manifest lists; nothing was applied`)
    }
    const prepared = files.prepared ?? []
    const decoded = decodeBundleEntries(opened.value, prepared.map(p => p.decoded))
    if (!decoded.ok) throw new BundleError(`${path}: refused (${decoded.reason}): ${decoded.detail}; nothing was applied`)
    const entries = decoded.value

    const again = (await store.getMeta(`bundle.import.${hash}`)) != null
    const lastKey = `bundle.import.last.${manifest.exporter}`
    const last = await store.getMeta<ChainPoint>(lastKey)
    let gap: string | undefined
    if (!again && manifest.follows != null && manifest.follows !== last?.hash && (await store.getMeta(`bundle.import.${manifest.follows}`)) == null) {
      const since = last != null ? `after ${new Date(last.throughMs).toISOString()} (the end of the last bundle imported from it)` : 'from the start of its chain'
      gap = `a gap in ${manifest.exporter}'s chain: this bundle follows bundle ${manifest.follows.slice(0, 16)}…, which this node has not imported; missing: what the exporter received ${since} through ${new Date(manifest.window.fromMs).toISOString()}`
      if (opts.allowGap !== true) throw new BundleError(`${path}: refused (out-of-order): ${gap}. Import the missing bundles first, or pass --allow-gap (operations authenticate themselves; the gap stays until it is filled)`)
    }

    // every entry must verify and be allowed, or nothing is applied
    const admissions = await fedLog.admitMany(entries, 'bundle', prepared.map(p => p.verified))
    const bad = admissions.findIndex(a => !a.ok && a.action === 'reject')
    if (bad >= 0) {
      const a = admissions[bad] as { reason: string, detail: string }
      throw new BundleError(`${path}: refused (tampered): entry ${bad + 1} was refused (${a.reason}: ${a.detail}); nothing was applied`)
    }
    const fresh: LogEntry[] = []
    let duplicates = 0
    let deferred = 0
    admissions.forEach(a => {
      if (a.ok) fresh.push(a.entry)
      else if (a.reason === 'duplicate' || a.reason === 'duplicate-genesis') duplicates++
      else deferred++
    })
    const added = await fedLog.ingest(fresh, 'bundle')
    if (added.length <= GOSSIP_IMPORTED_MAX) {
      for (const e of added) await this.c.gossip.publish(e.envelope).catch(() => 0)
    }
    // the ids it brought, so a bundle back to the exporter's network leaves them out
    await store.putMeta(`bundle.import.${hash}`, { exporter: manifest.exporter, window: manifest.window, count: manifest.count, importedAtMs: Date.now(), ids: added.map(e => e.idHex) })
    if (last == null || manifest.window.throughMs > last.throughMs) await store.putMeta(lastKey, { hash, throughMs: manifest.window.throughMs } satisfies ChainPoint)
    this.c.log('bundle imported', { path, hash, added: added.length, duplicates, deferred, gap })
    return { hash, exporter: manifest.exporter, count: manifest.count, added: added.length, duplicates, deferred, gap, again, chunks: files.chunks.length }
  }
}
