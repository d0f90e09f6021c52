import { DEFAULT_MAX_CLOCK_OFFSET_MS } from './constants.js'
import { equalBytes, toHex } from './bytes.js'
import { federationIdOf, type LogEntry } from './operation.js'
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
}

/** Why the reducer refused an entry. */
export type RefusalReason =
  | 'no-genesis' | 'foreign-genesis' | 'duplicate-genesis' | 'wrong-federation'
  | 'not-a-queen' | 'version-conflict' | 'rollback'

/** The outcome of folding one entry. */
export type Outcome = { accepted: true } | { accepted: false, reason: RefusalReason, detail: string }

/**
 * The federation's derived state: what every node computes by folding the
 * ordered log through applyEntry. Plain data (maps and sets of strings), so
 * it can be checkpointed with structuredClone.
 */
export interface FederationState {
  /** The federation this state belongs to (hex of the genesis entry id). */
  readonly federationId: string
  genesis?: {
    name: string
    entryId: string
    roots: string[]
    rootThreshold: number
    params: { maxClockOffsetMs: number }
  }
  /** Public keys (hex) allowed to announce waves. */
  queens: Set<string>
  channels: Map<string, ChannelState>
  /** Refused entries (id hex) with the reason; every node records the same ones. */
  refused: Map<string, { reason: RefusalReason, detail: string }>
  /** How many entries have been folded. */
  entries: number
}

/** The state before any entry, for the federation with this id. */
export function initialState (federationId: Uint8Array): FederationState {
  return { federationId: toHex(federationId), queens: new Set(), channels: new Map(), refused: new Map(), entries: 0 }
}

/** The clock bound in force: genesis's parameter once genesis is folded. */
export function maxClockOffsetOf (state: FederationState): number {
  return state.genesis?.params.maxClockOffsetMs ?? DEFAULT_MAX_CLOCK_OFFSET_MS
}

/**
 * Whether the entry's author may do what it asks, in this state. Shared by
 * the reducer (at the entry's place in the order) and the gossip validator
 * (against the newest state), so both apply one rule.
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
  if (!state.queens.has(toHex(entry.signer))) return refuse('not-a-queen', `${entry.author} is not a queen`)
  return { accepted: true }
}

/**
 * Folds one entry into the state (in place) and returns its outcome. Pure
 * in every other way: the same entries in the same order give the same
 * state on every node. Races resolve by order: of two waves with the same
 * channel and version the first wins and the other is a recorded conflict.
 */
export function applyEntry (state: FederationState, entry: LogEntry): Outcome {
  state.entries++
  let outcome = authorize(state, entry)
  if (outcome.accepted) {
    const { body } = entry
    if (body.type === 'genesis') {
      const g = body.genesis
      state.genesis = {
        name: g.name,
        entryId: entry.idHex,
        roots: g.roots.map(toHex),
        rootThreshold: g.rootThreshold,
        params: { maxClockOffsetMs: g.params?.maxClockOffsetMs ?? DEFAULT_MAX_CLOCK_OFFSET_MS }
      }
      state.queens = new Set(g.queens.map(toHex))
    } else {
      const w = body.wave
      const current = state.channels.get(w.channel)
      if (current != null && w.version <= current.version) {
        outcome = w.version === current.version && !equalBytes(entry.id, Buffer.from(current.entryId, 'hex'))
          ? refuse('version-conflict', `${w.channel} version ${w.version} was already announced by entry ${current.entryId.slice(0, 16)}`)
          : refuse('rollback', `${w.channel} is at version ${current.version}; version ${w.version} would go back`)
      } else {
        state.channels.set(w.channel, channelStateOf(entry))
      }
    }
  }
  if (!outcome.accepted) state.refused.set(entry.idHex, { reason: outcome.reason, detail: outcome.detail })
  return outcome
}

function refuse (reason: RefusalReason, detail: string): Outcome {
  return { accepted: false, reason, detail }
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
    targets: { tags: [...w.targetTags], nodes: w.targetNodes.map(nodeIdFromPublicKey) }
  }
}
