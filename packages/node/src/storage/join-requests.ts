import { MAX_PENDING_JOIN_REQUESTS } from '../constants.js'
import type { JsonTable } from './log-store.js'

/** A host's join request as a supernode keeps it until an admin decides. */
export interface JoinRequestRecord {
  readonly nodeId: string
  /** The host's public key, hex. */
  readonly key: string
  readonly network: string
  readonly hostname: string
  /** The invite the host presented and why it was refused; null without one. */
  readonly invite: string | null
  /** The address it asked from (its IP). */
  readonly address: string
  readonly firstSeenMs: number
  readonly lastSeenMs: number
}

/** What a request carries; the store adds the times. */
export type JoinRequestInput = Omit<JoinRequestRecord, 'firstSeenMs' | 'lastSeenMs'>

/**
 * Pending join requests, in memory and in a sublevel of the node's level
 * store (they survive a restart), by host key. A repeated request from the
 * same host refreshes its record (network, hostname, last seen) and keeps
 * when it was first seen. At most `max` records; past it the one seen
 * longest ago goes.
 */
export class JoinRequestStore {
  private readonly table: JsonTable
  private readonly max: number
  private readonly records = new Map<string, JoinRequestRecord>()

  constructor (table: JsonTable, init: { max?: number } = {}) {
    this.table = table
    this.max = init.max ?? MAX_PENDING_JOIN_REQUESTS
  }

  /** Loads the stored records; malformed ones (an older format) are dropped. */
  async load (): Promise<void> {
    const bad: string[] = []
    for await (const [key, value] of this.table.iterator()) {
      const r = value as Partial<JoinRequestRecord> | null
      if (r != null && typeof r.nodeId === 'string' && r.key === key && typeof r.network === 'string' && typeof r.lastSeenMs === 'number' && typeof r.firstSeenMs === 'number') {
        this.records.set(key, { nodeId: r.nodeId, key, network: r.network, hostname: String(r.hostname ?? ''), invite: r.invite ?? null, address: String(r.address ?? ''), firstSeenMs: r.firstSeenMs, lastSeenMs: r.lastSeenMs })
      } else {
        bad.push(key)
      }
    }
    for (const k of bad) await this.table.del(k)
  }

  /** Records a request (new, or refreshing the host's earlier one). */
  async record (input: JoinRequestInput, nowMs: number): Promise<JoinRequestRecord> {
    const prev = this.records.get(input.key)
    const rec: JoinRequestRecord = { ...input, firstSeenMs: prev?.firstSeenMs ?? nowMs, lastSeenMs: nowMs }
    this.records.set(input.key, rec)
    await this.table.put(input.key, rec)
    if (this.records.size > this.max) {
      const oldest = [...this.records.values()].sort((a, b) => a.lastSeenMs - b.lastSeenMs).slice(0, this.records.size - this.max)
      for (const o of oldest) await this.remove(o.key)
    }
    return rec
  }

  get (key: string): JoinRequestRecord | undefined {
    return this.records.get(key)
  }

  /** Every record, first seen first. */
  list (): JoinRequestRecord[] {
    return [...this.records.values()].sort((a, b) => a.firstSeenMs - b.firstSeenMs || a.nodeId.localeCompare(b.nodeId))
  }

  async remove (key: string): Promise<void> {
    if (!this.records.delete(key)) return
    await this.table.del(key)
  }

  get size (): number {
    return this.records.size
  }
}
