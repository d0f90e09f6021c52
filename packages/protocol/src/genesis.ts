import { randomBytes } from 'node:crypto'
import { DEFAULT_HEALTH_INTERVAL_MS, DEFAULT_MAX_CLOCK_OFFSET_MS, DEFAULT_MIN_SUPERNODES, DEFAULT_SUPERNODE_GRACE_MS, ROLE_NAMES, type RoleName } from './constants.js'
import { createEntry, federationIdOf, type LogEntry } from './operation.js'
import type { Identity } from './identity.js'
import { applyEntry, initialState, type FederationState } from './reducer.js'
import { compareBytes } from './bytes.js'
import type { Stamp } from './hlc.js'

export interface GenesisInit {
  name: string
  /** Root admin keys; the founder's key when not given. */
  roots?: Uint8Array[]
  rootThreshold?: number
  /** Keys allowed to announce waves; the founder's key when not given. */
  queens?: Uint8Array[]
  maxClockOffsetMs?: number
  /** Standbys take over below this many live supernodes (default 1). */
  minSupernodes?: number
  healthIntervalMs?: number
  supernodeGraceMs?: number
  /** What happens to a failed supernode's members: redistribute (default) or a standby replaces it. */
  policy?: 'redistribute' | 'replace'
  /** Network names; one, "default", when not given. */
  networks?: string[]
  /** First members: supernodes, standbys, princesses, hosts. Roots and queens are members of the first network anyway. */
  members?: Array<{ key: Uint8Array, network: string, role: RoleName }>
  stamp: Stamp
  /** Random bytes that make the federation id unique; 16 fresh ones by default. */
  nonce?: Uint8Array
}

/** Founds a federation: the signed genesis entry and the id it gives the federation. */
export function createGenesis (founder: Identity, init: GenesisInit): { entry: LogEntry, federationId: Uint8Array } {
  const roots = init.roots ?? [founder.publicKey]
  const entry = createEntry(founder, new Uint8Array(0), init.stamp, {
    type: 'genesis',
    genesis: {
      name: init.name,
      roots: roots.map(k => new Uint8Array(k)),
      rootThreshold: init.rootThreshold ?? 1,
      queens: (init.queens ?? [founder.publicKey]).map(k => new Uint8Array(k)),
      params: {
        maxClockOffsetMs: init.maxClockOffsetMs ?? DEFAULT_MAX_CLOCK_OFFSET_MS,
        minSupernodes: init.minSupernodes ?? DEFAULT_MIN_SUPERNODES,
        healthIntervalMs: init.healthIntervalMs ?? DEFAULT_HEALTH_INTERVAL_MS,
        supernodeGraceMs: init.supernodeGraceMs ?? DEFAULT_SUPERNODE_GRACE_MS,
        policy: init.policy === 'replace' ? 1 : 0
      },
      nonce: new Uint8Array(init.nonce ?? randomBytes(16)),
      networks: init.networks ?? [],
      members: (init.members ?? []).map(m => ({ key: new Uint8Array(m.key), network: m.network, role: ROLE_NAMES.indexOf(m.role) }))
    }
  })
  return { entry, federationId: federationIdOf(entry) }
}

/**
 * A root admin's approval of a genesis (or of any root-level operation,
 * by its entry id): the genesis takes effect once its roots' threshold
 * has approved it, the founder's own signature counting when a root.
 * Stamped after what it approves, whatever the signer's clock says.
 */
export function approveEntry (root: Identity, federationId: Uint8Array, target: LogEntry, now: Stamp): LogEntry {
  const stamp = now.wallMs > target.stamp.wallMs ? now : { wallMs: target.stamp.wallMs + 1, counter: 0 }
  return createEntry(root, federationId, stamp, { type: 'approve', approve: { entry: new Uint8Array(target.id) } })
}

/** The state a genesis and its approvals fold to: whether it is in force (sealed), its roots, params and first members. */
export function foldGenesis (doc: { entry: LogEntry, approvals: readonly LogEntry[], federationId: Uint8Array }): FederationState {
  const state = initialState(doc.federationId)
  for (const e of [doc.entry, ...doc.approvals].sort((a, b) => compareBytes(a.key, b.key))) applyEntry(state, e)
  return state
}
