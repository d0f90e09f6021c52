import { randomBytes } from 'node:crypto'
import { DEFAULT_MAX_CLOCK_OFFSET_MS } from './constants.js'
import { createEntry, federationIdOf, type LogEntry } from './operation.js'
import type { Identity } from './identity.js'
import type { Stamp } from './hlc.js'

export interface GenesisInit {
  name: string
  /** Root admin keys; the founder's key when not given. */
  roots?: Uint8Array[]
  rootThreshold?: number
  /** Keys allowed to announce waves; the founder's key when not given. */
  queens?: Uint8Array[]
  maxClockOffsetMs?: number
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
      params: { maxClockOffsetMs: init.maxClockOffsetMs ?? DEFAULT_MAX_CLOCK_OFFSET_MS },
      nonce: new Uint8Array(init.nonce ?? randomBytes(16))
    }
  })
  return { entry, federationId: federationIdOf(entry) }
}
