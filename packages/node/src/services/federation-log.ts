import { TypedEventEmitter } from '@libp2p/interface'
import {
  createEntry, decodeEntry, HybridLogicalClock, maxClockOffsetOf, OrderedLog, precheckEntry, verifyEnvelope, type OperationInput,
  grantsOf, type SignedEnvelope, type EverGranted, type FederationState, type Identity, type LogEntry, type Stamp, type Verdict
} from '@waggle/protocol'
import type { SignatureChecker } from './signature-checker.js'
import type { LogStore } from '../storage/log-store.js'
import type { ComponentLogger } from '../logger.js'

/** Where an entry came from. */
export type EntrySource = 'local' | 'gossip' | 'catchup' | 'genesis' | 'bundle'

/** Entries that entered the log together (one event per ingest: catch-up adds hundreds at once), in log order. */
export interface EntriesEvent { entries: readonly LogEntry[], receivedAtMs: number, source: EntrySource }

export interface FederationLogEvents {
  entries: CustomEvent<EntriesEvent>
}

export interface FederationLogComponents {
  identity: Identity
  store: LogStore
  genesis: LogEntry
  /** Root approvals of the genesis, from the genesis file. */
  genesisApprovals?: readonly LogEntry[]
  federationId: Uint8Array
  log: ComponentLogger
  /** The wall clock; Date.now by default. */
  now?: () => number
  /** Checks batches of signatures off the main thread; without it, they are checked inline. */
  checker?: SignatureChecker
}

/** The verdict on bytes a peer sent: the entry to take, or why not. */
export type Admission = { ok: true, entry: LogEntry } | { ok: false, action: 'reject' | 'ignore', reason: string, detail: string }

/**
 * The federation's log on this node: the ordered entries and their state
 * (in memory), the level store behind them, the hybrid logical clock, and
 * the admission rules every received operation passes. Counts what it
 * drops, by source and reason, so an operator can see garbage arriving.
 */
export class FederationLog extends TypedEventEmitter<FederationLogEvents> {
  readonly federationId: Uint8Array
  private readonly ordered: OrderedLog
  private readonly received = new Map<string, number>()
  private readonly clock: HybridLogicalClock
  private readonly components: FederationLogComponents
  private readonly wall: () => number
  /** Dropped inputs: "<source>.<reason>" → count. */
  readonly dropped = new Map<string, number>()

  constructor (components: FederationLogComponents) {
    super()
    this.components = components
    this.federationId = components.federationId
    this.wall = components.now ?? Date.now
    this.ordered = new OrderedLog(components.federationId)
    this.clock = new HybridLogicalClock({ now: this.wall })
  }

  /** Loads the stored log; stores the genesis when the store is new. */
  async start (): Promise<void> {
    const stored = await this.components.store.loadAll()
    this.ordered.insertMany(stored.map(s => s.entry))
    for (const s of stored) this.received.set(s.entry.idHex, s.receivedAtMs)
    const founding = [this.components.genesis, ...(this.components.genesisApprovals ?? [])].filter(e => !this.ordered.has(e.idHex))
    if (founding.length > 0) await this.ingest(founding, 'genesis')
    const last = this.ordered.last()
    if (last != null) this.clock.update(last.stamp)
    this.components.log('log loaded', { entries: this.ordered.size })
  }

  get state (): FederationState {
    return this.ordered.state
  }

  get entries (): readonly LogEntry[] {
    return this.ordered.entries
  }

  get size (): number {
    return this.ordered.size
  }

  has (idHex: string): boolean {
    return this.ordered.has(idHex)
  }

  /** The entry with this id (hex), if the log holds it. */
  get (idHex: string): LogEntry | undefined {
    return this.ordered.get(idHex)
  }

  outcomeOf (idHex: string): ReturnType<OrderedLog['outcomeOf']> {
    return this.ordered.outcomeOf(idHex)
  }

  /** When this node first stored the entry, by its own clock. */
  receivedAt (idHex: string): number | undefined {
    return this.received.get(idHex)
  }

  /** The clock's newest stamp. */
  lastStamp (): Stamp {
    return this.clock.peek()
  }

  /** Counts a dropped input. */
  drop (source: string, reason: string): void {
    const key = `${source}.${reason}`
    this.dropped.set(key, (this.dropped.get(key) ?? 0) + 1)
  }

  /**
   * Pre-validation of bytes a peer sent: decode (with limits), signature,
   * duplicate, clock bound, federation and authority. Synchronous: the
   * gossip validator calls it once per message.
   */
  admit (bytes: Uint8Array, source: EntrySource): Admission {
    const decoded = decodeEntry(bytes)
    if (!decoded.ok) return this.refuse(source, 'reject', decoded.reason, decoded.detail)
    if (this.ordered.has(decoded.value.idHex)) return { ok: false, action: 'ignore', reason: 'duplicate', detail: 'already in the log' }
    if (!verifyEnvelope(decoded.value.signed)) return this.refuse(source, 'reject', 'bad-signature', 'the signature does not verify')
    return this.precheck(decoded.value, source)
  }

  /**
   * Admits a batch of entries, verifying their signatures in parallel on the
   * checker's worker threads (catch-up receives thousands at once). `verified`, when
   * given, holds checks already started (as a bundle was read) of exactly
   * these entries' envelope bytes, one per entry in the same order.
   */
  async admitMany (entries: readonly LogEntry[], source: EntrySource, verified?: ReadonlyArray<Promise<boolean>>): Promise<Admission[]> {
    if (verified != null && verified.length !== entries.length) throw new RangeError(`${verified.length} signature checks for ${entries.length} entries`)
    const fresh = entries.map(e => !this.ordered.has(e.idHex))
    const valid = verified != null
      ? await Promise.all(entries.map(async (e, i) => fresh[i] ? await verified[i] : true))
      : await this.checkSignatures(entries.map((e, i) => fresh[i] ? e.signed : undefined))
    // an entry may owe its authority to another of the batch (a queen's grant, then her wave): admit
    // in rounds, each counting what the entries admitted so far may grant, until nothing more passes
    const verdicts: Array<Verdict | undefined> = entries.map(() => undefined)
    const granted: EverGranted = { queens: new Set(), admins: new Set(), members: new Set(), standbys: new Set() }
    for (let changed = true; changed;) {
      changed = false
      entries.forEach((e, i) => {
        if (!fresh[i] || !valid[i] || verdicts[i]?.ok === true) return
        const v = this.verdict(e, granted)
        verdicts[i] = v
        if (v.ok) { grantsOf(e, granted); changed = true }
      })
    }
    return entries.map((e, i): Admission => {
      if (!fresh[i]) return { ok: false, action: 'ignore', reason: 'duplicate', detail: 'already in the log' }
      if (!valid[i]) return this.refuse(source, 'reject', 'bad-signature', 'the signature does not verify')
      const v = verdicts[i] as Verdict
      return v.ok ? { ok: true, entry: e } : this.refuse(source, v.action, v.reason, v.detail)
    })
  }

  /** Whether an envelope's signature verifies, checked off the main thread when there is a checker. */
  async checkSignature (signed: SignedEnvelope): Promise<boolean> {
    return this.components.checker != null ? await this.components.checker.verify(signed) : verifyEnvelope(signed)
  }

  /** The same for many envelopes at once, in order; an undefined one (not to be checked) counts as verified. */
  private async checkSignatures (signed: ReadonlyArray<SignedEnvelope | undefined>): Promise<boolean[]> {
    const asked = signed.filter(s => s != null)
    const checker = this.components.checker
    const answers = checker != null ? await checker.verifyAll(asked) : asked.map(s => verifyEnvelope(s))
    let next = 0
    return signed.map(s => s == null || answers[next++])
  }

  private precheck (entry: LogEntry, source: EntrySource): Admission {
    const v = this.verdict(entry)
    return v.ok ? { ok: true, entry } : this.refuse(source, v.action, v.reason, v.detail)
  }

  /** Whether an entry may enter the log: not void under a root's revocation, and the checks of precheckEntry. */
  private verdict (entry: LogEntry, granted?: EverGranted): Verdict {
    const voided = this.ordered.voided(entry)
    if (voided != null && !voided.accepted) return { ok: false, action: 'reject', reason: voided.reason, detail: voided.detail }
    return precheckEntry(entry, this.ordered.state, { nowMs: this.wall(), granted })
  }

  private refuse (source: EntrySource, action: 'reject' | 'ignore', reason: string, detail: string): Admission {
    this.drop(source, reason)
    this.components.log.trace('dropped', { source, reason, detail })
    return { ok: false, action, reason, detail }
  }

  /**
   * Adds admitted entries: into the ordered log (late ones at their place),
   * the clock, and the store in one batch. Returns the entries that were new.
   */
  async ingest (entries: readonly LogEntry[], source: EntrySource): Promise<LogEntry[]> {
    const added = this.ordered.insertMany(entries)
    if (added.length === 0) return added
    const now = this.wall()
    for (const e of added) {
      this.received.set(e.idHex, now)
      if (source !== 'local' && source !== 'genesis') this.clock.update(e.stamp)
    }
    await this.components.store.put(added, now)
    // an operation the reducer refused is kept (every node records the same refusals) and said so in the log
    for (const e of added) {
      const refused = this.ordered.state.refused.get(e.idHex)
      if (refused != null) this.components.log.warn('operation refused', { id: e.idHex.slice(0, 16), type: e.body.type, author: e.author, reason: refused.reason, detail: refused.detail, source })
    }
    this.safeDispatch({ entries: added, receivedAtMs: now, source })
    return added
  }

  private safeDispatch (detail: EntriesEvent): void {
    try {
      this.dispatchEvent(new CustomEvent('entries', { detail }))
    } catch (err: any) {
      this.components.log.error('entries listener failed', { err: String(err?.message ?? err) })
    }
  }

  /** Signs a new operation by this node, stamps it now, and adds it to the log. */
  async append (body: OperationInput): Promise<LogEntry> {
    const entry = createEntry(this.components.identity, this.federationId, this.clock.now(), body)
    await this.ingest([entry], 'local')
    return entry
  }

  /** The clock bound in force. */
  get maxClockOffsetMs (): number {
    return maxClockOffsetOf(this.ordered.state)
  }
}
