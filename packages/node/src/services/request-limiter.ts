/** Why a request was dropped: its source's bucket was empty, or everyone's was. */
export type LimitReason = 'per-source' | 'global'

/** Takes or drops requests, at once: it never waits. */
export interface RequestLimiter {
  /** Takes one request from `source` (a remote IP); false, and why, when it must be dropped. */
  take: (source: string) => { ok: true } | { ok: false, reason: LimitReason }
  /** Sources with a bucket that is not full (for tests and bounds). */
  readonly tracked: number
}

export interface RequestLimiterInit {
  /** Requests per minute from one source; 0: no limit. The bucket holds as many, so a minute's worth may come at once. */
  perSourcePerMinute: number
  /** Requests per minute from all sources together; 0: no limit. */
  perMinute: number
  /** Most sources tracked at once; past it the least recently seen are forgotten (as if their buckets were full). */
  maxSources?: number
  /** A clock in ms that never goes back; performance.now by default. */
  now?: () => number
}

/** Default bound on tracked sources: 4,096 buckets are ~0.5 MiB. */
const DEFAULT_MAX_SOURCES = 4096

/** A bucket: tokens as of `atMs`; it refills continuously to its capacity. */
interface Bucket { tokens: number, atMs: number }

class TokenBuckets implements RequestLimiter {
  private readonly perSource: number
  private readonly global: number
  private readonly maxSources: number
  private readonly now: () => number
  private readonly sources = new Map<string, Bucket>()
  private readonly all: Bucket

  constructor (init: RequestLimiterInit) {
    this.perSource = init.perSourcePerMinute
    this.global = init.perMinute
    this.maxSources = init.maxSources ?? DEFAULT_MAX_SOURCES
    this.now = init.now ?? (() => performance.now())
    this.all = { tokens: this.global, atMs: this.now() }
  }

  get tracked (): number {
    return this.sources.size
  }

  take (source: string): { ok: true } | { ok: false, reason: LimitReason } {
    const now = this.now()
    let mine: Bucket | undefined
    if (this.perSource > 0) {
      mine = this.sources.get(source) ?? { tokens: this.perSource, atMs: now }
      refill(mine, this.perSource, now)
      // most recently seen last: the first in the map is the one to forget
      this.sources.delete(source)
      this.sources.set(source, mine)
    }
    const verdict = this.judge(mine, now)
    this.bound(source)
    return verdict
  }

  private judge (mine: Bucket | undefined, now: number): { ok: true } | { ok: false, reason: LimitReason } {
    if (mine != null && mine.tokens < 1) return { ok: false, reason: 'per-source' }
    if (this.global > 0) {
      refill(this.all, this.global, now)
      if (this.all.tokens < 1) return { ok: false, reason: 'global' }
      this.all.tokens -= 1
    }
    if (mine != null) mine.tokens -= 1
    return { ok: true }
  }

  /** Forgets sources past the bound, never the one just seen. */
  private bound (current: string): void {
    if (this.sources.size <= this.maxSources) return
    // a full bucket is the same as none
    for (const [k, b] of this.sources) if (k !== current && b.tokens >= this.perSource) this.sources.delete(k)
    for (const k of this.sources.keys()) {
      if (this.sources.size <= this.maxSources) break
      if (k !== current) this.sources.delete(k)
    }
  }
}

function refill (b: Bucket, perMinute: number, now: number): void {
  if (now > b.atMs) b.tokens = Math.min(perMinute, b.tokens + (now - b.atMs) * perMinute / 60_000)
  b.atMs = Math.max(b.atMs, now)
}

/**
 * Token buckets for requests that cost the server work (join requests): one
 * per source, one for everyone. A request is taken only when both have a
 * token; otherwise it is dropped at once, so over any `t` minutes at most
 * `perSourcePerMinute × (t + 1)` requests from one source, and
 * `perMinute × (t + 1)` in all, get through.
 *
 * @example
 * ```ts
 * const limiter = requestLimiter({ perSourcePerMinute: 60, perMinute: 600 })
 * if (!limiter.take(ip).ok) stream.abort(new Error('too many requests'))
 * ```
 */
export function requestLimiter (init: RequestLimiterInit): RequestLimiter {
  for (const [k, v] of [['perSourcePerMinute', init.perSourcePerMinute], ['perMinute', init.perMinute]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${k} must be a number of requests per minute, 0 for no limit; got ${v}`)
  }
  return new TokenBuckets(init)
}
