import { DEFAULT_MAX_CLOCK_OFFSET_MS, HLC_MAX_COUNTER } from './constants.js'
import { ClockSkewError, fail, type Result } from './errors.js'

/** A hybrid logical clock stamp: wall time in ms and a logical counter. */
export interface Stamp {
  readonly wallMs: number
  readonly counter: number
}

/** Compares stamps: negative, zero or positive. */
export function compareStamps (a: Stamp, b: Stamp): number {
  return a.wallMs !== b.wallMs ? a.wallMs - b.wallMs : a.counter - b.counter
}

/**
 * Checks that a stamp is no further ahead of `nowMs` than `maxOffsetMs`.
 * A stamp from the far future would otherwise drag every clock it touches
 * forward and freeze the order behind it.
 */
export function checkStamp (stamp: Stamp, nowMs: number, maxOffsetMs: number): Result<Stamp, 'clock-skew'> {
  const aheadMs = stamp.wallMs - nowMs
  if (aheadMs > maxOffsetMs) return fail('clock-skew', new ClockSkewError(aheadMs).message)
  return { ok: true, value: stamp }
}

export interface HybridLogicalClockInit {
  /** The wall clock, in ms; Date.now by default. */
  now?: () => number
  /** How far ahead a remote stamp may be; DEFAULT_MAX_CLOCK_OFFSET_MS by default. */
  maxOffsetMs?: number
  /** The last stamp issued or seen, e.g. the newest in a restarted node's log. */
  last?: Stamp
}

/**
 * A hybrid logical clock (Kulkarni et al., 2014): stamps follow the wall
 * clock when it moves forward, never go backwards when it steps back, and
 * always sort after every stamp this node has seen.
 */
export class HybridLogicalClock {
  private readonly wall: () => number
  readonly maxOffsetMs: number
  private last: Stamp

  constructor (init: HybridLogicalClockInit = {}) {
    this.wall = init.now ?? Date.now
    this.maxOffsetMs = init.maxOffsetMs ?? DEFAULT_MAX_CLOCK_OFFSET_MS
    this.last = init.last ?? { wallMs: 0, counter: 0 }
  }

  /** The last stamp issued or merged. */
  peek (): Stamp {
    return this.last
  }

  /** A new stamp for a local event, later than every stamp before it. */
  now (): Stamp {
    const pt = this.wall()
    this.last = pt > this.last.wallMs
      ? { wallMs: pt, counter: 0 }
      : bump(this.last.wallMs, this.last.counter)
    return this.last
  }

  /**
   * Merges a remote stamp so that later local stamps sort after it. A stamp
   * more than maxOffsetMs ahead of the wall clock is refused and leaves the
   * clock untouched.
   */
  update (remote: Stamp): Result<Stamp, 'clock-skew'> {
    const pt = this.wall()
    const checked = checkStamp(remote, pt, this.maxOffsetMs)
    if (!checked.ok) return checked
    const last = this.last
    const wallMs = Math.max(pt, last.wallMs, remote.wallMs)
    let next: Stamp
    if (wallMs === last.wallMs && wallMs === remote.wallMs) next = bump(wallMs, Math.max(last.counter, remote.counter))
    else if (wallMs === last.wallMs) next = bump(wallMs, last.counter)
    else if (wallMs === remote.wallMs) next = bump(wallMs, remote.counter)
    else next = { wallMs, counter: 0 }
    this.last = next
    return { ok: true, value: next }
  }
}

// The counter's successor; at its limit the logical time moves 1 ms ahead
// instead of wrapping, so order is kept.
function bump (wallMs: number, counter: number): Stamp {
  return counter >= HLC_MAX_COUNTER ? { wallMs: wallMs + 1, counter: 0 } : { wallMs, counter: counter + 1 }
}
