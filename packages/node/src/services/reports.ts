import { TopicValidatorResult, type SubscriptionChangeData } from '@libp2p/gossipsub'
import { TypedEventEmitter } from '@libp2p/interface'
import { openReport, sealReport, toHex, type Identity, type WaveReport } from '@waggle/protocol'
import type { WaggleLibp2p } from './host.js'
import type { FederationLog } from './federation-log.js'
import type { PeerTrust } from './membership-gate.js'
import type { ComponentLogger } from '../logger.js'

/** The gossip topic of a federation's wave reports. */
export function reportsTopic (federationId: Uint8Array): string {
  return `/waggle/reports/1/${toHex(federationId)}`
}

/** Progress reports go out at most this often per wave, ms; state changes go out at once. */
const PROGRESS_EVERY_MS = 500
/** Waves whose unsent report this node keeps, at most (the newest). */
const MAX_UNSENT = 64
/** Unsent reports go out again at most this often, however often peers subscribe, ms. */
const RESEND_GAP_MS = 1_000

export interface ReportsEvents { report: CustomEvent<WaveReport> }

/**
 * Wave reports: each node gossips signed reports on what it does with each
 * wave (fetching with bytes so far, applied, failed with the reason, held),
 * and keeps the newest report of every node for every wave, so any node —
 * the queen's admin's above all — can show a wave completing host by host.
 */
export class ReportService extends TypedEventEmitter<ReportsEvents> {
  readonly topic: string
  /** wave id → reporter node id → newest report. */
  private readonly byWave = new Map<string, Map<string, WaveReport>>()
  private readonly lastProgress = new Map<string, number>()
  /**
   * This node's newest report of each wave that reached no peer: a node that
   * applies a wave just after it starts has no subscriber yet. Sent again,
   * newly stamped, when a peer subscribes to the topic.
   */
  private readonly unsent = new Map<string, { report: WaveReport, seq: number }>()
  /** Local order of this node's sends (wall ms can tie): a send only replaces or clears an older one in `unsent`. */
  private seq = 0
  private resendTimer?: ReturnType<typeof setTimeout>
  private lastResendMs = 0
  private readonly onSubscriptionChange = (evt: CustomEvent<SubscriptionChangeData>): void => {
    if (this.unsent.size === 0 || !evt.detail.subscriptions.some(s => s.subscribe && s.topic === this.topic)) return
    this.scheduleResend()
  }

  constructor (private readonly c: { libp2p: WaggleLibp2p, identity: Identity, fedLog: FederationLog, log: ComponentLogger, trust?: PeerTrust }) {
    super()
    this.topic = reportsTopic(c.fedLog.federationId)
  }

  start (): void {
    const pubsub = this.c.libp2p.services.pubsub
    pubsub.topicValidators.set(this.topic, (peer, msg) => {
      if (this.c.trust != null && !this.c.trust.trusts(peer)) {
        this.c.fedLog.drop('reports', 'not-a-member')
        return TopicValidatorResult.Reject
      }
      const opened = openReport(msg.data, this.c.fedLog.federationId)
      if (!opened.ok) {
        this.c.fedLog.drop('reports', opened.reason)
        return TopicValidatorResult.Reject
      }
      this.record(opened.value)
      return TopicValidatorResult.Accept
    })
    pubsub.subscribe(this.topic)
    pubsub.addEventListener('subscription-change', this.onSubscriptionChange)
  }

  stop (): void {
    clearTimeout(this.resendTimer)
    this.resendTimer = undefined
    this.c.libp2p.services.pubsub.removeEventListener('subscription-change', this.onSubscriptionChange)
    this.c.libp2p.services.pubsub.topicValidators.delete(this.topic)
    try { this.c.libp2p.services.pubsub.unsubscribe(this.topic) } catch {}
  }

  /**
   * This node's report: recorded here and gossiped (progress reports
   * throttled). Stamped now, or with `wallMs` when a report is sent again
   * as it was.
   */
  async report (r: Omit<WaveReport, 'reporter' | 'wallMs'> & { wallMs?: number }): Promise<void> {
    const now = Date.now()
    if (r.state === 'fetching') {
      const last = this.lastProgress.get(r.wave) ?? 0
      if (now - last < PROGRESS_EVERY_MS && r.bytes < r.total) return
      this.lastProgress.set(r.wave, now)
    }
    const full: WaveReport = { ...r, reporter: this.c.identity.nodeId, wallMs: r.wallMs ?? now }
    this.record(full)
    await this.send(full)
  }

  /** Reports of this node waiting for a subscriber (see unsent). */
  get unsentCount (): number {
    return this.unsent.size
  }

  /** Gossips one of this node's reports; one that reaches no peer waits for a subscriber. */
  private async send (r: WaveReport): Promise<void> {
    const seq = ++this.seq
    let reached = 0
    try {
      reached = (await this.c.libp2p.services.pubsub.publish(this.topic, sealReport(this.c.identity, this.c.fedLog.federationId, r))).recipients.length
    } catch (err: any) {
      this.c.log.trace('report not gossiped', { err: String(err?.message ?? err) })
    }
    const waiting = this.unsent.get(r.wave)
    // sends may finish out of order: one only replaces or clears an older one
    if (waiting != null && waiting.seq > seq) return
    this.unsent.delete(r.wave)
    if (reached > 0) return
    this.unsent.set(r.wave, { report: r, seq })
    for (const wave of this.unsent.keys()) {
      if (this.unsent.size <= MAX_UNSENT) break
      this.unsent.delete(wave)
    }
  }

  /** Sends the unsent reports again, newly stamped: soon (after gossipsub has noted the subscription), at most once a second. */
  private scheduleResend (): void {
    if (this.resendTimer != null) return
    this.resendTimer = setTimeout(() => {
      this.resendTimer = undefined
      this.lastResendMs = Date.now()
      for (const { report } of [...this.unsent.values()]) void this.send({ ...report, wallMs: Date.now() })
    }, Math.max(0, this.lastResendMs + RESEND_GAP_MS - Date.now()))
    this.resendTimer.unref?.()
  }

  /** The newest report of every node that reported on a wave. */
  reportsFor (wave: string): WaveReport[] {
    return [...(this.byWave.get(wave)?.values() ?? [])]
  }

  /** The state of a node's newest report on a wave, if it sent one. */
  stateOf (wave: string, nodeId: string): WaveReport['state'] | undefined {
    return this.byWave.get(wave)?.get(nodeId)?.state
  }

  private record (r: WaveReport): void {
    let m = this.byWave.get(r.wave)
    if (m == null) { m = new Map(); this.byWave.set(r.wave, m) }
    const prev = m.get(r.reporter)
    // newest wins; an applied report is never replaced by a stale progress one
    if (prev != null && (prev.wallMs > r.wallMs || (prev.state === 'applied' && r.state === 'fetching'))) return
    m.set(r.reporter, r)
    this.dispatchEvent(new CustomEvent('report', { detail: r }))
  }
}
