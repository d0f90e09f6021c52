import { DEFAULT_CHUNK_SIZE } from '@waggle/protocol'

/** Time for a limiter: the real one in a daemon, a fake one in tests. */
export interface LimiterClock {
  /** Milliseconds on a clock that never goes back. */
  now: () => number
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** Caps the rate at which bytes pass one point (a node's uploads, or its downloads). */
export interface RateLimiter {
  /** Bytes per second; 0 when unlimited. */
  readonly bytesPerSecond: number
  /**
   * Resolves when `bytes` more may pass. Callers are served in the order
   * they call, each waiting behind the bytes the earlier ones took.
   *
   * @throws the signal's reason when it aborts while waiting (the bytes are then given back when no later caller waits behind them)
   */
  take: (bytes: number, signal?: AbortSignal) => Promise<void>
}

export interface RateLimiterInit {
  /** KiB per second; 0 or absent: unlimited. */
  kibps?: number
  /** Bytes that may pass at once after an idle spell; one chunk by default. */
  burstBytes?: number
  clock?: LimiterClock
}

/** Bytes allowed at once after an idle spell: a chunk, so an idle node sends one chunk without waiting. */
const DEFAULT_BURST_BYTES = DEFAULT_CHUNK_SIZE

/** The process's monotonic clock and timers. */
export const systemClock: LimiterClock = {
  now: () => performance.now(),
  sleep: async (ms, signal) => {
    await new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) { reject(signal.reason); return }
      const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve() }, ms)
      function onAbort (): void { clearTimeout(timer); reject(signal?.reason) }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}

/**
 * A token bucket, kept as the time at which the bucket would be full again
 * (the generic cell rate algorithm): a caller taking `n` bytes may go once
 * that time, less the burst allowance, has come, and pushes it on by the
 * time `n` bytes take at the rate. Over any interval of `t` seconds the
 * bytes let through are at most `rate × t + burst + the largest single take`,
 * whatever the sizes, the arrival order or the number of callers.
 */
class TokenBucket implements RateLimiter {
  readonly bytesPerSecond: number
  private readonly msPerByte: number
  private readonly burstMs: number
  private readonly clock: LimiterClock
  /** When the bucket would be full again; at or before now when it is full. */
  private fullAtMs = -Infinity

  constructor (bytesPerSecond: number, burstBytes: number, clock: LimiterClock) {
    this.bytesPerSecond = bytesPerSecond
    this.msPerByte = 1000 / bytesPerSecond
    this.burstMs = burstBytes * this.msPerByte
    this.clock = clock
  }

  async take (bytes: number, signal?: AbortSignal): Promise<void> {
    if (bytes <= 0) return
    const now = this.clock.now()
    const start = Math.max(this.fullAtMs, now)
    const waitMs = start - this.burstMs - now
    const end = start + bytes * this.msPerByte
    this.fullAtMs = end
    if (waitMs <= 0) return
    try {
      await this.clock.sleep(waitMs, signal)
    } catch (err) {
      // nothing was sent: give the time back, unless a later caller already counts on it
      if (this.fullAtMs === end) this.fullAtMs = start
      throw err
    }
  }
}

/** A limiter that never waits. */
class Unlimited implements RateLimiter {
  readonly bytesPerSecond = 0
  async take (): Promise<void> {}
}

/**
 * A rate limiter: `kibps` KiB/s with a token bucket, or none when `kibps`
 * is 0 or absent.
 *
 * @example
 * ```ts
 * const upload = rateLimiter({ kibps: 10240 })
 * await upload.take(chunk.byteLength, signal) // then write the chunk
 * ```
 */
export function rateLimiter (init: RateLimiterInit = {}): RateLimiter {
  const kibps = init.kibps ?? 0
  if (!Number.isFinite(kibps) || kibps < 0) throw new RangeError(`a rate limit is a number of KiB/s, 0 for none; got ${kibps}`)
  if (kibps === 0) return new Unlimited()
  return new TokenBucket(kibps * 1024, init.burstBytes ?? DEFAULT_BURST_BYTES, init.clock ?? systemClock)
}
