import { CHECKPOINT_INTERVAL_ENTRIES } from './constants.js'
import { compareBytes } from './bytes.js'
import { applyEntry, Fences, initialState, type FederationState, type Outcome } from './reducer.js'
import { toHex } from './bytes.js'
import type { LogEntry } from './operation.js'

/** The result of inserting one entry. */
export interface InsertResult {
  /** False when the log already held the entry. */
  added: boolean
  /** True when the entry landed before the end and the state was recomputed. */
  late: boolean
  index: number
}

/** Index of the first entry whose key is not less than `key`. */
export function lowerBound (entries: readonly LogEntry[], key: Uint8Array): number {
  let lo = 0
  let hi = entries.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareBytes(entries[mid].key, key) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The federation's log in memory: entries in total order, the state they
 * fold to, and checkpoints of that state every CHECKPOINT_INTERVAL_ENTRIES
 * entries. An entry that arrives late is inserted at its place and the
 * state is recomputed from the checkpoint before it, not from genesis.
 * Pure: no disk, no clock, no network.
 */
export class OrderedLog {
  private readonly list: LogEntry[] = []
  private readonly ids = new Map<string, LogEntry>()
  private readonly federationId: Uint8Array
  private readonly interval: number
  private current: FederationState
  /** Root revocations that void the revoked node's later operations (see Fences). */
  private readonly fences: Fences
  // checkpoints[k].state is the state after the first checkpoints[k].index entries
  private checkpoints: Array<{ index: number, state: FederationState }> = []

  constructor (federationId: Uint8Array, init: { checkpointInterval?: number } = {}) {
    this.federationId = federationId
    this.interval = init.checkpointInterval ?? CHECKPOINT_INTERVAL_ENTRIES
    this.current = initialState(federationId)
    this.fences = new Fences(toHex(federationId))
  }

  /** Whether the entry is void under a root's revocation of its signer (see Fences). */
  voided (entry: LogEntry): Outcome | undefined {
    return this.fences.voids(entry)
  }

  /** The entries in order. Do not modify. */
  get entries (): readonly LogEntry[] {
    return this.list
  }

  get size (): number {
    return this.list.length
  }

  /** The state after every entry. */
  get state (): FederationState {
    return this.current
  }

  has (idHex: string): boolean {
    return this.ids.has(idHex)
  }

  get (idHex: string): LogEntry | undefined {
    return this.ids.get(idHex)
  }

  /** The newest entry in order, if any. */
  last (): LogEntry | undefined {
    return this.list[this.list.length - 1]
  }

  /** How the reducer judged an entry of this log. */
  outcomeOf (idHex: string): Outcome | undefined {
    if (!this.ids.has(idHex)) return undefined
    const refused = this.current.refused.get(idHex)
    return refused == null ? { accepted: true } : { accepted: false, ...refused }
  }

  /** Inserts one entry at its place; duplicates are ignored. */
  insert (entry: LogEntry): InsertResult {
    if (this.ids.has(entry.idHex)) return { added: false, late: false, index: -1 }
    const index = lowerBound(this.list, entry.key)
    this.ids.set(entry.idHex, entry)
    const fenceFrom = this.fences.add(entry)
    if (fenceFrom != null) {
      // a new fence voids entries already folded: fold again from the first one it covers
      this.list.splice(index, 0, entry)
      this.recomputeFrom(Math.min(index, lowerBound(this.list, fenceFrom)))
      return { added: true, late: true, index }
    }
    if (index === this.list.length) {
      this.list.push(entry)
      this.fold(index)
      return { added: true, late: false, index }
    }
    this.list.splice(index, 0, entry)
    this.recomputeFrom(index)
    return { added: true, late: true, index }
  }

  /**
   * Inserts many entries (any order, duplicates allowed) and recomputes the
   * state once, from the earliest place any of them landed.
   */
  insertMany (entries: readonly LogEntry[]): LogEntry[] {
    const fresh = new Map<string, LogEntry>()
    for (const e of entries) if (!this.ids.has(e.idHex)) fresh.set(e.idHex, e)
    if (fresh.size === 0) return []
    const sorted = [...fresh.values()].sort((a, b) => compareBytes(a.key, b.key))
    let first = lowerBound(this.list, sorted[0].key)
    for (const e of sorted) {
      const fenceFrom = this.fences.add(e)
      if (fenceFrom != null) first = Math.min(first, lowerBound(this.list, fenceFrom))
    }
    for (const e of sorted) this.ids.set(e.idHex, e)
    if (first === this.list.length) {
      for (const e of sorted) {
        this.list.push(e)
        this.fold(this.list.length - 1)
      }
    } else {
      // merge the sorted tail with the new entries
      const tail = this.list.splice(first)
      let i = 0
      let j = 0
      while (i < tail.length || j < sorted.length) {
        if (j >= sorted.length || (i < tail.length && compareBytes(tail[i].key, sorted[j].key) < 0)) this.list.push(tail[i++])
        else this.list.push(sorted[j++])
      }
      this.recomputeFrom(first)
    }
    return sorted
  }

  private fold (index: number): void {
    applyEntry(this.current, this.list[index], this.fences)
    const count = index + 1
    if (count % this.interval === 0) this.checkpoints.push({ index: count, state: structuredClone(this.current) })
  }

  private recomputeFrom (index: number): void {
    this.checkpoints = this.checkpoints.filter(c => c.index <= index)
    const base = this.checkpoints[this.checkpoints.length - 1]
    this.current = base == null ? initialState(this.federationId) : structuredClone(base.state)
    for (let i = base?.index ?? 0; i < this.list.length; i++) this.fold(i)
  }
}
