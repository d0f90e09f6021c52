import { createHash } from 'node:crypto'
import { createEntry, identityFromSeed, toHex, type FederationState, type Identity, type LogEntry, type Stamp } from '../src/index.js'

/**
 * Shared builders for the protocol specs. Identities come from fixed seeds
 * so a failing property prints the same counterexample on every run.
 */

/** A deterministic identity: the seed is SHA-256 of the label. */
export function identity (label: string): Identity {
  return identityFromSeed(new Uint8Array(createHash('sha256').update(label).digest()))
}

/** The SHA-256 of a string, as the 32 bytes a content descriptor carries. */
export function digest (text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(text).digest())
}

export interface WaveInit {
  channel: string
  version: number
  name?: string
  size?: number
  expiresMs?: number
}

/** A signed wave announcement of a `file` module content. */
export function wave (signer: Identity, federation: Uint8Array, stamp: Stamp, init: WaveInit): LogEntry {
  const name = init.name ?? `${init.channel}-v${init.version}.txt`
  return createEntry(signer, federation, stamp, {
    type: 'wave.announce',
    wave: {
      channel: init.channel,
      version: init.version,
      expiresMs: init.expiresMs ?? 0,
      content: { module: 'file', size: init.size ?? name.length, sha256: digest(name), name }
    }
  })
}

/** The entries' ids, in the given order. */
export function idsOf (entries: readonly LogEntry[]): string[] {
  return entries.map(e => e.idHex)
}

/** Entries sorted by key (log order), duplicates by id removed. */
export function sortedUnique (entries: readonly LogEntry[]): LogEntry[] {
  const byId = new Map(entries.map(e => [e.idHex, e]))
  return [...byId.values()].sort((a, b) => Buffer.compare(a.key, b.key))
}

/**
 * A canonical JSON form of a federation state: maps and sets as sorted
 * arrays, so two states are equal exactly when their strings are.
 */
export function canonicalState (state: FederationState): string {
  return JSON.stringify(state, (_key, value: unknown) => {
    const byKey = (a: [unknown, unknown], b: [unknown, unknown]): number => String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0
    if (value instanceof Map) return [...value.entries()].sort(byKey)
    if (value instanceof Set) return [...value].map(String).sort()
    if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
    if (value != null && typeof value === 'object' && !Array.isArray(value)) {
      // plain objects with sorted keys
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
    }
    return value
  })
}

/** Hex of a public key, as the state's queen set holds it. */
export function keyHex (id: Identity): string {
  return toHex(id.publicKey)
}
