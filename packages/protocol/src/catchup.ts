import { CATCHUP_MAX_BUCKETS, CATCHUP_MIN_BUCKET_ENTRIES, ENTRY_KEY_BYTES, ID_BYTES } from './constants.js'
import { compareBytes, equalBytes, xorInto } from './bytes.js'
import { fail, type Result } from './errors.js'
import { lowerBound } from './log.js'
import type { Bucket } from './messages.js'
import type { LogEntry } from './operation.js'

export type { Bucket } from './messages.js'

function fingerprint (entries: readonly LogEntry[], from: number, to: number): Uint8Array<ArrayBuffer> {
  const fp = new Uint8Array(ID_BYTES)
  for (let i = from; i < to; i++) xorInto(fp, entries[i].id)
  return fp
}

/**
 * Cuts an ordered log into at most CATCHUP_MAX_BUCKETS consecutive buckets,
 * each summarised by its first key, its count and the XOR of its ids. A
 * peer compares the summary with its own log and sends back only the
 * buckets that differ and whatever lies after the last one, so a node that
 * is nearly up to date receives nearly nothing.
 */
export function summarize (entries: readonly LogEntry[]): Bucket[] {
  const size = Math.max(CATCHUP_MIN_BUCKET_ENTRIES, Math.ceil(entries.length / CATCHUP_MAX_BUCKETS))
  const buckets: Bucket[] = []
  for (let i = 0; i < entries.length; i += size) {
    const end = Math.min(entries.length, i + size)
    buckets.push({ start: entries[i].key, count: end - i, fingerprint: fingerprint(entries, i, end) })
  }
  return buckets
}

/**
 * The entries of `entries` that a peer with this summary may lack: every
 * entry before the first bucket, every entry of a bucket whose count or
 * fingerprint differs, and every entry after the last bucket's range
 * whenever that range differs (the last bucket is open-ended).
 */
export function entriesMissingFrom (entries: readonly LogEntry[], buckets: readonly Bucket[]): Result<LogEntry[], 'bad-summary'> {
  if (buckets.length > CATCHUP_MAX_BUCKETS) return fail('bad-summary', `summary has ${buckets.length} buckets, limit ${CATCHUP_MAX_BUCKETS}`)
  for (let k = 0; k < buckets.length; k++) {
    const b = buckets[k]
    if (b.start.byteLength !== ENTRY_KEY_BYTES || b.fingerprint.byteLength !== ID_BYTES) return fail('bad-summary', `bucket ${k} is malformed`)
    if (k > 0 && compareBytes(buckets[k - 1].start, b.start) >= 0) return fail('bad-summary', `bucket ${k} is out of order`)
  }
  if (buckets.length === 0) return { ok: true, value: entries.slice() }
  const out: LogEntry[] = []
  let from = 0
  const first = lowerBound(entries, buckets[0].start)
  for (let i = 0; i < first; i++) out.push(entries[i])
  from = first
  for (let k = 0; k < buckets.length; k++) {
    const to = k + 1 < buckets.length ? lowerBound(entries, buckets[k + 1].start) : entries.length
    const b = buckets[k]
    if (to - from !== b.count || !equalBytes(fingerprint(entries, from, to), b.fingerprint)) {
      for (let i = from; i < to; i++) out.push(entries[i])
    }
    from = to
  }
  return { ok: true, value: out }
}
