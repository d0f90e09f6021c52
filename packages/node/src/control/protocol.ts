import type { ExportResult, ImportResult } from '../services/bundles.js'
import type { MemberRow } from '../services/health.js'

/**
 * The local control API between the CLI and its daemon: newline-delimited
 * JSON over the Unix socket `<data dir>/control.sock` (mode 0600, so only
 * the node's own user can drive it). One request per line:
 * `{"id":1,"method":"status","params":{}}`; one response per request:
 * `{"id":1,"result":…}` or `{"id":1,"error":{"name":"UsageError","message":"…"}}`.
 */

/** A log entry as the control API shows it. */
export interface LogEntryView {
  id: string
  /** `<wallMs>.<counter>` */
  stamp: string
  author: string
  type: string
  /** What the operation does, in one line. */
  summary: string
  /** `accepted`, `pending approval` (a root-level operation short of its threshold), or `refused: <reason>` */
  outcome: string
  detail?: string
  receivedAtMs: number
  wave?: { channel: string, version: number, module: string, size: number, sha256: string, name: string, expiresMs: number }
  genesis?: { name: string, queens: string[] }
}

export interface StatusResult {
  nodeId: string
  federationId: string
  federation: string
  pid: number
  uptimeMs: number
  addresses: string[]
  peers: number
  /** Peers known to subscribe to the federation's log topic. */
  topicPeers: number
  queen: boolean
  /** This node's role (host, supernode, standby, princess), or none when it is not (or no longer) a member. */
  role: string
  /** This node's network, empty when it is not a member. */
  network: string
  log: { entries: number, refused: number, lastStamp: string }
  /** Versions this node has applied, by channel. */
  applied: Record<string, number>
  /** Chunks (and tree manifests) and bytes this node served to peers; byPeer: bytes per peer node id. */
  uploaded: { chunks: number, bytes: number, byPeer: Record<string, number> }
  /** Chunks and bytes this node fetched from peers; stalledShares: peers' shares of its fetches that stalled and were shared out again. */
  downloaded: { chunks: number, bytes: number, stalledShares: number }
  channels: Array<{ channel: string, version: number, entryId: string, announcedBy: string, size: number, sha256: string, name: string }>
  dropped: Record<string, number>
  memory: { rssBytes: number, heapUsedBytes: number }
}

export interface WaveStatusParams {
  channel: string
  /** The channel's current version by default. */
  version?: number
}

/** One node's part in a wave, from its newest signed report. */
export interface WaveNodeStatus {
  nodeId: string
  /** `silent`: connected or known, but no report yet; `not-targeted`: the wave is not for it. */
  state: 'fetching' | 'applied' | 'failed' | 'held' | 'not-targeted' | 'silent'
  bytes: number
  fromPeers: number
  reason: string
  atMs: number
}

export interface WaveStatusResult {
  channel: string
  version: number
  entryId: string
  module: string
  total: number
  publishedAtMs: number
  nodes: WaveNodeStatus[]
  counts: { applied: number, fetching: number, failed: number, held: number, 'not-targeted': number, silent: number }
  /** The wave's targets: tags and node ids; both empty: every node. */
  targets: { tags: string[], nodes: string[] }
}

export interface PeersResult {
  peers: Array<{ nodeId: string, addresses: string[], direction: string, openedAtMs: number }>
}

export interface LogParams {
  /** The newest this many entries (default: all, up to the API's cap). */
  limit?: number
  /** Only wave announcements of this channel. */
  channel?: string
}

export interface LogResult { total: number, entries: LogEntryView[] }

export interface WavePublishParams {
  channel: string
  /** swarm, file: absolute path of the file or directory; other modules: their source (a URL, an rsync source, a repository). */
  path: string
  /**
   * `swarm` (default): every node fetches the content from its peers;
   * `http`, `rsync`, `git`: every node fetches it from the source;
   * `file`: announce a file's hash only.
   */
  module?: string
  /** git: the branch, tag or commit to publish (resolved to a commit id). */
  ref?: string
  /** Only nodes with any of these tags (set by `node.tags`). */
  tags?: string[]
  /** Only these nodes (node ids). */
  nodes?: string[]
  /** Hosts of networks with princesses fetch from them once a princess has applied it. */
  princessFirst?: boolean
  /** The new version; the channel's current version + 1 by default. */
  version?: number
  /** The wave expires this long after it is published; never by default. */
  expiresInMs?: number
}

export interface WavePublishResult {
  entryId: string
  channel: string
  version: number
  size: number
  sha256: string
  stamp: string
  publishedAtMs: number
  /** Peers the announcement was sent to directly. */
  recipients: number
}

export interface BundleExportParams {
  /** Absolute path of the bundle to write. */
  path: string
  /** Absolute path of this node's previous bundle to continue from (default: its last export). */
  sinceBundle?: string
  /** Every entry, starting a new chain. */
  full?: boolean
  /** Only wave announcements of these channels. */
  channels?: string[]
  /** The network it is for: its subscribed channels, nothing that came from it. */
  network?: string
  /** Carry the swarm waves' content (manifests and chunks) too. */
  withContent?: boolean
}

/** What an export wrote (the bundle service's own result type). */
export type BundleExportResult = ExportResult

export interface BundleImportParams {
  /** Absolute path of the bundle. */
  path: string
  /** Import even when a bundle before this one in its exporter's chain is missing. */
  allowGap?: boolean
}

/** What an import did (the bundle service's own result type). */
export type BundleImportResult = ImportResult

export interface MembersParams {
  /** Only members with this role (host, supernode, standby, princess; queen: queens of any role). */
  role?: string
  /** Only members of this network. */
  network?: string
}

/** One node of the map (the health service's own row type). */
export type MemberView = MemberRow

export interface MembersResult {
  /** The node that answered, and its federation. */
  nodeId: string
  federationId: string
  atMs: number
  /** Supernodes as the answering node sees them. */
  supernodes: { live: string[], failed: Array<{ nodeId: string, lastHeardMs: number }>, minSupernodes: number, policy: string }
  members: MemberView[]
}

/** What an operation this node signed and appended became. */
export interface AppendResult {
  entryId: string
  type: string
  summary: string
  /** `accepted`, `pending approval`, or `refused: <reason>` */
  outcome: string
  detail?: string
  /** A root-level operation short of its threshold: approvals it has and needs. */
  approvals?: { have: number, need: number }
  /** root.sign: the entry approved. */
  approved?: string
  /** Peers the operation was gossiped to directly. */
  recipients: number
}

export interface SupernodeVolunteerParams {
  /** Volunteer as a standby rather than a supernode. */
  standby?: boolean
  /** For the root admins. */
  note?: string
}

export interface RootPendingResult {
  /** Whether this node is a root admin (only roots can sign and decide). */
  root: boolean
  threshold: number
  pending: Array<{ entryId: string, type: string, summary: string, proposer: string, approvals: string[], need: number, approvedByMe: boolean }>
  volunteers: Array<{ requestId: string, nodeId: string, role: string, note: string, network: string, currentRole: string, decision: string | null }>
}

export interface RootSignParams { entry: string }
export interface RootDecideParams { request: string, approve: boolean }
export interface RootRoleParams { grant: boolean, role: string, node: string, channels?: string[], network?: string }
export interface RootParamParams { name: string, value: string }

/** A pending join request, as `waggle admin requests` shows it. */
export interface JoinRequestView {
  nodeId: string
  network: string
  hostname: string
  /** The IP address it asked from. */
  address: string
  /** The invite it presented and why that was refused; null without one. */
  invite: string | null
  firstSeenMs: number
  lastSeenMs: number
}

export interface AdminRequestsResult { requests: JoinRequestView[] }

export interface AdminApproveParams {
  nodeId: string
  /** The network to admit it into; the one its request asked for by default. */
  network?: string
}

export interface AdminDenyParams { nodeId: string, reason?: string }

export interface AdminRevokeParams { nodeId: string, reason?: string }

/** A membership decision this node wrote into the log (and gossiped). */
export interface AdminDecisionResult {
  entryId: string
  nodeId: string
  /** What the operation does, in one line. */
  summary: string
}

export interface AdminInviteParams {
  /** The network the invited host joins; this node's own by default. */
  network?: string
  /** The invite expires this long after now; 24 h by default. */
  expiresInMs?: number
}

export interface AdminInviteResult {
  /** The invite as text (`waggle-invite:…`), for `waggle join --invite`. */
  invite: string
  /** The invite's id, hex. */
  id: string
  network: string
  expiresMs: number
  issuer: string
  federationId: string
}

/** Every method: its params and result types. */
export interface ControlMethods {
  status: { params: Record<string, never>, result: StatusResult }
  peers: { params: Record<string, never>, result: PeersResult }
  log: { params: LogParams, result: LogResult }
  'wave.publish': { params: WavePublishParams, result: WavePublishResult }
  'wave.status': { params: WaveStatusParams, result: WaveStatusResult }
  'bundle.export': { params: BundleExportParams, result: BundleExportResult }
  'bundle.import': { params: BundleImportParams, result: BundleImportResult }
  shutdown: { params: Record<string, never>, result: { stopping: true } }
  members: { params: MembersParams, result: MembersResult }
  'supernode.volunteer': { params: SupernodeVolunteerParams, result: AppendResult }
  'supernode.withdraw': { params: Record<string, never>, result: AppendResult }
  'root.pending': { params: Record<string, never>, result: RootPendingResult }
  'root.sign': { params: RootSignParams, result: AppendResult }
  'root.decide': { params: RootDecideParams, result: AppendResult }
  'root.role': { params: RootRoleParams, result: AppendResult }
  'root.param': { params: RootParamParams, result: AppendResult }
  'admin.requests': { params: Record<string, never>, result: AdminRequestsResult }
  'admin.approve': { params: AdminApproveParams, result: AdminDecisionResult }
  'admin.deny': { params: AdminDenyParams, result: AdminDecisionResult }
  'admin.revoke': { params: AdminRevokeParams, result: AdminDecisionResult }
  'admin.invite': { params: AdminInviteParams, result: AdminInviteResult }
}

export type MethodName = keyof ControlMethods

export interface ControlRequest { id: number, method: string, params?: unknown }
export type ControlResponse = { id: number, result: unknown } | { id: number, error: { name: string, message: string } }
