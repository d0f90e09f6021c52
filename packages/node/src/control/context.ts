import type { Identity } from '@waggle/protocol'
import type { WaggleConfig } from '../config/config.js'
import type { FederationLog } from '../services/federation-log.js'
import type { GossipService } from '../services/gossip.js'
import type { WaggleLibp2p } from '../services/host.js'
import type { BundleService } from '../services/bundles.js'
import type { ContentService } from '../services/content.js'
import type { ReportService } from '../services/reports.js'
import type { ChunkService } from '../services/chunks.js'
import type { HealthService } from '../services/health.js'
import type { JoinService } from '../services/join.js'

/** What the control methods see of a running daemon. */
export interface DaemonContext {
  identity: Identity
  config: WaggleConfig
  fedLog: FederationLog
  gossip: GossipService
  libp2p: WaggleLibp2p
  bundles: BundleService
  content: ContentService
  chunks: ChunkService
  reports: ReportService
  /** Supernode health, liveness and the node map. */
  health: HealthService
  /** Join requests this node has received (it answers them when it is an admin). */
  joins: JoinService
  startedAtMs: number
  /** Asks the daemon to stop (after the response is sent). */
  requestShutdown: () => void
}

/** A control method's implementation. */
export type MethodHandler<P, R> = (ctx: DaemonContext, params: P) => Promise<R>
