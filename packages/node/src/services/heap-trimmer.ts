import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { ComponentLogger } from '../logger.js'

/** How often the trimmer looks at the workloads, ms. */
const CHECK_MS = 1_000
/** Quiet this long (no workload moved) before a trim, ms. */
const DEFAULT_QUIET_MS = 2_000

/** Something that allocates in bursts, as a running total (entries added, bytes moved). */
export interface Workload {
  name: string
  total: () => number
  /** A trim follows once the total has grown this much since the last one. */
  threshold: number
}

export interface HeapTrimmerComponents {
  log: ComponentLogger
  /** A full, compacting collection; default: V8's last-resort collection (see {@link lastResortCollector}). */
  collect?: () => void
  /**
   * Whether something holds memory that a collection cannot free yet: the
   * daemon is not quiet while it does. (Signature workers: once they end,
   * their messages and buffers become garbage, and a trim after that gives
   * back ~14 MB more after a catch-up.)
   */
  busy?: () => boolean
}

export interface HeapTrimmerInit {
  quietMs?: number
  checkMs?: number
}

/**
 * Gives memory back after a burst. A daemon is mostly idle, with bursts:
 * start-up, a catch-up of thousands of operations, a bundle import, a wave
 * of content. During a burst V8 grows the heap and promotes short-lived
 * objects; afterwards the live data is small but spread over pages V8
 * keeps. V8's own memory reducer does not help here: it waits while the
 * allocation rate it last measured (the burst's) is high, and with no
 * collection to measure again it keeps waiting. So once a burst is over
 * (the daemon has been quiet for `quietMs`), the trimmer runs one full
 * compacting collection, which returns the free pages to the system.
 * Measured with `scripts/bench memory` (with the daemon's leaner log
 * entries): an idle daemon 118–123 → ~97 MB resident, and ~195 → ~135 MB
 * after catching up on 10,000 operations.
 * The collection stops the main thread once, for 50–250 ms.
 */
export class HeapTrimmer {
  private readonly quietMs: number
  private readonly checkMs: number
  private readonly collect: (() => void) | undefined
  private readonly workloads: Array<Workload & { last: number, trimmedAt: number }> = []
  private timer?: ReturnType<typeof setInterval>
  private quietSinceMs = 0
  /** A trim is owed regardless of the workloads (start-up). */
  private owed = true
  /** Trims done. */
  trims = 0

  constructor (private readonly c: HeapTrimmerComponents, init: HeapTrimmerInit = {}) {
    this.quietMs = init.quietMs ?? DEFAULT_QUIET_MS
    this.checkMs = init.checkMs ?? CHECK_MS
    this.collect = c.collect ?? lastResortCollector()
  }

  /** Watches a workload; its total at this point counts as new work (what start-up loaded). */
  watch (w: Workload): void {
    this.workloads.push({ ...w, last: -1, trimmedAt: 0 })
  }

  /** Starts watching: the first trim comes once start-up is over and quiet. */
  start (): void {
    if (this.collect == null) {
      this.c.log('no full collection available here: memory is left to V8')
      return
    }
    this.quietSinceMs = Date.now()
    this.timer = setInterval(() => { this.check() }, this.checkMs)
    this.timer.unref()
  }

  stop (): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  /** One look at the workloads: trims when work is owed and nothing moved for quietMs. */
  check (nowMs = Date.now()): boolean {
    let moved = false
    for (const w of this.workloads) {
      const total = w.total()
      if (total !== w.last) moved = true
      w.last = total
    }
    if (moved || this.c.busy?.() === true) this.quietSinceMs = nowMs
    if (nowMs - this.quietSinceMs < this.quietMs) return false
    const owed = this.owed || this.workloads.some(w => w.last - w.trimmedAt >= w.threshold)
    if (!owed) return false
    this.trim()
    return true
  }

  private trim (): void {
    if (this.collect == null) return
    this.owed = false
    for (const w of this.workloads) w.trimmedAt = w.last
    const before = process.memoryUsage.rss()
    const t = performance.now()
    try {
      this.collect()
    } catch (err: any) {
      this.c.log.warn('heap trim failed', { err: String(err?.message ?? err) })
      return
    }
    this.trims++
    this.c.log.trace('heap trimmed', { ms: Math.round(performance.now() - t), rssBeforeMiB: mib(before), rssAfterMiB: mib(process.memoryUsage.rss()) })
  }
}

function mib (n: number): number {
  return Math.round(n / 1024 / 1024 * 10) / 10
}

/**
 * V8's last-resort collection (full, compacting, returning pooled pages),
 * as Node's `gc` offers it; undefined when this runtime has none. The `gc`
 * function is exposed at run time when the process did not start with
 * --expose-gc (the way Jest's leak detector gets it), so the daemon's
 * command line does not matter.
 */
export function lastResortCollector (): (() => void) | undefined {
  collector ??= { collect: exposeCollector() }
  return collector.collect
}

/** The process's collector, made once (exposing gc sets a V8 flag for the whole process and makes a context). */
let collector: { collect: (() => void) | undefined } | undefined

function exposeCollector (): (() => void) | undefined {
  try {
    let gc = globalThis.gc
    if (typeof gc !== 'function') {
      setFlagsFromString('--expose-gc')
      gc = runInNewContext('gc') as typeof globalThis.gc
    }
    if (typeof gc !== 'function') return undefined
    const collect = gc
    return () => { void collect({ type: 'major', execution: 'sync', flavor: 'last-resort' }) }
  } catch {
    return undefined
  }
}
