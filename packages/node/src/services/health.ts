import { cpus, freemem, loadavg, totalmem } from 'node:os'
import { statfs } from 'node:fs/promises'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { TypedEventEmitter, type Connection, type Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { lpStream } from '@libp2p/utils'
import {
  activeSupernodes, assignedSupernode, assignMembers, decodeHealthReport, decodeHealthRequest, encodeHealthReport, encodeHealthRequest,
  healthStateOf, HEALTH_STATES, isMember, nodeIdFromPublicKey, openSummary, rankStandbys, sealSummary, standbys, toHex,
  type FederationState, type HealthReport, type HealthState, type Identity, type MemberHealth, type MemberHealthView
} from '@waggle/protocol'
import type { PeerTrust } from './membership-gate.js'
import type { EntriesEvent, FederationLog } from './federation-log.js'
import type { GossipService } from './gossip.js'
import type { WaggleLibp2p } from './host.js'
import type { ContentService } from './content.js'
import type { ComponentLogger } from '../logger.js'

/** The health stream protocol: a supernode asks, a member reports. */
export const HEALTH_PROTOCOL = '/waggle/health/1.0.0'

/** The gossip topic of a federation's supernode health summaries. */
export function healthTopic (federationId: Uint8Array): string {
  return `/waggle/health/1/${toHex(federationId)}`
}

/** Largest health request or report frame, in bytes (a report with 256 channels of long names is about 40 KiB). */
const MAX_HEALTH_FRAME_BYTES = 64 * 1024
/** Members checked at once by one supernode: enough to cover hundreds per interval, few enough not to spike. */
const CHECK_CONCURRENCY = 16
/** Longest wait for one member's report, ms (shorter when the interval is). */
const MAX_CHECK_TIMEOUT_MS = 10_000
/**
 * How often a supernode's unchanged addresses go to the peer store again,
 * ms: every summary part carries them, and parsing and storing them each
 * time was a good part of an idle member's CPU.
 */
const RELEARN_ADDRS_MS = 5 * 60_000

/** One member as its supernode tracks it. */
interface CheckState {
  /** When this supernode took the member on (local clock): it is not down before the grace has run from here. */
  sinceMs: number
  lastOkMs: number
  lastCheckOk: boolean
  rttMs: number
  lagEntries: number
  report?: HealthReport
  checks: number
  failures: number
}

/** What this node last heard from a supernode. */
interface Heard {
  /** Local clock when its newest round arrived. */
  atMs: number
  /** That round's stamp, by the supernode's clock. */
  wallMs: number
  addrs: string[]
  /** The parts of that round taken so far: a part seen again is a replay. */
  parts: Set<number>
}

/** One member's line in a supernode's newest summary, as received. */
interface Reported { view: MemberHealthView, wallMs: number }

/** One node of the federation as the node map shows it. */
export interface MemberRow {
  nodeId: string
  role: 'host' | 'supernode' | 'standby' | 'princess'
  queen: boolean
  network: string
  /** ok, late, down as its supernode (or, for a supernode, this node) judges it; unknown: no word yet. */
  health: HealthState | 'unknown'
  /** Wall clock ms of the last good check (or summary, for a supernode); 0: never. */
  lastSeenMs: number
  /** The live supernode it is assigned to (itself for a live supernode); null when none is live. */
  supernode: string | null
  /** The supernode whose summary the figures come from. */
  reportedBy: string | null
  applied: Record<string, number>
  lagEntries: number | null
  metrics: {
    uptimeMs: number
    load1: number
    load5: number
    load15: number
    processCpuPercent: number
    rssBytes: number
    memFreeBytes: number
    memTotalBytes: number
    diskFreeBytes: number
    diskTotalBytes: number
    logEntries: number
    logNewestMs: number
    peers: number
  } | null
}

export interface HealthComponents {
  libp2p: WaggleLibp2p
  identity: Identity
  fedLog: FederationLog
  gossip: GossipService
  content: ContentService
  dataDir: string
  startedAtMs: number
  log: ComponentLogger
  /** Who may relay summaries (members): what a stranger relays is rejected. */
  trust?: PeerTrust
}

export interface HealthInit {
  /**
   * How long a standby ranked k waits, k times, after a failure is seen
   * before it takes over, ms; half the federation's grace by default.
   */
  standbyStepMs?: number
}

export interface HealthEvents {
  /** A takeover or resume this node appended: its entry id and whether the log accepted it. */
  takeover: CustomEvent<{ entryId: string, resume: boolean, failed?: string, accepted: boolean }>
  /** A summary round this node published or received (signer key hex). */
  summary: CustomEvent<{ signer: string, wallMs: number }>
}

/**
 * Supernode health, liveness and standbys.
 *
 * - Every node serves `/waggle/health/1.0.0` to active supernodes: a
 *   report of its CPU, memory, disk, log and applied versions.
 * - Every health interval (a federation parameter), each live supernode
 *   checks the members assigned to it (rendezvous hashing over the live
 *   supernodes), judges each ok, late or down, and gossips a signed
 *   summary on the federation's health topic; every node keeps the newest
 *   summary of each supernode, so any node can show the whole map.
 * - A supernode silent for longer than the grace is failed, as this node
 *   sees it; the live supernodes are the log's active ones minus those.
 * - A standby takes over (a `takeover` naming the failed supernode and the
 *   entry that last put it in service, as seen here) when too few are live
 *   (policy redistribute) or any has failed (policy replace), after its
 *   rank's delay; a replaced supernode that is back resumes.
 * - Each member keeps a connection to its supernode, whose addresses come
 *   in its summaries.
 */
export class HealthService extends TypedEventEmitter<HealthEvents> {
  readonly topic: string
  private readonly c: HealthComponents
  private readonly init: HealthInit
  private readonly self: string
  private timer?: ReturnType<typeof setTimeout>
  private ticking?: Promise<void>
  private stopped = false
  private readonly checks = new Map<string, CheckState>()
  private readonly heard = new Map<string, Heard>()
  /** Supernode addresses last put in the peer store, by node id, and when. */
  private readonly learned = new Map<string, { key: string, atMs: number }>()
  private readonly reported = new Map<string, Map<string, Reported>>()
  /** Each supernode's in-service entry and when this node first saw it (local clock). */
  private readonly inServiceSeen = new Map<string, { entryId: string, atMs: number }>()
  /** Takeovers this node has tried: `<failed>:<since>`, and resumes in flight. */
  private readonly attempted = new Set<string>()
  private resuming = false
  /** When this node first had a peer on the health topic (local clock): it can hear nobody before. */
  private meshSinceMs = Infinity
  /** When this standby's next takeover turn comes (local clock); Infinity when none. */
  private nextDueMs = Infinity
  private lastDialMs = 0
  private cpuPrev = { usage: process.cpuUsage(), atMs: Date.now() }
  /** Summary rounds published by this node. */
  rounds = 0
  private readonly onEntries = (evt: CustomEvent<EntriesEvent>): void => {
    // a takeover or role change may concern this node: look at once, not at the next interval
    if (evt.detail.entries.some(e => { const t = e.body.type; return t === 'takeover' || t === 'role.change' || t === 'volunteer.decision' || t === 'approve' })) this.kick()
  }

  constructor (components: HealthComponents, init: HealthInit = {}) {
    super()
    this.c = components
    this.init = init
    this.self = toHex(components.identity.publicKey)
    this.topic = healthTopic(components.fedLog.federationId)
  }

  async start (): Promise<void> {
    const { libp2p } = this.c
    await libp2p.handle(HEALTH_PROTOCOL, (stream, connection) => { void this.serve(stream, connection) }, { maxInboundStreams: 32, maxOutboundStreams: 64 })
    const pubsub = libp2p.services.pubsub
    pubsub.topicValidators.set(this.topic, (peer, msg) => {
      if (this.c.trust != null && !this.c.trust.trusts(peer)) {
        this.c.fedLog.drop('health', 'not-a-member')
        return TopicValidatorResult.Reject
      }
      return this.receive(msg.data)
    })
    pubsub.subscribe(this.topic)
    this.c.fedLog.addEventListener('entries', this.onEntries)
    this.schedule(0)
  }

  async stop (): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    this.c.fedLog.removeEventListener('entries', this.onEntries)
    const pubsub = this.c.libp2p.services.pubsub
    pubsub.topicValidators.delete(this.topic)
    try { pubsub.unsubscribe(this.topic) } catch {}
    await this.ticking?.catch(() => {})
    await this.c.libp2p.unhandle(HEALTH_PROTOCOL).catch(() => {})
  }

  private get params (): { intervalMs: number, graceMs: number, min: number, policy: 'redistribute' | 'replace' } {
    const p = this.c.fedLog.state.params
    return { intervalMs: p.healthIntervalMs, graceMs: p.supernodeGraceMs, min: p.minSupernodes, policy: p.policy }
  }

  private schedule (ms: number): void {
    if (this.stopped) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => { this.kick() }, ms)
    this.timer.unref()
  }

  /** Runs a round now unless one is running; the next is scheduled an interval after it. */
  private kick (): void {
    if (this.stopped || this.ticking != null) return
    clearTimeout(this.timer)
    this.ticking = this.tick()
      .catch(err => { this.c.log.error('health round failed', { err: String(err?.stack ?? err) }) })
      .finally(() => {
        this.ticking = undefined
        // a standby wakes exactly when its rank's turn comes, not at the next round
        const due = this.nextDueMs - Date.now()
        this.schedule(Math.max(0, Math.min(this.params.intervalMs, due)))
      })
  }

  /** Peers on the health topic now; notes when the first one came. */
  private topicPeers (): number {
    const n = this.c.libp2p.services.pubsub.getSubscribers(this.topic).length
    if (n > 0 && this.meshSinceMs === Infinity) this.meshSinceMs = Date.now()
    return n
  }

  private async tick (): Promise<void> {
    this.topicPeers()
    const state = this.c.fedLog.state
    const me = state.members.get(this.self)
    if (me == null) return
    if (state.replaced.has(this.self)) await this.resume()
    const live = this.liveSupernodes()
    if (live.includes(this.self)) await this.checkAndPublish(live)
    else this.checks.clear()
    if (this.c.fedLog.state.members.get(this.self)?.role === 'standby') await this.maybeTakeOver()
    await this.attach(live)
  }

  // ---- liveness -------------------------------------------------------------

  /** Notes when each supernode's current time in service began, as this node saw it. */
  private refreshInService (now: number): void {
    const state = this.c.fedLog.state
    for (const [s, entryId] of state.inService) {
      const seen = this.inServiceSeen.get(s)
      if (seen?.entryId !== entryId) this.inServiceSeen.set(s, { entryId, atMs: now })
    }
    for (const s of this.inServiceSeen.keys()) if (!state.inService.has(s)) this.inServiceSeen.delete(s)
  }

  /**
   * Active supernodes this node has seen fail: silent (no summary) for
   * longer than the grace, counted from the latest of their last summary,
   * the start of their current time in service as seen here, and this
   * node's start. → failed key → when it counted as failed (local clock).
   */
  failedSupernodes (now = Date.now()): Map<string, number> {
    this.refreshInService(now)
    const { graceMs } = this.params
    const out = new Map<string, number>()
    for (const s of activeSupernodes(this.c.fedLog.state)) {
      if (s === this.self) continue
      const last = this.lastWordMs(s)
      if (now - last > graceMs) out.set(s, last + graceMs)
    }
    return out
  }

  /**
   * Where a supernode's silence is counted from: its last round, the start
   * of its current time in service as seen here, or when this node first
   * had a peer to hear it through (before that, silence means nothing).
   */
  private lastWordMs (s: string): number {
    return Math.max(this.heard.get(s)?.atMs ?? 0, this.inServiceSeen.get(s)?.atMs ?? 0, this.c.startedAtMs, this.meshSinceMs)
  }

  /** The live supernodes: the log's active ones minus those seen failed (sorted keys). */
  liveSupernodes (now = Date.now()): string[] {
    const failed = this.failedSupernodes(now)
    return activeSupernodes(this.c.fedLog.state).filter(s => !failed.has(s))
  }

  // ---- a supernode's round --------------------------------------------------

  private async checkAndPublish (live: string[]): Promise<void> {
    const state = this.c.fedLog.state
    const now = Date.now()
    const mine = (assignMembers(state.members.keys(), live, networkIn(state)).get(this.self) ?? []).filter(m => m !== this.self)
    const wanted = new Set(mine)
    for (const m of this.checks.keys()) if (!wanted.has(m)) this.checks.delete(m)
    for (const m of mine) {
      if (!this.checks.has(m)) this.checks.set(m, { sinceMs: now, lastOkMs: 0, lastCheckOk: false, rttMs: 0, lagEntries: 0, checks: 0, failures: 0 })
    }
    const queue = [...mine]
    const timeoutMs = Math.max(500, Math.min(this.params.intervalMs, MAX_CHECK_TIMEOUT_MS))
    await Promise.all(Array.from({ length: Math.min(CHECK_CONCURRENCY, queue.length) }, async () => {
      for (let m = queue.shift(); m != null; m = queue.shift()) await this.check(m, timeoutMs)
    }))
    if (this.stopped) return
    await this.publish()
  }

  /** Asks one member for its report. */
  private async check (member: string, timeoutMs: number): Promise<void> {
    const st = this.checks.get(member)
    if (st == null) return
    st.checks++
    const started = Date.now()
    try {
      const signal = AbortSignal.timeout(timeoutMs)
      const peer = peerIdFromString(nodeIdFromPublicKey(Buffer.from(member, 'hex')))
      const stream = await this.c.libp2p.dialProtocol(peer, HEALTH_PROTOCOL, { signal })
      const lps = lpStream(stream, { maxDataLength: MAX_HEALTH_FRAME_BYTES })
      try {
        await lps.write(encodeHealthRequest(this.c.fedLog.federationId, Date.now()), { signal })
        const report = decodeHealthReport((await lps.read({ signal })).subarray(), this.c.fedLog.federationId)
        await stream.close({ signal }).catch(() => {})
        if (!report.ok) {
          this.c.fedLog.drop('health', `report-${report.reason}`)
          throw new Error(report.detail)
        }
        st.report = report.value
        st.lastOkMs = Date.now()
        st.lastCheckOk = true
        st.rttMs = st.lastOkMs - started
        st.lagEntries = Math.max(0, this.c.fedLog.size - report.value.logEntries)
      } catch (err) {
        stream.abort(err instanceof Error ? err : new Error(String(err)))
        throw err
      }
    } catch (err: any) {
      st.lastCheckOk = false
      st.failures++
      this.c.log.trace('health check failed', { member, err: String(err?.message ?? err) })
    }
  }

  /** This supernode's round: itself and its members, signed, gossiped in parts. */
  private async publish (): Promise<void> {
    const now = Date.now()
    const { graceMs } = this.params
    const own = await this.sample()
    const members: MemberHealth[] = [{ node: new Uint8Array(this.c.identity.publicKey), state: 0, lastSeenMs: now, rttMs: 0, lagEntries: 0, report: own }]
    for (const [m, st] of this.checks) {
      const state = healthStateOf({ lastOkMs: st.lastOkMs, lastCheckOk: st.lastCheckOk, sinceMs: st.sinceMs, nowMs: now, graceMs })
      members.push({
        node: new Uint8Array(Buffer.from(m, 'hex')),
        state: HEALTH_STATES.indexOf(state),
        lastSeenMs: st.lastOkMs,
        rttMs: Math.min(st.rttMs, 0xffff_ffff),
        lagEntries: st.lagEntries,
        report: st.report
      })
    }
    const addrs = this.c.libp2p.getMultiaddrs().map(a => a.toString())
    const parts = sealSummary(this.c.identity, this.c.fedLog.federationId, { wallMs: now, addrs, members })
    for (const part of parts) {
      // record our own round as any node would, then gossip it
      this.receive(part, true)
      try {
        await this.c.libp2p.services.pubsub.publish(this.topic, part)
      } catch (err: any) {
        this.c.log.trace('summary not gossiped', { err: String(err?.message ?? err) })
      }
    }
    this.rounds++
  }

  /** The figures of this node's own health report. */
  async sample (): Promise<HealthReport> {
    const now = Date.now()
    const usage = process.cpuUsage(this.cpuPrev.usage)
    const elapsedMs = Math.max(1, now - this.cpuPrev.atMs)
    this.cpuPrev = { usage: process.cpuUsage(), atMs: now }
    let disk = { free: 0, total: 0 }
    try {
      const s = await statfs(this.c.dataDir)
      disk = { free: s.bavail * s.bsize, total: s.blocks * s.bsize }
    } catch {}
    const [load1, load5, load15] = loadavg()
    const entries = this.c.fedLog.entries
    // applied as a report says it: switched in and its post-apply hook (if any) done and passed
    const applied = Object.entries(this.c.content.appliedVersions())
      .filter(([, a]) => a.hookPending !== true && a.hookFailed == null)
      .map(([channel, a]) => ({ channel, version: a.version })).sort((a, b) => a.channel < b.channel ? -1 : 1)
    return {
      version: 1,
      federation: new Uint8Array(this.c.fedLog.federationId),
      wallMs: now,
      uptimeMs: now - this.c.startedAtMs,
      load1,
      load5,
      load15,
      // % of one core; a busy multi-threaded moment may pass 100, never the cores' total
      processCpu: Math.min((usage.user + usage.system) / 1000 / elapsedMs * 100, 100 * Math.max(1, cpus().length)),
      rssBytes: process.memoryUsage.rss(),
      memFreeBytes: freemem(),
      memTotalBytes: totalmem(),
      diskFreeBytes: Math.floor(disk.free),
      diskTotalBytes: Math.floor(disk.total),
      logEntries: entries.length,
      logNewestMs: entries.length > 0 ? entries[entries.length - 1].stamp.wallMs : 0,
      applied,
      peers: this.c.libp2p.getPeers().length
    }
  }

  /** Members this supernode checks now, with their state: for per-member metrics. */
  checkedMembers (): Array<{ key: string, state: HealthState, lastOkMs: number, rttMs: number, lagEntries: number, checks: number, failures: number, report?: HealthReport }> {
    const now = Date.now()
    const { graceMs } = this.params
    return [...this.checks].map(([key, st]) => ({
      key,
      state: healthStateOf({ lastOkMs: st.lastOkMs, lastCheckOk: st.lastCheckOk, sinceMs: st.sinceMs, nowMs: now, graceMs }),
      lastOkMs: st.lastOkMs,
      rttMs: st.rttMs,
      lagEntries: st.lagEntries,
      checks: st.checks,
      failures: st.failures,
      report: st.report
    }))
  }

  // ---- serving a supernode's check -----------------------------------------

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const asker = connection.remotePeer.toString()
    const state = this.c.fedLog.state
    let askerKey: string
    try { askerKey = toHex(connection.remotePeer.publicKey?.raw ?? new Uint8Array(0)) } catch { askerKey = '' }
    // only supernodes in service learn a node's figures
    if (!activeSupernodes(state).includes(askerKey)) {
      this.c.fedLog.drop('health-serve', 'not-a-supernode')
      stream.abort(new Error('health reports go to active supernodes only'))
      return
    }
    const signal = AbortSignal.timeout(MAX_CHECK_TIMEOUT_MS)
    const lps = lpStream(stream, { maxDataLength: MAX_HEALTH_FRAME_BYTES })
    try {
      const req = decodeHealthRequest((await lps.read({ signal })).subarray(), this.c.fedLog.federationId)
      if (!req.ok) {
        this.c.fedLog.drop('health-serve', req.reason)
        stream.abort(new Error(req.detail))
        return
      }
      const report = await this.sample()
      await lps.write(encodeHealthReport(report, this.c.fedLog.federationId), { signal })
      await stream.close({ signal })
    } catch (err: any) {
      this.c.fedLog.drop('health-serve', 'stream-error')
      this.c.log.trace('serving a health check failed', { peer: asker, err: String(err?.message ?? err) })
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }

  // ---- summaries ------------------------------------------------------------

  /** Validates and records a summary part; the gossip verdict. Never throws. */
  private receive (data: Uint8Array, own = false): TopicValidatorResult {
    const opened = openSummary(data, this.c.fedLog.federationId)
    if (!opened.ok) {
      this.c.fedLog.drop('health', opened.reason)
      return TopicValidatorResult.Reject
    }
    const s = opened.value
    const state = this.c.fedLog.state
    if (!activeSupernodes(state).includes(s.signer)) {
      // one that was a supernode may be one our log has not caught up with, or just replaced
      const ever = state.ever.admins.has(s.signer)
      this.c.fedLog.drop('health', ever ? 'not-active' : 'not-a-supernode')
      return ever ? TopicValidatorResult.Ignore : TopicValidatorResult.Reject
    }
    const now = Date.now()
    if (s.wallMs > now + state.params.maxClockOffsetMs) {
      this.c.fedLog.drop('health', 'clock-skew')
      return TopicValidatorResult.Ignore
    }
    const prev = this.heard.get(s.signer)
    // an old round, or a part of the newest seen before (a replay), must not make a failed supernode look alive
    if (prev != null && (s.wallMs < prev.wallMs || (s.wallMs === prev.wallMs && prev.parts.has(s.part)))) {
      if (!own) this.c.fedLog.drop('health', 'stale')
      return TopicValidatorResult.Ignore
    }
    if (prev != null && s.wallMs === prev.wallMs) prev.parts.add(s.part)
    else this.heard.set(s.signer, { atMs: now, wallMs: s.wallMs, addrs: s.addrs, parts: new Set([s.part]) })
    let byMember = this.reported.get(s.signer)
    if (byMember == null) { byMember = new Map(); this.reported.set(s.signer, byMember) }
    // only members are kept: a summary cannot fill this node's memory with made-up nodes
    for (const m of s.members) if (isMember(state, m.key)) byMember.set(m.key, { view: m, wallMs: s.wallMs })
    // members the supernode no longer lists age out after two graces
    const horizon = s.wallMs - 2 * state.params.supernodeGraceMs
    for (const [k, r] of byMember) if (r.wallMs < horizon) byMember.delete(k)
    if (!own && s.addrs.length > 0) this.learnAddrs(s.nodeId, s.addrs)
    this.safeDispatch('summary', { signer: s.signer, wallMs: s.wallMs })
    return TopicValidatorResult.Accept
  }

  private learnAddrs (nodeId: string, addrs: string[]): void {
    const key = addrs.join(' ')
    const now = Date.now()
    const last = this.learned.get(nodeId)
    if (last?.key === key && now - last.atMs < RELEARN_ADDRS_MS) return
    this.learned.set(nodeId, { key, atMs: now })
    try {
      const ma = addrs.flatMap(a => { try { return [multiaddr(a)] } catch { return [] } })
      if (ma.length > 0) this.c.libp2p.peerStore.merge(peerIdFromString(nodeId), { multiaddrs: ma }).catch(() => {})
    } catch {}
  }

  private safeDispatch<K extends keyof HealthEvents> (type: K, detail: HealthEvents[K]['detail']): void {
    try {
      this.dispatchEvent(new CustomEvent(type, { detail }))
    } catch (err: any) {
      this.c.log.error('health listener failed', { err: String(err?.message ?? err) })
    }
  }

  /** A member keeps a connection to its supernode, so the supernode can check it. */
  private async attach (live: string[]): Promise<void> {
    if (live.includes(this.self)) return
    const s = assignedSupernode(this.self, live, networkIn(this.c.fedLog.state))
    if (s == null) return
    const peer = peerIdFromString(nodeIdFromPublicKey(Buffer.from(s, 'hex')))
    if (this.c.libp2p.getConnections(peer).length > 0) return
    const now = Date.now()
    if (now - this.lastDialMs < this.params.intervalMs) return
    this.lastDialMs = now
    try {
      await this.c.libp2p.dial(peer, { signal: AbortSignal.timeout(Math.max(1000, this.params.intervalMs)) })
    } catch (err: any) {
      this.c.log.trace('cannot reach assigned supernode', { supernode: peer.toString(), err: String(err?.message ?? err) })
    }
  }

  // ---- standbys and resuming -----------------------------------------------

  /** The delay between standby ranks, ms. */
  private get stepMs (): number {
    return this.init.standbyStepMs ?? Math.floor(this.params.graceMs / 2)
  }

  /**
   * The failed supernodes a standby should replace now: every failed one
   * under policy replace; under redistribute, as many as the live count is
   * short of minSupernodes (the lowest keys first, so every standby picks
   * the same ones).
   */
  private wantReplaced (failed: Map<string, number>): string[] {
    const { min, policy } = this.params
    const ordered = [...failed.keys()].sort()
    if (policy === 'replace') return ordered
    const live = activeSupernodes(this.c.fedLog.state).length - failed.size
    return ordered.slice(0, Math.max(0, min - live))
  }

  private async maybeTakeOver (): Promise<void> {
    const now = Date.now()
    this.nextDueMs = this.nextTurn(now)
    const failed = this.failedSupernodes(now)
    // a standby cut off from every peer hears no supernode: that is no failure of theirs
    if (failed.size === 0 || this.topicPeers() === 0) return
    for (const f of this.wantReplaced(failed)) {
      const state = this.c.fedLog.state
      const rank = rankStandbys(f, standbys(state)).indexOf(this.self)
      if (rank < 0) return
      const since = state.inService.get(f)
      if (since == null || this.attempted.has(`${f}:${since}`)) continue
      if (now < (failed.get(f) as number) + rank * this.stepMs) continue
      // look at the log once more: another standby's takeover may have landed meanwhile
      const fresh = this.c.fedLog.state
      if (fresh.members.get(this.self)?.role !== 'standby' || fresh.replaced.has(f) || fresh.inService.get(f) !== since) continue
      if (!this.wantReplaced(this.failedSupernodes(Date.now())).includes(f)) continue
      this.attempted.add(`${f}:${since}`)
      const entry = await this.c.fedLog.append({ type: 'takeover', takeover: { failed: new Uint8Array(Buffer.from(f, 'hex')), resume: false, since: new Uint8Array(Buffer.from(since, 'hex')) } })
      await this.c.gossip.publish(entry.envelope).catch(() => 0)
      const accepted = this.c.fedLog.outcomeOf(entry.idHex)?.accepted === true
      this.c.log(accepted ? 'took over from a failed supernode' : 'takeover refused', { failed: nodeIdFromPublicKey(Buffer.from(f, 'hex')), rank, entry: entry.idHex })
      this.safeDispatch('takeover', { entryId: entry.idHex, resume: false, failed: f, accepted })
      return
    }
  }

  /**
   * When this standby's turn to replace a supernode that is silent now
   * would come, if it stays silent: its last word plus the grace plus this
   * standby's rank's wait. Infinity when no supernode is silent.
   */
  private nextTurn (now: number): number {
    const state = this.c.fedLog.state
    const { intervalMs, graceMs } = this.params
    const all = standbys(state)
    let next = Infinity
    for (const s of activeSupernodes(state)) {
      const last = this.lastWordMs(s)
      // only supernodes already a round late: others are heard from every interval
      if (s === this.self || now - last < intervalMs) continue
      const due = last + graceMs + 1 + Math.max(0, rankStandbys(s, all).indexOf(this.self)) * this.stepMs
      if (due > now) next = Math.min(next, due)
    }
    return next
  }

  /** A replaced supernode that is running takes its role back. */
  private async resume (): Promise<void> {
    if (this.resuming) return
    this.resuming = true
    try {
      const entry = await this.c.fedLog.append({ type: 'takeover', takeover: { failed: new Uint8Array(0), resume: true, since: new Uint8Array(0) } })
      await this.c.gossip.publish(entry.envelope).catch(() => 0)
      const accepted = this.c.fedLog.outcomeOf(entry.idHex)?.accepted === true
      this.c.log('resumed the supernode role', { entry: entry.idHex, accepted })
      this.safeDispatch('takeover', { entryId: entry.idHex, resume: true, accepted })
    } finally {
      this.resuming = false
    }
  }

  // ---- the node map ---------------------------------------------------------

  /** Every member of the federation with its health, from the log and the summaries. */
  members (): MemberRow[] {
    const now = Date.now()
    const state = this.c.fedLog.state
    const { intervalMs, graceMs } = this.params
    const failed = this.failedSupernodes(now)
    const active = activeSupernodes(state)
    const live = active.filter(s => !failed.has(s))
    const assignment = new Map<string, string>()
    for (const [s, ms] of assignMembers(state.members.keys(), live, networkIn(state))) for (const m of ms) assignment.set(m, s)
    const idOf = (k: string): string => nodeIdFromPublicKey(Buffer.from(k, 'hex'))
    const rows: MemberRow[] = []
    for (const [key, m] of state.members) {
      const sn = assignment.get(key)
      // the figures: the assigned supernode's line if it has one, else the freshest line of any supernode
      let best: { view: MemberHealthView, by: string } | undefined
      const fromAssigned = sn != null ? this.reported.get(sn)?.get(key) : undefined
      if (fromAssigned != null) best = { view: fromAssigned.view, by: sn as string }
      else {
        for (const [by, lines] of this.reported) {
          const r = lines.get(key)
          if (r != null && (best == null || r.view.lastSeenMs > best.view.lastSeenMs)) best = { view: r.view, by }
        }
      }
      let health: MemberRow['health'] = best?.view.state ?? 'unknown'
      let lastSeenMs = best?.view.lastSeenMs ?? 0
      if (active.includes(key)) {
        // a supernode's health is its summaries'
        const heard = key === this.self ? { atMs: now, wallMs: now } : this.heard.get(key)
        if (failed.has(key)) health = 'down'
        else if (heard == null) health = 'unknown'
        else health = now - heard.atMs > intervalMs * 2 + 500 ? 'late' : 'ok'
        lastSeenMs = heard?.wallMs ?? 0
      } else if (sn != null && best != null && best.by !== sn && now - lastSeenMs > graceMs) {
        // reassigned, and the old word is older than the grace: not known until the new supernode says
        health = 'unknown'
      }
      const r = best?.view.report
      rows.push({
        nodeId: m.nodeId,
        role: m.role,
        queen: state.queens.has(key),
        network: m.network,
        health,
        lastSeenMs,
        supernode: sn != null ? idOf(sn) : null,
        reportedBy: best != null ? idOf(best.by) : null,
        applied: Object.fromEntries((r?.applied ?? []).map(a => [a.channel, a.version])),
        lagEntries: best?.view.lagEntries ?? null,
        metrics: r == null
          ? null
          : {
              uptimeMs: r.uptimeMs,
              load1: r.load1,
              load5: r.load5,
              load15: r.load15,
              processCpuPercent: r.processCpu,
              rssBytes: r.rssBytes,
              memFreeBytes: r.memFreeBytes,
              memTotalBytes: r.memTotalBytes,
              diskFreeBytes: r.diskFreeBytes,
              diskTotalBytes: r.diskTotalBytes,
              logEntries: r.logEntries,
              logNewestMs: r.logNewestMs,
              peers: r.peers
            }
      })
    }
    return rows.sort((a, b) => a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0)
  }

  /**
   * The version of a channel a member last said it had applied, and when
   * (the supernode's clock at that check), as the supernode summaries this
   * node holds tell it (the newest good check wins); undefined when none says. Summaries come again every
   * health interval, so a node that was down or missed a member's gossiped
   * report learns it here.
   */
  appliedVersion (memberKey: string, channel: string): { version: number, seenMs: number } | undefined {
    let best: { version: number, seenMs: number } | undefined
    for (const lines of this.reported.values()) {
      const r = lines.get(memberKey)
      const a = r?.view.report?.applied.find(x => x.channel === channel)
      if (r != null && a != null && (best == null || r.view.lastSeenMs > best.seenMs)) best = { version: a.version, seenMs: r.view.lastSeenMs }
    }
    return best
  }

  /** Supernodes as this node sees them: live ones and failed ones with when they were last heard. */
  supernodes (): { live: string[], failed: Array<{ nodeId: string, lastHeardMs: number }>, minSupernodes: number, policy: string } {
    const failed = this.failedSupernodes()
    const idOf = (k: string): string => nodeIdFromPublicKey(Buffer.from(k, 'hex'))
    return {
      live: this.liveSupernodes().map(idOf),
      failed: [...failed.keys()].map(k => ({ nodeId: idOf(k), lastHeardMs: this.heard.get(k)?.wallMs ?? 0 })),
      minSupernodes: this.params.min,
      policy: this.params.policy
    }
  }
}

/** Members' networks in a state, for the supernode assignment: a member is checked from inside its network when it can be. */
function networkIn (state: FederationState): (key: string) => string | undefined {
  return (key) => state.members.get(key)?.network
}
