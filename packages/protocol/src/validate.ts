import { checkStamp } from './hlc.js'
import { admissible, maxClockOffsetOf, type EverGranted, type FederationState } from './reducer.js'
import type { LogEntry } from './operation.js'

/**
 * What to do with an entry received from a peer, before it enters the log.
 * `reject`: provably bad (the sender should be penalised); `ignore`: not
 * taken now, but no proof of malice (a duplicate, a clock that may be ours
 * at fault).
 */
export type Verdict = { ok: true } | { ok: false, action: 'reject' | 'ignore', reason: string, detail: string }

export interface PrecheckContext {
  /** This node's wall clock, in ms. */
  nowMs: number
  /** True when the log already holds the entry. */
  duplicate?: boolean
  /** Authority granted by other entries of the same batch (see grantsOf). */
  granted?: EverGranted
}

/**
 * Pre-validation of a decoded, signature-verified entry against the newest
 * state: duplicates, the clock bound and authority. The gossip validator
 * maps the verdict to Accept, Reject or Ignore.
 */
export function precheckEntry (entry: LogEntry, state: FederationState, ctx: PrecheckContext): Verdict {
  if (ctx.duplicate === true) return { ok: false, action: 'ignore', reason: 'duplicate', detail: 'already in the log' }
  const clock = checkStamp(entry.stamp, ctx.nowMs, maxClockOffsetOf(state))
  if (!clock.ok) return { ok: false, action: 'ignore', reason: clock.reason, detail: clock.detail }
  const auth = admissible(state, entry, ctx.granted)
  if (!auth.accepted) {
    // A second genesis for our own federation is only a duplicate; a wave that
    // lost a race is still a valid operation every node must record.
    if (auth.reason === 'duplicate-genesis') return { ok: false, action: 'ignore', reason: auth.reason, detail: auth.detail }
    return { ok: false, action: 'reject', reason: auth.reason, detail: auth.detail }
  }
  return { ok: true }
}
