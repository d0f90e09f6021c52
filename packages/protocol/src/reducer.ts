import {
  DEFAULT_HEALTH_INTERVAL_MS, DEFAULT_MAX_CLOCK_OFFSET_MS, DEFAULT_MIN_SUPERNODES, DEFAULT_NETWORK, DEFAULT_SUPERNODE_GRACE_MS, ROLE_HOST, ROLE_NAMES,
  ROLE_QUEEN, ROLE_STANDBY, ROLE_SUPERNODE
} from './constants.js'
import { compareBytes, equalBytes, toHex } from './bytes.js'
import { federationIdOf, type Genesis, type JoinDecision, type LogEntry, type OperationBody, type OperationType, type ParamName, type RoleChange, SUBSCRIPTION_PARAM_PREFIX } from './operation.js'
import { openInvite } from './membership.js'
import { nodeIdFromPublicKey } from './identity.js'
import type { Stamp } from './hlc.js'

/** A channel's newest accepted version. */
export interface ChannelState {
  readonly channel: string
  readonly version: number
  /** Entry id (hex) of the announcement. */
  readonly entryId: string
  /** Node id of the queen that announced it. */
  readonly announcedBy: string
  readonly stamp: Stamp
  readonly content: { module: string, size: number, sha256: string, name: string, manifestSize: number, source: string, ref: string }
  /** 0 when the wave never expires. */
  readonly expiresMs: number
  /** Targets: nodes with any of these tags, or these node ids; both empty: every node. */
  readonly targets: { tags: string[], nodes: string[] }
  /** Hosts of a network with princesses fetch from them, once a princess has applied it. */
  readonly princessFirst: boolean
}

/** Why the reducer refused an entry. */
export type RefusalReason =
  | 'no-genesis' | 'foreign-genesis' | 'duplicate-genesis' | 'wrong-federation' | 'unsealed'
  | 'not-a-queen' | 'version-conflict' | 'rollback'
  | 'not-a-root' | 'not-a-supernode' | 'not-a-member' | 'not-a-standby' | 'needs-root'
  | 'already-member' | 'revoked' | 'unknown-network' | 'bad-invite' | 'invite-reused' | 'invite-expired'
  | 'is-root' | 'nothing-to-approve' | 'duplicate-approval' | 'not-pending' | 'not-active' | 'not-replaced' | 'no-role'
  | 'too-soon' | 'already-pending'

/** The outcome of folding one entry. `pending`: a root-level operation waiting for more root approvals. */
export type Outcome = { accepted: true, pending?: boolean } | { accepted: false, reason: RefusalReason, detail: string }

export type Role = 'host' | 'supernode' | 'standby' | 'princess'

/** A member of the federation: a node the connection gater lets in. */
export interface MemberState {
  readonly nodeId: string
  network: string
  role: Role
  /** Entry id (hex) that admitted it: the genesis or a join decision or role change. */
  readonly admittedBy: string
}

/** The federation's parameters, genesis's until a ParamSet changes one. */
export interface FederationParams {
  maxClockOffsetMs: number
  minSupernodes: number
  healthIntervalMs: number
  supernodeGraceMs: number
  policy: 'redistribute' | 'replace'
  networks: string[]
  /** Networks that subscribe to some channels only: network → those channels. Absent: every channel. */
  subscriptions: Record<string, string[]>
}

/** A root-level operation waiting for its threshold of root approvals. */
export interface PendingOperation {
  readonly entryId: string
  readonly type: OperationType
  readonly proposer: string
  /** Keys (hex) of the roots that signed it or approved it, in order. */
  approvals: string[]
  /** What it does once approved. */
  readonly body: OperationBody
}

/**
 * The federation's derived state: what every node computes by folding the
 * ordered log through applyEntry. Plain data (maps and sets of strings), so
 * it can be checkpointed with structuredClone. Keys are public keys in hex.
 */
export interface FederationState {
  /** The federation this state belongs to (hex of the genesis entry id). */
  readonly federationId: string
  genesis?: {
    name: string
    entryId: string
    roots: string[]
    rootThreshold: number
    /** Roots that approved the genesis, its founder first when a root. */
    approvals: string[]
  }
  /** True once genesis has its threshold of root approvals: until then only approvals of it count. */
  sealed: boolean
  params: FederationParams
  /** Queens: key → the channels they may announce, or null for every channel. */
  queens: Map<string, string[] | null>
  members: Map<string, MemberState>
  /** Revoked keys → the revoking entry id; a revoked node is no member, and only a root can admit it again. */
  revoked: Map<string, string>
  /** Supernodes marked failed by a standby's takeover → the standby that replaced them. */
  replaced: Map<string, string>
  /** Supernodes in service → the entry id that last put them in service (genesis, role change, takeover, resume). */
  inService: Map<string, string>
  /** Supernodes in service → that entry's stamp (wall ms): a takeover within the grace of it is refused. */
  inServiceAt: Map<string, number>
  /** Root-level operations waiting for approvals, by entry id. */
  pending: Map<string, PendingOperation>
  /** Volunteer requests by entry id. */
  volunteers: Map<string, { node: string, role: 'supernode' | 'standby', status: 'pending' | 'approved' | 'refused' }>
  /** Join requests denied: key → reason. Cleared by an admission. */
  denied: Map<string, string>
  /** Invites used by an admission: `<issuer key hex>:<invite id hex>`. */
  invitesUsed: Set<string>
  /**
   * Keys that have held each authority at some point. It only grows, so a
   * peer's pre-validation never refuses what the log will accept at its
   * place: a revoked queen's old wave still passes gossip, and the reducer
   * judges it where it stands.
   */
  ever: { queens: Set<string>, admins: Set<string>, members: Set<string>, standbys: Set<string> }
  channels: Map<string, ChannelState>
  /** Refused entries (id hex) with the reason; every node records the same ones. */
  refused: Map<string, { reason: RefusalReason, detail: string }>
  /** How many entries have been folded. */
  entries: number
}

/** The state before any entry, for the federation with this id. */
export function initialState (federationId: Uint8Array): FederationState {
  return {
    federationId: toHex(federationId),
    sealed: false,
    params: {
      maxClockOffsetMs: DEFAULT_MAX_CLOCK_OFFSET_MS,
      minSupernodes: DEFAULT_MIN_SUPERNODES,
      healthIntervalMs: DEFAULT_HEALTH_INTERVAL_MS,
      supernodeGraceMs: DEFAULT_SUPERNODE_GRACE_MS,
      policy: 'redistribute',
      networks: [DEFAULT_NETWORK],
      subscriptions: {}
    },
    queens: new Map(),
    members: new Map(),
    revoked: new Map(),
    replaced: new Map(),
    inService: new Map(),
    inServiceAt: new Map(),
    pending: new Map(),
    volunteers: new Map(),
    denied: new Map(),
    invitesUsed: new Set(),
    ever: { queens: new Set(), admins: new Set(), members: new Set(), standbys: new Set() },
    channels: new Map(),
    refused: new Map(),
    entries: 0
  }
}

/** The clock bound in force: genesis's parameter once genesis is folded. */
export function maxClockOffsetOf (state: FederationState): number {
  return state.params.maxClockOffsetMs
}

/** Whether this key belongs to the federation now: a root, a queen or a member, not revoked. */
export function isMember (state: FederationState, keyHex: string): boolean {
  return state.members.has(keyHex)
}

/** Whether the key is a root admin. */
export function isRoot (state: FederationState, keyHex: string): boolean {
  return state.genesis?.roots.includes(keyHex) === true
}

/** The princesses of a network (keys in hex, sorted). */
export function princessesOf (state: FederationState, network: string): string[] {
  const out: string[] = []
  for (const [k, m] of state.members) if (m.role === 'princess' && m.network === network) out.push(k)
  return out.sort()
}

/** Whether a network takes a channel's content: every channel unless it subscribed to some. */
export function subscribes (state: FederationState, network: string, channel: string): boolean {
  const only = state.params.subscriptions[network]
  return only == null || only.includes(channel)
}

/** Supernodes in service: role supernode and not replaced, sorted by key. */
export function activeSupernodes (state: FederationState): string[] {
  const out: string[] = []
  for (const [k, m] of state.members) if (m.role === 'supernode' && !state.replaced.has(k)) out.push(k)
  return out.sort()
}

/** Standbys, sorted by key: the order in which they take over. */
export function standbys (state: FederationState): string[] {
  const out: string[] = []
  for (const [k, m] of state.members) if (m.role === 'standby') out.push(k)
  return out.sort()
}

/** Whether the key may admit and revoke hosts: an active supernode or a root. */
export function isAdmin (state: FederationState, keyHex: string): boolean {
  if (isRoot(state, keyHex)) return true
  // a stand-in serves (health checks, assignment) but admits and revokes no one: the log cannot
  // tell a real failure from a standby that claims one, so a takeover must not grant authority
  return state.members.get(keyHex)?.role === 'supernode' && !state.replaced.has(keyHex) && !wasReplacedBy(state, keyHex)
}

/** Whether the queen with this key may announce on this channel. */
export function mayAnnounce (state: FederationState, keyHex: string, channel: string): boolean {
  const q = state.queens.get(keyHex)
  return q !== undefined && (q === null || q.includes(channel))
}

/** Operation types that need the root threshold. */
const ROOT_LEVEL: ReadonlySet<OperationType> = new Set(['role.change', 'param.set', 'volunteer.decision'])

/** Whether an operation of this type needs the root threshold. */
export function isRootLevel (type: OperationType): boolean {
  return ROOT_LEVEL.has(type)
}

/**
 * Whether the entry's author may do what it asks, in this state: the
 * reducer's rule, at the entry's place in the order. Effects that depend
 * on more than the author (a version that goes back, a reused invite) are
 * judged when the entry is folded.
 */
export function authorize (state: FederationState, entry: LogEntry): Outcome {
  const { body } = entry
  if (body.type === 'genesis') {
    if (toHex(federationIdOf(entry)) !== state.federationId) return refuse('foreign-genesis', 'this genesis founds another federation')
    if (state.genesis != null) return refuse('duplicate-genesis', 'the federation already has its genesis')
    return { accepted: true }
  }
  if (state.genesis == null) return refuse('no-genesis', 'ordered before the genesis')
  if (toHex(entry.federation) !== state.federationId) return refuse('wrong-federation', 'the operation names another federation')
  const signer = toHex(entry.signer)
  if (!state.sealed && body.type !== 'approve') {
    return refuse('unsealed', `genesis has ${state.genesis.approvals.length} of the ${state.genesis.rootThreshold} root approvals it needs`)
  }
  switch (body.type) {
    case 'wave.announce':
      if (!mayAnnounce(state, signer, body.wave.channel)) return refuse('not-a-queen', `${entry.author} is not a queen of channel ${body.wave.channel}`)
      return { accepted: true }
    case 'join.decision':
    case 'member.revoke':
      if (!isAdmin(state, signer)) return refuse('not-a-supernode', `${entry.author} is neither an active supernode nor a root admin`)
      return { accepted: true }
    case 'approve':
    case 'role.change':
    case 'param.set':
    case 'volunteer.decision':
      if (!isRoot(state, signer)) return refuse('not-a-root', `${entry.author} is not a root admin`)
      return { accepted: true }
    case 'volunteer':
      if (!isMember(state, signer)) return refuse('not-a-member', `${entry.author} is not a member`)
      return { accepted: true }
    case 'takeover':
      if (body.takeover.resume) {
        if (!state.replaced.has(signer)) return refuse('not-replaced', `${entry.author} is not a replaced supernode`)
      } else if (state.members.get(signer)?.role !== 'standby') {
        return refuse('not-a-standby', `${entry.author} is not a standby`)
      }
      return { accepted: true }
  }
}

/**
 * Whether a peer's entry may enter this node's log: a looser, monotone
 * form of authorize. It refuses only signers that never held the
 * authority the operation needs (the sender is at fault); anything else
 * is stored and judged by the reducer at its place, so every node stores
 * the same entries whatever it had heard when one arrived.
 */
export function admissible (state: FederationState, entry: LogEntry, also?: EverGranted): Outcome {
  const { body } = entry
  if (body.type === 'genesis' || state.genesis == null) return authorize(state, entry)
  if (toHex(entry.federation) !== state.federationId) return refuse('wrong-federation', 'the operation names another federation')
  const signer = toHex(entry.signer)
  const ever = also == null ? state.ever : unionEver(state.ever, also)
  switch (body.type) {
    case 'wave.announce':
      return ever.queens.has(signer) ? { accepted: true } : refuse('not-a-queen', `${entry.author} has never been a queen`)
    case 'join.decision':
    case 'member.revoke':
      return ever.admins.has(signer) || isRoot(state, signer) ? { accepted: true } : refuse('not-a-supernode', `${entry.author} has never been a supernode or root admin`)
    case 'approve':
    case 'role.change':
    case 'param.set':
    case 'volunteer.decision':
      return isRoot(state, signer) ? { accepted: true } : refuse('not-a-root', `${entry.author} is not a root admin`)
    case 'volunteer':
      return ever.members.has(signer) ? { accepted: true } : refuse('not-a-member', `${entry.author} has never been a member`)
    case 'takeover':
      return ever.standbys.has(signer) || ever.admins.has(signer) ? { accepted: true } : refuse('not-a-standby', `${entry.author} has never been a standby or supernode`)
  }
}

/**
 * Revocations by root admins, as fences: a root that revokes a node names
 * the newest operation by it that the root had seen (`through`; the
 * genesis when it had seen none); every operation the node signed after
 * that and before the revocation is void, whatever its stamp. A revocation
 * without `through` fences nothing. A revoked key could otherwise sign operations
 * stamped before its revocation (the clock bounds only the future) and
 * have them judged at that earlier place, where it still had authority.
 * Roots are fixed by the genesis, so which revocations fence is known from
 * the entries alone, before any is folded: every node voids the same ones.
 */
export class Fences {
  private roots?: Set<string>
  private readonly byTarget = new Map<string, Array<{ through: Uint8Array, at: Uint8Array, entryId: string }>>()
  /** Revocations taken in before the genesis: judged when it comes. */
  private readonly early: LogEntry[] = []

  constructor (private readonly federationId: string) {}

  /**
   * Takes in an entry of the log: the genesis (its roots), or a root's
   * revocation. Returns the key from which the state must be folded again
   * when the entry adds a fence (the place after `through`), else undefined.
   */
  add (entry: LogEntry): Uint8Array | undefined {
    const { body } = entry
    if (body.type === 'genesis') {
      if (entry.idHex !== this.federationId || this.roots != null) return undefined
      this.roots = new Set(body.genesis.roots.map(toHex))
      // revocations that came before the genesis fence from now on
      let from: Uint8Array | undefined
      for (const r of this.early.splice(0)) {
        const f = this.fence(r)
        if (f != null && (from == null || compareBytes(f, from) < 0)) from = f
      }
      return from
    }
    if (body.type !== 'member.revoke') return undefined
    if (this.roots == null) { this.early.push(entry); return undefined }
    return this.fence(entry)
  }

  private fence (entry: LogEntry): Uint8Array | undefined {
    if (entry.body.type !== 'member.revoke' || this.roots?.has(toHex(entry.signer)) !== true || toHex(entry.federation) !== this.federationId) return undefined
    const revoke = entry.body.revoke
    const target = toHex(revoke.node)
    if (this.roots.has(target)) return undefined // roots cannot be revoked
    // no `through`: a revocation without a fence (older nodes, hand-made operations)
    if (revoke.through.byteLength === 0) return undefined
    const list = this.byTarget.get(target) ?? []
    // kept in log order, not arrival order: an entry inside two fences is refused
    // naming the earlier revocation, the same on every node
    const fence = { through: revoke.through, at: entry.key, entryId: entry.idHex }
    const i = list.findIndex(f => compareBytes(fence.at, f.at) < 0)
    if (i < 0) list.push(fence)
    else list.splice(i, 0, fence)
    this.byTarget.set(target, list)
    return revoke.through
  }

  /** A refusal when the entry falls inside a fence on its signer; undefined otherwise. */
  voids (entry: LogEntry): Outcome | undefined {
    if (this.byTarget.size === 0) return undefined
    const fences = this.byTarget.get(toHex(entry.signer))
    if (fences == null) return undefined
    for (const f of fences) {
      if (compareBytes(entry.key, f.at) < 0 && compareBytes(entry.key, f.through) > 0) {
        return refuse('revoked', `${entry.author} signed it after the last of its operations its revoker had seen, before its revocation (entry ${f.entryId.slice(0, 16)})`)
      }
    }
    return undefined
  }
}

/** Keys granted each authority by some entries (see grantsOf): the shape of FederationState.ever. */
export type EverGranted = FederationState['ever']

function unionEver (a: EverGranted, b: EverGranted): EverGranted {
  const u = (x: Set<string>, y: Set<string>): Set<string> => y.size === 0 ? x : new Set([...x, ...y])
  return { queens: u(a.queens, b.queens), admins: u(a.admins, b.admins), members: u(a.members, b.members), standbys: u(a.standbys, b.standbys) }
}

/**
 * What an entry may grant, at most, if the log accepts it: added to
 * `into`. Pre-validation of a batch (catch-up, a bundle) uses it so that an
 * entry whose authority comes from an earlier entry of the same batch is
 * not refused for lack of it (an over-estimate is safe: the reducer
 * judges every entry at its place).
 */
export function grantsOf (entry: LogEntry, into: EverGranted): void {
  const { body } = entry
  if (body.type === 'join.decision' && body.join.approve) into.members.add(toHex(body.join.node))
  if (body.type === 'role.change' && body.role.grant) {
    const k = toHex(body.role.node)
    into.members.add(k)
    if (body.role.role === ROLE_QUEEN) into.queens.add(k)
    if (body.role.role === ROLE_SUPERNODE) into.admins.add(k)
    if (body.role.role === ROLE_STANDBY) into.standbys.add(k)
  }
  if (body.type === 'takeover' && !body.takeover.resume) into.admins.add(toHex(entry.signer))
}

/**
 * Folds one entry into the state (in place) and returns its outcome. Pure
 * in every other way: the same entries in the same order give the same
 * state on every node. Races resolve by order: of two waves with the same
 * channel and version the first wins and the other is a recorded conflict;
 * of two standbys replacing one supernode the first wins; of two values
 * set for one parameter the later stands.
 */
export function applyEntry (state: FederationState, entry: LogEntry, fences?: Fences): Outcome {
  state.entries++
  let outcome = fences?.voids(entry) ?? authorize(state, entry)
  if (outcome.accepted) outcome = effect(state, entry)
  if (!outcome.accepted) state.refused.set(entry.idHex, { reason: outcome.reason, detail: outcome.detail })
  return outcome
}

function effect (state: FederationState, entry: LogEntry): Outcome {
  const { body } = entry
  const signer = toHex(entry.signer)
  switch (body.type) {
    case 'genesis':
      foundFederation(state, entry, body.genesis)
      return { accepted: true, pending: !state.sealed }
    case 'wave.announce': {
      const w = body.wave
      const current = state.channels.get(w.channel)
      if (current != null && w.version <= current.version) {
        return w.version === current.version && !equalBytes(entry.id, Buffer.from(current.entryId, 'hex'))
          ? refuse('version-conflict', `${w.channel} version ${w.version} was already announced by entry ${current.entryId.slice(0, 16)}`)
          : refuse('rollback', `${w.channel} is at version ${current.version}; version ${w.version} would go back`)
      }
      state.channels.set(w.channel, channelStateOf(entry))
      return { accepted: true }
    }
    case 'join.decision':
      return joinDecision(state, entry, body.join)
    case 'member.revoke': {
      const target = toHex(body.revoke.node)
      const m = state.members.get(target)
      if (m == null) return refuse('not-a-member', `${nodeIdFromPublicKey(body.revoke.node)} is not a member`)
      if (isRoot(state, target)) return refuse('is-root', 'a root admin cannot be revoked')
      if (!isRoot(state, signer) && (m.role !== 'host' || state.queens.has(target))) return refuse('needs-root', `${m.nodeId} is a ${state.queens.has(target) ? 'queen' : m.role}: only a root admin revokes it`)
      state.members.delete(target)
      state.queens.delete(target)
      state.replaced.delete(target)
      state.inService.delete(target)
      state.inServiceAt.delete(target)
      for (const [orig, standIn] of state.replaced) if (standIn === target) state.replaced.delete(orig)
      for (const v of state.volunteers.values()) if (v.node === target && v.status === 'pending') v.status = 'refused'
      state.revoked.set(target, entry.idHex)
      return { accepted: true }
    }
    case 'approve':
      return approve(state, entry, body.approve.entry)
    case 'role.change':
    case 'param.set':
    case 'volunteer.decision':
      if (state.genesis != null && state.genesis.rootThreshold > 1) {
        state.pending.set(entry.idHex, { entryId: entry.idHex, type: body.type, proposer: signer, approvals: [signer], body })
        return { accepted: true, pending: true }
      }
      return execute(state, body, entry.idHex, entry.stamp.wallMs)
    case 'volunteer': {
      const v = body.volunteer
      const m = state.members.get(signer) as MemberState
      if (v.role === ROLE_HOST) {
        if (m.role !== 'supernode' && m.role !== 'standby') return refuse('no-role', `${entry.author} is neither supernode nor standby`)
        setRole(state, signer, 'host', entry.idHex)
        return { accepted: true }
      }
      for (const [id, other] of state.volunteers) {
        if (other.node === signer && other.status === 'pending') return refuse('already-pending', `${entry.author} already volunteered (entry ${id.slice(0, 16)}); the root admins have not answered yet`)
      }
      state.volunteers.set(entry.idHex, { node: signer, role: v.role === ROLE_SUPERNODE ? 'supernode' : 'standby', status: 'pending' })
      return { accepted: true }
    }
    case 'takeover': {
      if (body.takeover.resume) {
        const replacer = state.replaced.get(signer) as string
        state.replaced.delete(signer)
        state.inService.set(signer, entry.idHex)
        state.inServiceAt.set(signer, entry.stamp.wallMs)
        // the standby that stood in goes back to standing by, unless a root gave it the role for good
        if (state.members.get(replacer)?.role === 'supernode' && !wasReplacedBy(state, replacer)) setRole(state, replacer, 'standby', entry.idHex)
        return { accepted: true }
      }
      const failed = toHex(body.takeover.failed)
      if (state.members.get(failed)?.role !== 'supernode' || state.replaced.has(failed)) {
        return refuse('not-active', `${nodeIdFromPublicKey(body.takeover.failed)} is not an active supernode${state.replaced.has(failed) ? `: ${nodeIdFromPublicKey(Buffer.from(state.replaced.get(failed) as string, 'hex'))} already replaced it` : ''}`)
      }
      const since = toHex(body.takeover.since)
      if (state.inService.get(failed) !== since) {
        return refuse('not-active', `${nodeIdFromPublicKey(body.takeover.failed)} has been back in service since entry ${(state.inService.get(failed) ?? '').slice(0, 16)}, after the failure this takeover saw`)
      }
      const inServiceAt = state.inServiceAt.get(failed) ?? 0
      if (entry.stamp.wallMs < inServiceAt + state.params.supernodeGraceMs) {
        return refuse('too-soon', `${nodeIdFromPublicKey(body.takeover.failed)} went into service at ${inServiceAt}; a takeover must come at least supernode_grace_ms (${state.params.supernodeGraceMs}) later`)
      }
      // a stand-in that failed is replaced for the supernode it stood in for: one stand-in per failed supernode, demoted when it resumes
      let original = failed
      for (const [orig, standIn] of state.replaced) if (standIn === failed) original = orig
      if (original !== failed) setRole(state, failed, 'standby', entry.idHex)
      state.replaced.set(original, signer)
      state.inService.delete(failed)
      state.inServiceAt.delete(failed)
      setRole(state, signer, 'supernode', entry.idHex, entry.stamp.wallMs)
      return { accepted: true }
    }
  }
}

/** Whether `key` replaced a supernode that is still out (so it keeps the role for now). */
function wasReplacedBy (state: FederationState, key: string): boolean {
  for (const r of state.replaced.values()) if (r === key) return true
  return false
}

function foundFederation (state: FederationState, entry: LogEntry, g: Genesis): void {
  const roots = g.roots.map(toHex)
  const founder = toHex(entry.signer)
  state.genesis = { name: g.name, entryId: entry.idHex, roots, rootThreshold: g.rootThreshold, approvals: roots.includes(founder) ? [founder] : [] }
  state.sealed = state.genesis.approvals.length >= g.rootThreshold
  const p = g.params
  state.params = {
    maxClockOffsetMs: p?.maxClockOffsetMs ?? DEFAULT_MAX_CLOCK_OFFSET_MS,
    minSupernodes: p?.minSupernodes ?? DEFAULT_MIN_SUPERNODES,
    healthIntervalMs: p?.healthIntervalMs != null && p.healthIntervalMs > 0 ? p.healthIntervalMs : DEFAULT_HEALTH_INTERVAL_MS,
    supernodeGraceMs: p?.supernodeGraceMs != null && p.supernodeGraceMs > 0 ? p.supernodeGraceMs : DEFAULT_SUPERNODE_GRACE_MS,
    policy: p?.policy === 1 ? 'replace' : 'redistribute',
    networks: g.networks.length > 0 ? [...g.networks] : [DEFAULT_NETWORK],
    subscriptions: {}
  }
  const network0 = state.params.networks[0]
  for (const m of g.members) addMember(state, toHex(m.key), m.network, ROLE_NAMES[m.role] as Role, entry.idHex, entry.stamp.wallMs)
  // roots and queens not listed are hosts of the first network
  for (const k of [...roots, ...g.queens.map(toHex)]) if (!state.members.has(k)) addMember(state, k, network0, 'host', entry.idHex)
  for (const q of g.queens) { state.queens.set(toHex(q), null); state.ever.queens.add(toHex(q)) }
  for (const r of roots) state.ever.admins.add(r)
}

function addMember (state: FederationState, key: string, network: string, role: Role, admittedBy: string, wallMs = 0): void {
  state.members.set(key, { nodeId: nodeIdFromPublicKey(Buffer.from(key, 'hex')), network, role: 'host', admittedBy })
  state.revoked.delete(key)
  state.denied.delete(key)
  state.ever.members.add(key)
  setRole(state, key, role, admittedBy, wallMs)
}

/** Gives a member a role; `entryId` is the entry that does it (a supernode's time in service starts there). */
function setRole (state: FederationState, key: string, role: Role, entryId: string, wallMs = 0): void {
  const m = state.members.get(key)
  if (m == null) return
  const was = m.role
  m.role = role
  if (role === 'supernode') {
    state.ever.admins.add(key)
    if (was !== 'supernode') { state.inService.set(key, entryId); state.inServiceAt.set(key, wallMs) }
  } else {
    state.replaced.delete(key)
    state.inService.delete(key)
    state.inServiceAt.delete(key)
  }
  if (role === 'standby') state.ever.standbys.add(key)
}

function joinDecision (state: FederationState, entry: LogEntry, j: JoinDecision): Outcome {
  const node = toHex(j.node)
  const nodeId = nodeIdFromPublicKey(j.node)
  const signer = toHex(entry.signer)
  if (!j.approve) {
    if (state.members.has(node)) return refuse('already-member', `${nodeId} is already a member`)
    state.denied.set(node, j.reason)
    return { accepted: true }
  }
  if (state.members.has(node)) return refuse('already-member', `${nodeId} is already a member`)
  if (state.revoked.has(node) && !isRoot(state, signer)) return refuse('revoked', `${nodeId} was revoked; only a root admin admits it again`)
  if (!state.params.networks.includes(j.network)) return refuse('unknown-network', `network "${j.network}" is not one the federation names (${state.params.networks.join(', ')})`)
  if (j.invite.byteLength > 0) {
    const invite = openInvite(j.invite, Buffer.from(state.federationId, 'hex'))
    if (!invite.ok) return refuse('bad-invite', invite.detail)
    const inv = invite.value
    if (!isAdmin(state, inv.issuerHex)) return refuse('bad-invite', `the invite's issuer ${inv.issuer} is neither an active supernode nor a root admin`)
    const inviteKey = `${inv.issuerHex}:${inv.idHex}`
    if (state.invitesUsed.has(inviteKey)) return refuse('invite-reused', `invite ${inv.idHex} was already used`)
    if (entry.stamp.wallMs > inv.expiresMs) return refuse('invite-expired', `invite ${inv.idHex} expired at ${new Date(inv.expiresMs).toISOString()}`)
    if (inv.network !== j.network) return refuse('bad-invite', `the invite is for network "${inv.network}", not "${j.network}"`)
    state.invitesUsed.add(inviteKey)
  }
  addMember(state, node, j.network, 'host', entry.idHex)
  return { accepted: true }
}

function approve (state: FederationState, entry: LogEntry, target: Uint8Array): Outcome {
  const id = toHex(target)
  const signer = toHex(entry.signer)
  const g = state.genesis as NonNullable<FederationState['genesis']>
  if (id === g.entryId) {
    if (state.sealed) return refuse('nothing-to-approve', 'genesis already has its approvals')
    if (g.approvals.includes(signer)) return refuse('duplicate-approval', `${entry.author} already approved the genesis`)
    g.approvals.push(signer)
    state.sealed = g.approvals.length >= g.rootThreshold
    return { accepted: true, pending: !state.sealed }
  }
  if (!state.sealed) return refuse('unsealed', 'genesis is not yet approved')
  const p = state.pending.get(id)
  if (p == null) return refuse('nothing-to-approve', `entry ${id.slice(0, 16)} is not a root-level operation waiting for approval`)
  if (p.approvals.includes(signer)) return refuse('duplicate-approval', `${entry.author} already approved entry ${id.slice(0, 16)}`)
  p.approvals.push(signer)
  if (p.approvals.length < g.rootThreshold) return { accepted: true, pending: true }
  state.pending.delete(id)
  // the proposal takes effect here; if the state no longer allows it, the proposal is what is refused
  const done = execute(state, p.body, p.entryId, entry.stamp.wallMs)
  if (!done.accepted) state.refused.set(p.entryId, { reason: done.reason, detail: done.detail })
  return { accepted: true }
}

/** Carries out a root-level operation that has its approvals. */
function execute (state: FederationState, body: OperationBody, entryId: string, wallMs: number): Outcome {
  switch (body.type) {
    case 'role.change':
      return roleChange(state, body.role, entryId, wallMs)
    case 'param.set':
      setParam(state.params, body.param.name as ParamName, body.param.value)
      return { accepted: true }
    case 'volunteer.decision': {
      const id = toHex(body.decision.request)
      const v = state.volunteers.get(id)
      if (v == null || v.status !== 'pending') return refuse('not-pending', `entry ${id.slice(0, 16)} is not a pending volunteer request`)
      if (!state.members.has(v.node)) return refuse('not-a-member', 'the volunteer is no longer a member')
      v.status = body.decision.approve ? 'approved' : 'refused'
      if (body.decision.approve) setRole(state, v.node, v.role, entryId, wallMs)
      return { accepted: true }
    }
    default:
      throw new TypeError(`${body.type} is not a root-level operation`)
  }
}

function roleChange (state: FederationState, r: RoleChange, entryId: string, wallMs: number): Outcome {
  const key = toHex(r.node)
  const nodeId = nodeIdFromPublicKey(r.node)
  if (r.grant && !state.members.has(key)) {
    const network = r.network !== '' ? r.network : state.params.networks[0]
    if (!state.params.networks.includes(network)) return refuse('unknown-network', `network "${network}" is not one the federation names (${state.params.networks.join(', ')})`)
    addMember(state, key, network, 'host', entryId, wallMs)
  }
  const m = state.members.get(key)
  if (m == null) return refuse('not-a-member', `${nodeId} is not a member`)
  if (r.role === ROLE_QUEEN) {
    if (r.grant) {
      const have = state.queens.get(key)
      state.queens.set(key, r.channels.length === 0 || have === null ? null : [...new Set([...(have ?? []), ...r.channels])].sort())
      state.ever.queens.add(key)
      return { accepted: true }
    }
    const have = state.queens.get(key)
    if (have === undefined) return refuse('no-role', `${nodeId} is not a queen`)
    if (r.channels.length === 0) {
      state.queens.delete(key)
    } else if (have === null) {
      return refuse('no-role', `${nodeId} is queen of every channel; revoke it whole (no channels) and grant the ones it keeps`)
    } else {
      const left = have.filter(c => !r.channels.includes(c))
      if (left.length === 0) state.queens.delete(key)
      else state.queens.set(key, left)
    }
    return { accepted: true }
  }
  const role = ROLE_NAMES[r.role] as Role
  if (r.grant) {
    if (r.network !== '' && r.network !== m.network) {
      if (!state.params.networks.includes(r.network)) return refuse('unknown-network', `network "${r.network}" is not one the federation names`)
      m.network = r.network
    }
    if (role === 'supernode') {
      // a stand-in made a supernode for good takes the failed one's place; that one becomes a standby
      for (const [orig, standIn] of state.replaced) {
        if (standIn !== key) continue
        state.replaced.delete(orig)
        setRole(state, orig, 'standby', entryId, wallMs)
      }
    }
    setRole(state, key, role, entryId, wallMs)
    return { accepted: true }
  }
  if (m.role !== role) return refuse('no-role', `${nodeId} is not a ${role}`)
  setRole(state, key, 'host', entryId)
  return { accepted: true }
}

/** Sets one parameter; the value was checked with the operation (checkParamValue). */
function setParam (params: FederationParams, name: ParamName, value: string): void {
  if (name.startsWith(SUBSCRIPTION_PARAM_PREFIX)) {
    const network = name.slice(SUBSCRIPTION_PARAM_PREFIX.length)
    // a fresh object: checkpoints share nothing with the state they were cloned from, but keep it plain
    const next = { ...params.subscriptions }
    if (value === '') delete next[network]
    else next[network] = [...new Set(value.split(','))].sort()
    params.subscriptions = next
    return
  }
  switch (name) {
    case 'networks': params.networks = value.split(','); break
    case 'policy': params.policy = value as FederationParams['policy']; break
    case 'max_clock_offset_ms': params.maxClockOffsetMs = Number(value); break
    case 'min_supernodes': params.minSupernodes = Number(value); break
    case 'health_interval_ms': params.healthIntervalMs = Number(value); break
    case 'supernode_grace_ms': params.supernodeGraceMs = Number(value); break
  }
}
/** Whether a wave on this channel is meant for a node with this id and these tags. */
export function isTargeted (ch: ChannelState, nodeId: string, tags: readonly string[]): boolean {
  const { targets } = ch
  if (targets.tags.length === 0 && targets.nodes.length === 0) return true
  return targets.nodes.includes(nodeId) || targets.tags.some(t => tags.includes(t))
}

/** What a (wave announcement) entry makes of its channel's state. */
export function channelStateOf (entry: LogEntry): ChannelState {
  if (entry.body.type !== 'wave.announce') throw new TypeError('not a wave announcement')
  const w = entry.body.wave
  const c = w.content ?? { module: '', size: 0, sha256: new Uint8Array(0), name: '' }
  return {
    channel: w.channel,
    version: w.version,
    entryId: entry.idHex,
    announcedBy: entry.author,
    stamp: entry.stamp,
    content: { module: c.module, size: c.size, sha256: toHex(c.sha256), name: c.name, manifestSize: c.manifestSize ?? 0, source: c.source ?? '', ref: c.ref ?? '' },
    expiresMs: w.expiresMs,
    targets: { tags: [...w.targetTags], nodes: w.targetNodes.map(nodeIdFromPublicKey) },
    princessFirst: w.princessFirst
  }
}

function refuse (reason: RefusalReason, detail: string): Outcome {
  return { accepted: false, reason, detail }
}
