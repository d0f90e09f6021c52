import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readlink, rename, statfs, symlink } from 'node:fs/promises'
import { basename, join } from 'node:path'
import {
  channelStateOf, DEFAULT_CHUNK_SIZE, fromHex, isTargeted, princessesOf, subscribes, publicKeyFromNodeId, toHex, type ChannelState, type ContentDescriptor, type TreeManifest,
  type FederationState, type Identity, type LogEntry, type WaveReport
} from '@waggle/protocol'
import { decodeTreeManifest, describeTree, missingChunks, removeTree, TreeWriter, verifyTree, type ChunkStore, type SyncModuleRegistry } from '@waggle/sync-modules'
import type { LogStore } from '../storage/log-store.js'
import type { ChunkService, FetchOptions } from './chunks.js'
import type { EntriesEvent, FederationLog } from './federation-log.js'
import type { GossipService } from './gossip.js'
import type { ReportService } from './reports.js'
import type { ComponentLogger } from '../logger.js'
import type { ChannelConfig } from '../config/config.js'
import { runCommand } from './commands.js'
import { UsageError } from '../errors.js'

/**
 * A channel's applied version, as this node records it. `hookPending`: the
 * version is switched in but its post-apply hook has not finished (it runs
 * again after a restart); `hookFailed`: why the hook failed. `reportedMs`
 * and `fromPeers`: the final report's stamp and figure, so the report sent
 * again after a restart is the same one.
 */
export interface AppliedVersion {
  version: number
  entryId: string
  appliedAtMs: number
  hookPending?: true
  hookFailed?: string
  reportedMs?: number
  fromPeers?: number
}

/** A report on the wave being applied, with the fields the run knows filled in. */
type RunReport = (r: Pick<WaveReport, 'state'> & Partial<WaveReport>) => Promise<void>

export interface ContentComponents {
  identity: Identity
  fedLog: FederationLog
  store: LogStore
  chunkStore: ChunkStore
  chunks: ChunkService
  reports: ReportService
  gossip: GossipService
  /** Where channels live: `<channelsDir>/<channel>/{versions/<n>,staging,current}`. */
  channelsDir: string
  /** The data dir, whose file system's free space decides holds. */
  dataDir: string
  /** Below this much free disk (MiB, besides the version's own size), waves are held. */
  minFreeDiskMib: number
  /** A channel's scanner and hook, if the operator set them. */
  channelConfig: (channel: string) => ChannelConfig | undefined
  /** Sync modules besides the swarm (http, rsync, git, third parties'), by name. */
  modules: SyncModuleRegistry
  /** This node's tags, which waves may target. */
  tags: readonly string[]
  /**
   * The version of a channel another member (by key hex) is known to have
   * applied, from the health summaries; undefined when not known. A host
   * waiting for its princess asks it, since the princess's gossiped report
   * may have gone out while the host was down.
   */
  appliedBy?: (memberKey: string, channel: string) => number | undefined
  log: ComponentLogger
}

/** How often a held wave looks at free disk again, ms. */
const HOLD_RECHECK_MS = 5_000

interface Run { version: number, controller: AbortController, done: Promise<void> }

/** How long a host waits for a princess of its network to apply a princess-first wave before fetching as usual, ms. */
const PRINCESS_WAIT_MS = 5 * 60_000
/** How often a host waiting for its princess looks at the health summaries, ms. */
const PRINCESS_POLL_MS = 1_000

/**
 * The wave engine: for every channel whose newest accepted version this
 * node has not applied, fetch the tree manifest and the chunks it lacks
 * (from any peer), build the tree in a staging dir, verify it byte for
 * byte, move it into `versions/<n>` and switch the channel's `current`
 * link to it in one rename — so a crash leaves the old version or the new
 * one, never a mix — then record the version and report. A newer wave on
 * the same channel cancels the older one's fetch; after a restart the node
 * finishes what it had not applied, reusing every chunk it already holds.
 */
export class ContentService {
  private readonly runs = new Map<string, Run>()
  private readonly applied = new Map<string, AppliedVersion>()
  /** Waves (entry ids) this node was not targeted by and has said so. */
  private readonly skipped = new Set<string>()
  private stopped = false
  private readonly onEntries = (evt: CustomEvent<EntriesEvent>): void => {
    // catch-up brings many versions of a channel at once: look at each channel once
    const channels = new Set<string>()
    for (const entry of evt.detail.entries) if (entry.body.type === 'wave.announce') channels.add(entry.body.wave.channel)
    for (const channel of channels) this.schedule(channel)
  }

  constructor (private readonly c: ContentComponents) {}

  async start (): Promise<void> {
    for (const channel of this.c.fedLog.state.channels.keys()) {
      const a = await this.c.store.getMeta<AppliedVersion>(`applied.${channel}`)
      if (a != null) this.applied.set(channel, a)
    }
    this.c.fedLog.addEventListener('entries', this.onEntries)
    this.resumeRecorded()
    for (const channel of this.c.fedLog.state.channels.keys()) this.schedule(channel)
  }

  /**
   * Finishes what this node recorded for each channel before it stopped.
   * A version whose post-apply hook had not finished (a crash, a kill) runs
   * its hook again — hooks run at least once — as a run of its channel, so
   * a newer version waits for it. Any other sends its final report again,
   * as it was (same stamp and figures, so a peer that has it keeps it): a
   * node killed between recording a version and reporting it would
   * otherwise never report it, and its peers would show it fetching for ever.
   */
  private resumeRecorded (): void {
    for (const [channel, a] of this.applied) {
      const entry = this.c.fedLog.get(a.entryId)
      if (entry?.body.type !== 'wave.announce') {
        this.c.log.warn('applied version not resumed: its wave is not in the log', { channel, version: a.version, wave: a.entryId })
        continue
      }
      const ch = channelStateOf(entry)
      const base = { channel, channelVersion: ch.version, wave: ch.entryId, total: ch.content.size, bytes: ch.content.size, fromPeers: a.fromPeers ?? 0, reason: '' }
      if (a.hookPending !== true) {
        const r = a.hookFailed != null ? { state: 'failed' as const, reason: hookFailure(a.hookFailed) } : { state: 'applied' as const }
        void this.c.reports.report({ ...base, ...r, wallMs: a.reportedMs ?? a.appliedAtMs }).catch(() => {})
        continue
      }
      const report: RunReport = async r => { await this.c.reports.report({ ...base, ...r }) }
      const run: Run = { version: ch.version, controller: new AbortController(), done: Promise.resolve() }
      run.done = this.finish(ch, join(this.c.channelsDir, channel), report, a.fromPeers ?? 0).then(() => {}, (err: any) => {
        this.c.log.warn('post-apply hook not run again', { channel, version: ch.version, reason: String(err?.message ?? err) })
      }).finally(() => {
        if (this.runs.get(channel) === run) this.runs.delete(channel)
        // a newer version found this run going and left it to schedule what comes next (all_versions)
        this.schedule(channel)
      })
      this.runs.set(channel, run)
    }
  }

  async stop (): Promise<void> {
    this.stopped = true
    this.c.fedLog.removeEventListener('entries', this.onEntries)
    for (const run of this.runs.values()) run.controller.abort(new Error('the node is stopping'))
    await Promise.allSettled([...this.runs.values()].map(async r => await r.done))
  }

  /** The versions this node has applied, by channel. */
  appliedVersions (): Record<string, AppliedVersion> {
    return Object.fromEntries(this.applied)
  }

  /**
   * On a queen: describes the content and announces it as the channel's
   * next version. The swarm chunks a file or directory into this node's
   * store (it then serves it); another module describes its source (a URL,
   * an rsync source, a git repository at `ref`) for every node to fetch.
   */
  async publish (channel: string, source: string, version: number, expiresMs: number, module = 'swarm', ref?: string, targets: { tags?: string[], nodes?: string[], princessFirst?: boolean } = {}): Promise<{ entry: LogEntry, recipients: number }> {
    let content: ContentDescriptor
    if (module === 'swarm') {
      const described = await describeTree(source, this.c.chunkStore, { chunkSize: DEFAULT_CHUNK_SIZE })
      content = { module: 'swarm', size: described.size, sha256: new Uint8Array(described.root), name: basename(source).slice(0, 255), manifestSize: described.manifestBytes.byteLength }
    } else {
      const m = this.c.modules.get(module)
      if (m == null) throw new UsageError(`unknown sync module "${module}" (this node has: swarm, ${this.c.modules.names().join(', ')})`)
      content = await m.describe(source, { ref })
    }
    const targetNodes = (targets.nodes ?? []).map(id => {
      try { return new Uint8Array(publicKeyFromNodeId(id)) } catch (err: any) { throw new UsageError(`target node: ${String(err?.message ?? err)}`) }
    })
    const entry = await this.c.fedLog.append({ type: 'wave.announce', wave: { channel, version, expiresMs, content, targetTags: targets.tags ?? [], targetNodes, princessFirst: targets.princessFirst === true } })
    return { entry, recipients: await this.c.gossip.publish(entry.envelope) }
  }

  /**
   * The version to work on next: the newest, or with `all_versions` the
   * lowest accepted one above what is applied, so every version is applied
   * in order.
   */
  private nextVersion (channel: string): ChannelState | undefined {
    const newest = this.c.fedLog.state.channels.get(channel)
    const applied = this.applied.get(channel)?.version ?? 0
    if (newest == null || newest.version <= applied) return undefined
    if (this.c.channelConfig(channel)?.allVersions !== true) return newest
    for (const e of this.c.fedLog.entries) {
      if (e.body.type !== 'wave.announce' || e.body.wave.channel !== channel || e.body.wave.version <= applied) continue
      if (this.c.fedLog.outcomeOf(e.idHex)?.accepted !== true) continue
      const ch = channelStateOf(e)
      // versions only go up in log order, so the first one above `applied` is the lowest
      return ch
    }
    return newest
  }

  private schedule (channel: string): void {
    if (this.stopped) return
    const ch = this.nextVersion(channel)
    if (ch == null || (ch.content.module !== 'swarm' && this.c.modules.get(ch.content.module) == null)) return
    const network = this.c.fedLog.state.members.get(toHex(this.c.identity.publicKey))?.network
    const unsubscribed = network != null && !subscribes(this.c.fedLog.state, network, channel)
    if (unsubscribed || !isTargeted(ch, this.c.identity.nodeId, this.c.tags)) {
      if (!this.skipped.has(ch.entryId)) {
        this.skipped.add(ch.entryId)
        const reason = unsubscribed ? `network ${network} does not subscribe to channel ${channel}` : ''
        void this.c.reports.report({ channel, channelVersion: ch.version, wave: ch.entryId, state: 'not-targeted', bytes: 0, total: ch.content.size, fromPeers: 0, reason }).catch(() => {})
      }
      return
    }
    const running = this.runs.get(channel)
    const allVersions = this.c.channelConfig(channel)?.allVersions === true
    if (running != null) {
      // with all_versions the running one finishes, then the next is scheduled
      if (running.version >= ch.version || allVersions) return
      running.controller.abort(new Error(`superseded by version ${ch.version}`))
    }
    const controller = new AbortController()
    const run: Run = { version: ch.version, controller, done: Promise.resolve() }
    run.done = (async () => {
      await running?.done // one run per channel at a time
      await this.apply(ch, controller.signal)
    })().finally(() => {
      if (this.runs.get(channel) === run) this.runs.delete(channel)
      if (allVersions && !controller.signal.aborted && this.applied.get(channel)?.version === ch.version) this.schedule(channel)
    })
    this.runs.set(channel, run)
  }

  private async apply (ch: ChannelState, signal: AbortSignal): Promise<void> {
    const base = { channel: ch.channel, channelVersion: ch.version, wave: ch.entryId, total: ch.content.size }
    let bytes = 0
    let fromPeers = 0
    const report: RunReport = async r => {
      await this.c.reports.report({ ...base, bytes, fromPeers, reason: '', ...r })
    }
    try {
      signal.throwIfAborted()
      if (ch.expiresMs !== 0 && Date.now() > ch.expiresMs) {
        await report({ state: 'failed', reason: `the wave expired at ${new Date(ch.expiresMs).toISOString()}` })
        return
      }
      const dir = join(this.c.channelsDir, ch.channel)
      if (await this.alreadyCurrent(ch, dir)) {
        // a crash between the switch and recording it: the version is in place and whole, its hook not run
        bytes = ch.content.size
        await this.finish(ch, dir, report, fromPeers)
        return
      }
      await this.waitForDisk(ch, report, signal)
      await report({ state: 'fetching' })
      await mkdir(join(dir, 'staging'), { recursive: true })
      await mkdir(join(dir, 'versions'), { recursive: true })
      // one staging dir per version: a module that resumes (http) finds its partial download after a restart
      const staging = join(dir, 'staging', String(ch.version))
      const progress = (n: number): void => { bytes = n; void report({ state: 'fetching' }) }
      const verified = ch.content.module === 'swarm'
        ? await this.prepareSwarm(ch, staging, signal, progress, n => { fromPeers += n })
        : await this.prepareModule(ch, staging, signal, progress)
      bytes = ch.content.size
      if (!verified.ok) {
        const quarantine = await this.quarantine(dir, staging, ch.version)
        throw new Error(`the staged copy does not match its announcement (${verified.detail}); quarantined in ${quarantine}`)
      }
      const config = this.c.channelConfig(ch.channel)
      const env = { WAGGLE_CHANNEL: ch.channel, WAGGLE_VERSION: String(ch.version) }
      if (config?.scanner != null) {
        const scanned = await runCommand(config.scanner, { env: { ...env, WAGGLE_DIR: staging }, cwd: staging, timeoutMs: config.timeoutMs })
        if (!scanned.ok) {
          const quarantine = await this.quarantine(dir, staging, ch.version)
          throw new Error(`the scanner rejected it (${scanned.reason}); quarantined in ${quarantine}`)
        }
      }
      signal.throwIfAborted()
      const final = join(dir, 'versions', String(ch.version))
      const linked = await readlink(join(dir, 'current')).catch(() => undefined)
      if (linked === join('versions', String(ch.version))) {
        // `current` names a copy of this version that did not verify: set it aside, never delete it under the link
        await rename(final, `${final}.broken-${Date.now()}`).catch(() => {})
      } else {
        await removeTree(final) // a leftover of a crash between the rename and the switch
      }
      await rename(staging, final)
      // the switch: a new link renamed over `current` is atomic on POSIX
      const link = join(dir, `.current-${randomBytes(4).toString('hex')}`)
      await symlink(join('versions', String(ch.version)), link)
      await rename(link, join(dir, 'current'))
      if (await this.finish(ch, dir, report, fromPeers)) this.c.log('applied', { channel: ch.channel, version: ch.version, fromPeers })
    } catch (err: any) {
      if (this.stopped) return
      const reason = signal.aborted ? String(signal.reason?.message ?? 'cancelled') : String(err?.message ?? err)
      this.c.log.warn('wave not applied', { channel: ch.channel, version: ch.version, reason })
      await report({ state: 'failed', reason }).catch(() => {})
    }
  }

  /**
   * The swarm: the tree manifest, then the chunks this node lacks, from any
   * peer; the tree built in staging from verified chunks, then checked
   * again as a whole.
   */
  private async prepareSwarm (ch: ChannelState, staging: string, signal: AbortSignal, progress: (bytes: number) => void, fromPeers: (bytes: number) => void): Promise<{ ok: true } | { ok: false, detail: string }> {
    const manifestSize = ch.content.manifestSize
    const root = fromHex(ch.content.sha256)
    const source = await this.swarmSource(ch, signal)
    if (!(await this.c.chunkStore.has(root))) {
      await this.c.chunks.fetch([root], { signal, ...source, maxBytes: manifestSize })
    }
    const manifestBytes = await this.c.chunkStore.get(root)
    if (manifestBytes == null) throw new Error('the tree manifest could not be read back from the chunk store')
    if (manifestBytes.byteLength > manifestSize) throw new Error(`the tree manifest is ${manifestBytes.byteLength} bytes, the announcement says ${manifestSize}`)
    const decoded = decodeTreeManifest(manifestBytes, { root, maxSize: ch.content.size })
    if (!decoded.ok) throw new Error(`refused before anything was written: ${decoded.detail}`)
    const { manifest } = decoded.value
    if (decoded.value.size !== ch.content.size) throw new Error(`the tree holds ${decoded.value.size} bytes, the announcement says ${ch.content.size}`)
    const chunkBytes = chunkSizes(manifest)
    await removeTree(staging) // a fresh tree; chunks already fetched stay in the store
    // the tree is written as chunks arrive, and what was already held is copied from the store after
    const writer = await TreeWriter.create(manifest, staging)
    try {
      // a chunk found corrupt on disk while building is dropped by the store: fetch it again, once
      for (let attempt = 1; ; attempt++) {
        const missing = await missingChunks(manifest, this.c.chunkStore)
        let bytes = Math.max(0, ch.content.size - missing.reduce((n, h) => n + (chunkBytes.get(toHex(h)) ?? 0), 0))
        progress(bytes)
        const stats = await this.c.chunks.fetch(missing, {
          signal,
          ...source,
          onChunk: (h, n, data) => {
            writer.write(h, data)
            bytes += n
            progress(bytes)
          }
        })
        fromPeers(stats.fromPeers)
        try {
          await writer.fill(this.c.chunkStore)
          break
        } catch (err: any) {
          if (err?.name !== 'MissingChunkError' || attempt >= 2) throw err
        }
      }
      await writer.finish()
    } catch (err) {
      await writer.abort()
      throw err
    }
    const verified = await verifyTree(manifest, staging)
    return verified.ok ? { ok: true } : { ok: false, detail: verified.detail }
  }

  /**
   * Where a swarm fetch gets its chunks: from every peer, the announcer
   * being the origin; or, for a princess-first wave on a host of a network
   * with princesses, from its own network only, once one of its princesses
   * has applied the version (that princess is then the origin), so the data
   * crosses into the network once. If no princess of the network applies it
   * within PRINCESS_WAIT_MS, the host fetches as usual.
   */
  private async swarmSource (ch: ChannelState, signal: AbortSignal): Promise<SwarmSource> {
    const state = this.c.fedLog.state
    // peers that will not fetch this version take no share of it (theirs would stall until shared out again):
    // those the log says so of, and those that reported the wave is not for them (targets by tag); the fetch
    // asks again as it goes, so a report that comes later takes effect then. They are still asked for chunks:
    // one may hold the content all the same (a zone's node that imported it with a bundle).
    const untargeted = (id: string): boolean => this.c.reports.stateOf(ch.entryId, id) === 'not-targeted'
    const sharesFor = (princessFirst: boolean): (nodeId: string) => boolean => {
      const idle = idlePeers(this.c.fedLog.state, { channel: ch.channel, princessFirst, targets: ch.targets })
      return (id: string) => !idle.has(id) && !untargeted(id)
    }
    const usual: SwarmSource = { origin: ch.announcedBy, sharesFor: sharesFor(ch.princessFirst) }
    if (!ch.princessFirst) return usual
    const me = state.members.get(toHex(this.c.identity.publicKey))
    if (me == null || me.role === 'princess') return usual
    // node id → key
    const princesses = new Map(princessesOf(state, me.network).flatMap(k => { const id = state.members.get(k)?.nodeId; return id != null ? [[id, k] as const] : [] }))
    if (princesses.size === 0) return usual
    const princess = await this.princessApplied(ch, princesses, signal)
    if (princess == null) {
      this.c.log.warn('no princess of this network applied the wave in time; fetching from every peer', { channel: ch.channel, version: ch.version, network: me.network })
      // the other hosts that waited give up now too: every peer that takes the channel may hold a share
      return { origin: ch.announcedBy, sharesFor: sharesFor(false) }
    }
    const network = me.network
    return {
      origin: princess,
      // the network's hosts fetch now too (they waited for the princess as this one did)
      sharesFor: sharesFor(false),
      peers: (id) => {
        try {
          return this.c.fedLog.state.members.get(toHex(publicKeyFromNodeId(id)))?.network === network
        } catch {
          return false // not an Ed25519 node id: no member
        }
      }
    }
  }

  /**
   * The node id of the first of these princesses (node id → key) known to
   * have applied the wave, or undefined after PRINCESS_WAIT_MS. Known from
   * its gossiped report or, when that went out before this node heard of the
   * wave (it was down, or joined late), from the health summaries.
   */
  private async princessApplied (ch: ChannelState, princesses: Map<string, string>, signal: AbortSignal): Promise<string | undefined> {
    const done = (r: WaveReport): boolean => r.wave === ch.entryId && r.state === 'applied' && princesses.has(r.reporter)
    const fromHealth = (): string | undefined => {
      for (const [id, key] of princesses) if (this.c.appliedBy?.(key, ch.channel) === ch.version) return id
      return undefined
    }
    const already = this.c.reports.reportsFor(ch.entryId).find(done)?.reporter ?? fromHealth()
    if (already != null) return already
    return await new Promise<string | undefined>((resolve, reject) => {
      const finish = (who: string | undefined, err?: unknown): void => {
        clearTimeout(timer)
        clearInterval(poll)
        this.c.reports.removeEventListener('report', onReport)
        signal.removeEventListener('abort', onAbort)
        if (err != null) reject(err)
        else resolve(who)
      }
      const onReport = (e: CustomEvent<WaveReport>): void => { if (done(e.detail)) finish(e.detail.reporter) }
      const onAbort = (): void => { finish(undefined, signal.reason) }
      const timer = setTimeout(() => { finish(undefined) }, PRINCESS_WAIT_MS)
      const poll = setInterval(() => { const id = fromHealth(); if (id != null) finish(id) }, PRINCESS_POLL_MS)
      this.c.reports.addEventListener('report', onReport)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Another module (http, rsync, git, a third party's): it fetches into staging and verifies. */
  private async prepareModule (ch: ChannelState, staging: string, signal: AbortSignal, progress: (bytes: number) => void): Promise<{ ok: true } | { ok: false, detail: string }> {
    const module = this.c.modules.get(ch.content.module)
    if (module == null) throw new Error(`this node has no sync module "${ch.content.module}"`)
    const descriptor = descriptorOf(ch)
    await module.fetch(descriptor, staging, { signal, onProgress: p => { progress(p.bytes) } })
    const verified = await module.verify(descriptor, staging)
    return verified.ok ? { ok: true } : { ok: false, detail: verified.reason }
  }

  /**
   * After the switch: records the version (with its hook pending, if the
   * channel has one), runs the hook, records how it went with the final
   * report's stamp, and reports. Whether the hook passed (or there is none).
   */
  private async finish (ch: ChannelState, dir: string, report: RunReport, fromPeers: number): Promise<boolean> {
    const config = this.c.channelConfig(ch.channel)
    if (config?.hook != null) await this.record(ch, { hookPending: true })
    await this.prune(dir, ch.version).catch((err: any) => {
      this.c.log.warn('older versions not pruned', { channel: ch.channel, reason: String(err?.message ?? err) })
    })
    let failed: string | undefined
    if (config?.hook != null) {
      const env = { WAGGLE_CHANNEL: ch.channel, WAGGLE_VERSION: String(ch.version), WAGGLE_DIR: join(dir, 'current') }
      const hooked = await runCommand(config.hook, { env, cwd: join(dir, 'versions', String(ch.version)), timeoutMs: config.timeoutMs })
      if (!hooked.ok) failed = hooked.reason
    }
    // recorded with the report's stamp before it is sent: a restart sends the same report again
    const wallMs = Date.now()
    await this.record(ch, { ...(failed != null ? { hookFailed: failed } : {}), reportedMs: wallMs, fromPeers })
    if (failed == null) {
      await report({ state: 'applied', wallMs })
      return true
    }
    // the version stays applied (and is never applied twice); the report says what went wrong
    await report({ state: 'failed', reason: hookFailure(failed), wallMs })
    this.c.log.warn('post-apply hook failed', { channel: ch.channel, version: ch.version, reason: failed })
    return false
  }

  /** Records a channel's applied version (keeping when it was first applied). */
  private async record (ch: ChannelState, hook: Pick<AppliedVersion, 'hookPending' | 'hookFailed' | 'reportedMs' | 'fromPeers'> = {}): Promise<void> {
    const prev = this.applied.get(ch.channel)
    const appliedAtMs = prev?.entryId === ch.entryId ? prev.appliedAtMs : Date.now()
    const applied: AppliedVersion = { version: ch.version, entryId: ch.entryId, appliedAtMs, ...hook }
    await this.c.store.putMeta(`applied.${ch.channel}`, applied)
    this.applied.set(ch.channel, applied)
  }

  /** Whether `current` already names this version and its copy verifies (after a crash before it was recorded). */
  private async alreadyCurrent (ch: ChannelState, dir: string): Promise<boolean> {
    const linked = await readlink(join(dir, 'current')).catch(() => undefined)
    if (linked !== join('versions', String(ch.version))) return false
    const final = join(dir, linked)
    if (ch.content.module === 'swarm') {
      const bytes = await this.c.chunkStore.get(fromHex(ch.content.sha256))
      if (bytes == null) return false
      const decoded = decodeTreeManifest(bytes, { root: fromHex(ch.content.sha256), maxSize: ch.content.size })
      return decoded.ok && (await verifyTree(decoded.value.manifest, final)).ok
    }
    const module = this.c.modules.get(ch.content.module)
    return module != null && (await module.verify(descriptorOf(ch), final)).ok
  }

  /** Moves a refused staged tree aside, for the operator to look at. */
  private async quarantine (dir: string, staging: string, version: number): Promise<string> {
    const target = join(dir, 'quarantine', `${version}-${Date.now()}`)
    await mkdir(join(dir, 'quarantine'), { recursive: true })
    await rename(staging, target)
    return target
  }

  /**
   * Holds the wave while free disk is short: reports `held` with the
   * figures, looks again every few seconds, and goes on once there is room.
   */
  private async waitForDisk (ch: ChannelState, report: (r: Pick<WaveReport, 'state'> & Partial<WaveReport>) => Promise<void>, signal: AbortSignal): Promise<void> {
    const MIB = 1024 * 1024
    for (;;) {
      const fs = await statfs(this.c.dataDir)
      const free = fs.bavail * fs.bsize
      const need = this.c.minFreeDiskMib * MIB + ch.content.size
      if (free >= need) return
      await report({ state: 'held', reason: `free disk ${Math.floor(free / MIB)} MiB is below the ${this.c.minFreeDiskMib} MiB minimum plus this version's ${Math.ceil(ch.content.size / MIB)} MiB` })
      await new Promise<void>(resolve => {
        const t = setTimeout(resolve, HOLD_RECHECK_MS)
        signal.addEventListener('abort', () => { clearTimeout(t); resolve() }, { once: true })
      })
      signal.throwIfAborted()
    }
  }

  /** Keeps the current and the previous version; staging leftovers go too. */
  private async prune (dir: string, current: number): Promise<void> {
    const versions = (await readdir(join(dir, 'versions')).catch(() => [] as string[])).map(Number).filter(v => Number.isSafeInteger(v)).sort((a, b) => b - a)
    // removeTree: a tree may hold read-only directories that a plain rm cannot empty
    for (const v of versions.filter(v => v !== current).slice(1)) await removeTree(join(dir, 'versions', String(v)))
    await removeTree(join(dir, 'staging'))
  }
}

/** The signed descriptor, rebuilt from the channel's state for a module. */
function descriptorOf (ch: ChannelState): ContentDescriptor {
  const c = ch.content
  return { module: c.module, size: c.size, sha256: new Uint8Array(fromHex(c.sha256)), name: c.name, manifestSize: c.manifestSize, source: c.source, ref: c.ref }
}

/** Each chunk's size, by hash, from the files that hold it. */
function chunkSizes (manifest: TreeManifest): Map<string, number> {
  const sizes = new Map<string, number>()
  for (const e of manifest.entries) {
    e.chunks.forEach((h, i) => { sizes.set(toHex(h), Math.min(manifest.chunkSize, e.size - i * manifest.chunkSize)) })
  }
  return sizes
}

/** Where a swarm fetch gets a version: its origin, the peers it may ask, those that take a share (see FetchOptions). */
type SwarmSource = Pick<FetchOptions, 'peers' | 'sharesFor'> & { origin: string }

/**
 * Node ids of the members that will not fetch a version of a channel now:
 * those of networks that do not take the channel; for a princess-first
 * wave, the hosts of networks with princesses (they wait until a princess
 * has it); and for a wave that targets node ids only, the members it does
 * not name. A fetch gives them no share to fetch from the origin, but asks
 * them for what they hold. Targets by tag are not known
 * here (a peer's tags are its own configuration): those peers say so in a
 * `not-targeted` report (see ContentService.swarmSource).
 */
export function idlePeers (state: FederationState, ch: Pick<ChannelState, 'channel' | 'princessFirst'> & Partial<Pick<ChannelState, 'targets'>>): Set<string> {
  const withPrincess = new Set<string>()
  if (ch.princessFirst) for (const m of state.members.values()) if (m.role === 'princess') withPrincess.add(m.network)
  const named = ch.targets != null && ch.targets.tags.length === 0 && ch.targets.nodes.length > 0 ? new Set(ch.targets.nodes) : undefined
  const out = new Set<string>()
  for (const m of state.members.values()) {
    if (!subscribes(state, m.network, ch.channel) || (m.role !== 'princess' && withPrincess.has(m.network))) out.add(m.nodeId)
    else if (named != null && !named.has(m.nodeId)) out.add(m.nodeId)
  }
  return out
}

/** A failed post-apply hook, as reports say it. */
function hookFailure (reason: string): string {
  return `applied, but the post-apply hook failed: ${reason}`
}
