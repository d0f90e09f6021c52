import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { signatureInputLength, verifyEnvelope, writeSignatureInput, type SignedEnvelope } from '@waggle/protocol'
import type { VerifyAnswer, VerifyBatch } from './verify-worker.js'

/** Envelopes gathered into one batch before it is handed to a worker. */
const BATCH_ITEMS = 256
/** Batches this small, with none waiting, are checked on the calling thread: posting them costs more than checking them. */
const INLINE_MAX_ITEMS = 16
/** A worker with nothing to do for this long ends (each holds a few MB), ms. */
const DEFAULT_IDLE_MS = 5_000
/** Worker threads at most, whatever is asked. */
const MAX_WORKERS = 16

const KEY = 32
const SIG = 64

export interface SignatureCheckerInit {
  /** Worker threads at most; 0 checks everything on the calling thread. Default: one per core, at most 4. */
  workers?: number
  idleMs?: number
}

/** Checks asked for together (one verifyAll call): answered together, with one promise. */
interface Group { results: boolean[], remaining: number, resolve: (results: boolean[]) => void }

/** One envelope to check: its answer goes to `results[index]` of its group. */
interface Pending { signed: SignedEnvelope, group: Group, index: number }

interface Slot {
  worker: Worker
  /** The batch it is checking (or will, once it has started). */
  busy?: { id: number, items: Pending[] }
  idle?: ReturnType<typeof setTimeout>
}

/**
 * Checks envelope signatures in bulk off the main thread. Calls to
 * {@link verify} are gathered into batches; each worker thread takes the
 * next batch when it is done with one, so a worker that starts late or runs
 * slow takes less, while the main thread goes on (reading the next
 * catch-up frame, the rest of a bundle). Workers start on demand and end
 * when idle. The check is the protocol's verifySignature everywhere, so
 * where it runs never changes the answer.
 */
export class SignatureChecker {
  private readonly maxWorkers: number
  private readonly idleMs: number
  private readonly slots: Slot[] = []
  /** Items not yet in a batch. */
  private gathering: Pending[] = []
  /** Batches waiting for a worker. */
  private readonly waiting: Pending[][] = []
  private scheduled = false
  private nextId = 0
  private closed = false

  constructor (init: SignatureCheckerInit = {}) {
    this.maxWorkers = Math.min(MAX_WORKERS, init.workers ?? Math.min(4, availableParallelism()))
    this.idleMs = init.idleMs ?? DEFAULT_IDLE_MS
  }

  /** Whether the envelope's signature verifies. Never rejects. */
  async verify (signed: SignedEnvelope): Promise<boolean> {
    return (await this.verifyAll([signed]))[0]
  }

  /**
   * Whether each envelope's signature verifies, in order: one promise for
   * the lot (catch-up asks about hundreds at once), answered when the last
   * is checked. Never rejects.
   */
  async verifyAll (signed: readonly SignedEnvelope[]): Promise<boolean[]> {
    if (signed.length === 0) return []
    return await new Promise<boolean[]>(resolve => {
      const group: Group = { results: new Array<boolean>(signed.length).fill(false), remaining: signed.length, resolve }
      signed.forEach((s, index) => {
        const { signer, signature } = s.envelope
        if (signer.byteLength !== KEY || signature.byteLength !== SIG) { settle({ signed: s, group, index }, false); return }
        this.gathering.push({ signed: s, group, index })
        if (this.gathering.length >= BATCH_ITEMS) this.seal()
      })
      if (this.gathering.length > 0 && !this.scheduled) {
        this.scheduled = true
        setImmediate(() => { this.scheduled = false; this.seal() })
      }
    })
  }

  /** Worker threads running now. */
  get workers (): number {
    return this.slots.length
  }

  /** Ends the workers; what is still to check is checked on the calling thread, as are later checks. */
  async close (): Promise<void> {
    this.closed = true
    this.seal()
    await Promise.all([...this.slots].map(async s => { await this.retire(s) }))
  }

  /** Closes the batch being gathered and hands batches to free workers. */
  private seal (): void {
    const items = this.gathering
    this.gathering = []
    if (items.length > 0) {
      if (this.closed || this.maxWorkers === 0 || (items.length <= INLINE_MAX_ITEMS && this.waiting.length === 0 && this.slots.every(s => s.busy == null))) {
        checkInline(items)
        return
      }
      this.waiting.push(items)
    }
    this.dispatch()
  }

  /**
   * Hands waiting batches to free workers, starting workers (up to the
   * most) for batches no running one is free to take. A new worker is sent
   * its batch at once: the message waits until the worker runs (it takes
   * tens of ms to start), so no turn of this thread's event loop is lost
   * between the worker coming up and it having work.
   */
  private dispatch (): void {
    if (this.closed) {
      // closing hands the batches of busy workers back: this thread checks them, no worker starts
      for (const items of this.waiting.splice(0)) checkInline(items)
      return
    }
    while (this.waiting.length > 0) {
      const slot = this.slots.find(s => s.busy == null) ?? (this.slots.length < this.maxWorkers ? this.start() : undefined)
      if (slot == null) return
      this.send(slot, this.waiting.shift() as Pending[])
    }
  }

  private send (slot: Slot, items: Pending[]): void {
    const id = this.nextId++
    slot.busy = { id, items }
    clearTimeout(slot.idle)
    const { packed, count } = pack(items)
    slot.worker.postMessage({ id, count, packed } satisfies VerifyBatch, [packed.buffer])
  }

  /** Starts a worker; undefined when there can be none (what waits is then checked on this thread). */
  private start (): Slot | undefined {
    let worker: Worker
    try {
      // a small heap: it holds one batch at a time
      worker = new Worker(new URL('./verify-worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 } })
    } catch {
      // no worker threads here: check on this thread
      for (const items of this.waiting.splice(0)) checkInline(items)
      return undefined
    }
    worker.unref()
    const slot: Slot = { worker }
    this.slots.push(slot)
    worker.on('message', (answer: VerifyAnswer) => {
      const busy = slot.busy
      if (busy == null || busy.id !== answer.id) return
      slot.busy = undefined
      busy.items.forEach((p, i) => { settle(p, answer.results[i] === 1) })
      this.dispatch()
      if (slot.busy == null) {
        slot.idle = setTimeout(() => { void this.retire(slot) }, this.idleMs)
        slot.idle.unref()
      }
    })
    // a worker that fails leaves its batch to the others, or to this thread
    const lost = (): void => { this.drop(slot) }
    worker.on('error', lost)
    worker.on('exit', lost)
    return slot
  }

  private drop (slot: Slot): void {
    const i = this.slots.indexOf(slot)
    if (i < 0) return
    this.slots.splice(i, 1)
    clearTimeout(slot.idle)
    if (slot.busy != null) this.waiting.unshift(slot.busy.items)
    slot.busy = undefined
    if (this.slots.length === 0) {
      for (const items of this.waiting.splice(0)) checkInline(items)
    } else {
      this.dispatch()
    }
  }

  private async retire (slot: Slot): Promise<void> {
    this.drop(slot)
    await slot.worker.terminate().catch(() => {})
  }
}

function checkInline (items: Pending[]): void {
  for (const p of items) settle(p, verifyEnvelope(p.signed))
}

/** Records one answer; the group's promise resolves with its last. */
function settle (p: Pending, ok: boolean): void {
  const group = p.group
  group.results[p.index] = ok
  if (--group.remaining === 0) group.resolve(group.results)
}

/** Packs a batch for a worker (see verify-worker.ts): one buffer, transferred, not copied again. */
function pack (items: Pending[]): { packed: Uint8Array<ArrayBuffer>, count: number } {
  const lengths = items.map(p => signatureInputLength(p.signed.envelope.payloadType, p.signed.envelope.payload))
  const packed = new Uint8Array(lengths.reduce((n, l) => n + 4 + KEY + SIG + l, 0))
  const view = new DataView(packed.buffer)
  let at = 0
  items.forEach((p, i) => {
    const { signer, signature, payloadType, payload } = p.signed.envelope
    view.setUint32(at, lengths[i], true)
    packed.set(signer, at + 4) // lengths checked in verify()
    packed.set(signature, at + 4 + KEY)
    at = writeSignatureInput(packed, at + 4 + KEY + SIG, payloadType, payload)
  })
  return { packed, count: items.length }
}
