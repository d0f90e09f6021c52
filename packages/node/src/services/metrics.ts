import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client'
import { activeSupernodes, type WaveReport } from '@waggle/protocol'
import type { FederationLog } from './federation-log.js'
import type { WaggleLibp2p } from './host.js'
import type { ContentService } from './content.js'
import type { ChunkService } from './chunks.js'
import type { ReportService } from './reports.js'
import type { HealthService } from './health.js'

export interface MetricsComponents {
  identity: { nodeId: string, publicKey: Uint8Array }
  fedLog: FederationLog
  libp2p: WaggleLibp2p
  content: ContentService
  chunks: ChunkService
  reports: ReportService
  health: HealthService
  startedAtMs: number
}

/**
 * The node's Prometheus metrics (prom-client), read at scrape time from the
 * services: the log, peers, waves applied, bytes served, dropped input,
 * supernodes; on a supernode, one series per member it checks, labelled
 * node, network and role. A registry of its own, so two nodes in one
 * process never share series.
 */
export class MetricsService {
  readonly registry = new Registry()
  private readonly c: MetricsComponents
  private readonly wavesApplied: Counter<'channel'>
  private readonly onReport = (evt: CustomEvent<WaveReport>): void => {
    const r = evt.detail
    if (r.reporter === this.c.identity.nodeId && r.state === 'applied') this.wavesApplied.inc({ channel: r.channel })
  }

  constructor (components: MetricsComponents) {
    this.c = components
    const c = components
    const registers = [this.registry]
    this.registry.setDefaultLabels({ node_id: c.identity.nodeId })
    collectDefaultMetrics({ register: this.registry, prefix: 'waggle_' })
    const gauge = (name: string, help: string, value: () => number): void => {
      // eslint-disable-next-line no-new
      new Gauge({ name, help, registers, collect () { this.set(value()) } })
    }
    gauge('waggle_log_entries', 'Entries in this node\'s federation log', () => c.fedLog.size)
    gauge('waggle_log_refused_entries', 'Log entries the reducer refused (every node records the same)', () => c.fedLog.state.refused.size)
    gauge('waggle_log_newest_stamp_seconds', 'Wall part of the newest log entry\'s stamp', () => {
      const e = c.fedLog.entries
      return e.length > 0 ? e[e.length - 1].stamp.wallMs / 1000 : 0
    })
    gauge('waggle_peers', 'Connected peers', () => c.libp2p.getPeers().length)
    gauge('waggle_uptime_seconds', 'Since the daemon started', () => (Date.now() - c.startedAtMs) / 1000)
    gauge('waggle_members', 'Members of the federation in the log', () => c.fedLog.state.members.size)
    gauge('waggle_supernodes_active', 'Supernodes in service in the log', () => activeSupernodes(c.fedLog.state).length)
    gauge('waggle_supernodes_live', 'Active supernodes this node hears from', () => c.health.liveSupernodes().length)
    gauge('waggle_min_supernodes', 'The federation\'s minSupernodes', () => c.fedLog.state.params.minSupernodes)
    gauge('waggle_health_rounds', 'Summary rounds this supernode has published', () => c.health.rounds)
    gauge('waggle_chunks_served_bytes', 'Content bytes this node has served to peers', () => c.chunks.served.bytes)
    gauge('waggle_chunks_received_bytes', 'Content bytes this node has fetched from peers and stored', () => c.chunks.received.bytes)
    gauge('waggle_chunk_shares_stalled', 'Peers\' shares of this node\'s fetches that stalled and were shared out again, since start', () => c.chunks.received.stalledShares)
    gauge('waggle_chunks_served', 'Content chunks this node has served to peers', () => c.chunks.served.chunks)
    // eslint-disable-next-line no-new
    new Gauge({
      name: 'waggle_channel_applied_version',
      help: 'The version of each channel this node has applied',
      labelNames: ['channel'],
      registers,
      collect () {
        this.reset()
        for (const [channel, a] of Object.entries(c.content.appliedVersions())) this.set({ channel }, a.version)
      }
    })
    this.wavesApplied = new Counter({ name: 'waggle_waves_applied_total', help: 'Waves this node has applied since it started, by channel', labelNames: ['channel'], registers })
    // eslint-disable-next-line no-new
    new Gauge({
      name: 'waggle_dropped_inputs',
      help: 'Input this node refused, by source and reason (gossip.bad-signature, health.stale, …)',
      labelNames: ['source', 'reason'],
      registers,
      collect () {
        this.reset()
        for (const [k, v] of c.fedLog.dropped) {
          const dot = k.indexOf('.')
          this.set({ source: k.slice(0, dot), reason: k.slice(dot + 1) }, v)
        }
      }
    })
    this.memberGauges()
    c.reports.addEventListener('report', this.onReport)
  }

  /** On a supernode: a series per member it checks. Empty elsewhere. */
  private memberGauges (): void {
    const c = this.c
    const registers = [this.registry]
    const labelNames = ['node', 'network', 'role'] as const
    type Row = ReturnType<HealthService['checkedMembers']>[number]
    const perMember = (name: string, help: string, value: (r: Row) => number | undefined): void => {
      // eslint-disable-next-line no-new
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        collect () {
          this.reset()
          const state = c.fedLog.state
          for (const r of c.health.checkedMembers()) {
            const m = state.members.get(r.key)
            const v = value(r)
            if (m == null || v == null) continue
            this.set({ node: m.nodeId, network: m.network, role: m.role }, v)
          }
        }
      })
    }
    perMember('waggle_member_up', 'A checked member\'s health: 1 ok, 0.5 late, 0 down', r => r.state === 'ok' ? 1 : r.state === 'late' ? 0.5 : 0)
    perMember('waggle_member_last_seen_seconds', 'When the member last answered a check', r => r.lastOkMs / 1000)
    perMember('waggle_member_check_rtt_seconds', 'The last good check\'s round trip', r => r.rttMs / 1000)
    perMember('waggle_member_checks_failed', 'Checks the member missed since this supernode took it on', r => r.failures)
    perMember('waggle_member_log_lag_entries', 'Entries the member\'s log lacked at its last check', r => r.lagEntries)
    perMember('waggle_member_load1', 'The member\'s 1-minute load average', r => r.report?.load1)
    perMember('waggle_member_process_cpu_percent', 'The member daemon\'s CPU use, % of one core', r => r.report?.processCpu)
    perMember('waggle_member_rss_bytes', 'The member daemon\'s resident memory', r => r.report?.rssBytes)
    perMember('waggle_member_memory_free_bytes', 'Free memory on the member\'s host', r => r.report?.memFreeBytes)
    perMember('waggle_member_disk_free_bytes', 'Free disk on the member\'s data dir', r => r.report?.diskFreeBytes)
    perMember('waggle_member_log_entries', 'Entries in the member\'s log', r => r.report?.logEntries)
    perMember('waggle_member_uptime_seconds', 'The member daemon\'s uptime', r => r.report != null ? r.report.uptimeMs / 1000 : undefined)
    // eslint-disable-next-line no-new
    new Gauge({
      name: 'waggle_member_applied_version',
      help: 'The version of each channel a checked member has applied',
      labelNames: [...labelNames, 'channel'],
      registers,
      collect () {
        this.reset()
        const state = c.fedLog.state
        for (const r of c.health.checkedMembers()) {
          const m = state.members.get(r.key)
          if (m == null) continue
          for (const a of r.report?.applied ?? []) this.set({ node: m.nodeId, network: m.network, role: m.role, channel: a.channel }, a.version)
        }
      }
    })
  }

  /** The Prometheus text exposition. */
  async text (): Promise<string> {
    return await this.registry.metrics()
  }

  get contentType (): string {
    return this.registry.contentType
  }

  stop (): void {
    this.c.reports.removeEventListener('report', this.onReport)
    this.registry.clear()
  }
}
