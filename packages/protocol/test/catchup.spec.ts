import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  CATCHUP_MAX_BUCKETS, CATCHUP_MIN_BUCKET_ENTRIES, CatchupRequest, createGenesis, ENTRY_KEY_BYTES, entriesMissingFrom,
  ID_BYTES, lowerBound, ORDER_KEY_BYTES, OrderedLog, PROTOCOL_VERSION, summarize, type Bucket, type LogEntry
} from '../src/index.js'
import { canonicalState, digest, identity, idsOf, sortedUnique, wave } from './fixtures.js'

const queen = identity('catchup-queen')
const queen2 = identity('catchup-queen-2')
const { entry: genesis, federationId } = createGenesis(queen, {
  name: 'catchup',
  queens: [queen.publicKey, queen2.publicKey],
  stamp: { wallMs: 1_000, counter: 0 },
  nonce: digest('catchup-federation').subarray(0, 16)
})

// Enough entries for several buckets (CATCHUP_MIN_BUCKET_ENTRIES each);
// two signers share stamps, so ties are broken by key as in production.
const POOL_SIZE = 900
const pool: LogEntry[] = [genesis]
for (let i = 1; i < POOL_SIZE; i++) {
  pool.push(wave(i % 2 === 0 ? queen : queen2, federationId, { wallMs: 1_000 + Math.ceil(i / 4), counter: (i >> 1) % 2 }, { channel: `c${i % 7}`, version: i }))
}
const full = sortedUnique(pool)

function missing (ours: readonly LogEntry[], theirs: readonly LogEntry[]): LogEntry[] {
  const result = entriesMissingFrom(ours, summarize(theirs))
  assert.ok(result.ok, result.ok ? '' : result.detail)
  return result.value
}

function logOf (entries: readonly LogEntry[]): OrderedLog {
  const log = new OrderedLog(federationId, { checkpointInterval: 64 })
  log.insertMany(entries)
  return log
}

function without (entries: readonly LogEntry[], ...indexes: number[]): LogEntry[] {
  return entries.filter((_, i) => !indexes.includes(i))
}

describe('catchup', () => {
  describe('summarize', () => {
    it('summarises an empty log as no buckets', () => {
      assert.deepEqual(summarize([]), [])
    })

    it('cuts a log into consecutive buckets of CATCHUP_MIN_BUCKET_ENTRIES, each keyed by its first entry', () => {
      const buckets = summarize(full)
      assert.equal(buckets.length, Math.ceil(full.length / CATCHUP_MIN_BUCKET_ENTRIES))
      buckets.forEach((b, k) => {
        assert.deepEqual(b.start, full[k * CATCHUP_MIN_BUCKET_ENTRIES].key)
        assert.equal(b.start.byteLength, ENTRY_KEY_BYTES)
        assert.equal(b.fingerprint.byteLength, ID_BYTES)
      })
      assert.equal(buckets.reduce((n, b) => n + b.count, 0), full.length)
    })

    it('gives the same summary for the same entries', () => {
      assert.deepEqual(summarize(logOf([...full].reverse()).entries), summarize(full))
    })

    it('survives the CatchupRequest codec', () => {
      const buckets = summarize(full.slice(0, 600))
      const request = CatchupRequest.decode(CatchupRequest.encode({ version: PROTOCOL_VERSION, federation: new Uint8Array(federationId), buckets }), {
        limits: { buckets: CATCHUP_MAX_BUCKETS }
      })
      assert.deepEqual(idsOf(missing(full, full.slice(0, 600))), idsOf(unwrap(entriesMissingFrom(full, request.buckets))))
      assert.deepEqual(unwrap(entriesMissingFrom(full.slice(0, 600), request.buckets)), [])
    })
  })

  describe('entriesMissingFrom', () => {
    it('sends everything to a peer with an empty log', () => {
      assert.deepEqual(idsOf(missing(full, [])), idsOf(full))
      assert.deepEqual(idsOf(unwrap(entriesMissingFrom(full.slice(0, 5), []))), idsOf(full.slice(0, 5)))
    })

    it('sends nothing to a peer with the same log', () => {
      assert.deepEqual(missing(full, full), [])
      assert.deepEqual(missing(full.slice(0, 10), full.slice(0, 10)), [])
    })

    it('sends nothing from an empty log', () => {
      assert.deepEqual(missing([], full), [])
    })

    it('sends a peer missing the tail exactly its last bucket\'s range onwards', () => {
      for (const has of [899, 800, 768, 700, 300, 1]) {
        const peer = full.slice(0, has)
        const last = summarize(peer).at(-1) as Bucket
        const from = lowerBound(full, last.start)
        assert.equal(from, Math.floor((has - 1) / CATCHUP_MIN_BUCKET_ENTRIES) * CATCHUP_MIN_BUCKET_ENTRIES)
        assert.deepEqual(idsOf(missing(full, peer)), idsOf(full.slice(from)), `peer has ${has}`)
      }
    })

    it('sends a peer missing the head exactly the entries before its first bucket', () => {
      const peer = full.slice(10)
      assert.deepEqual(idsOf(missing(full, peer)), idsOf(full.slice(0, 10)))
    })

    it('sends a peer missing one entry in the middle only the bucket that holds it', () => {
      for (const gap of [1, 255, 256, 400, 511, 600]) {
        const peer = without(full, gap)
        const sent = missing(full, peer)
        assert.ok(idsOf(sent).includes(full[gap].idHex), `gap at ${gap}`)
        // peer bucket k holds peer[256k, 256(k+1)), which is full[...] with the gap in one of them
        const k = Math.floor((gap - 1) / CATCHUP_MIN_BUCKET_ENTRIES)
        const buckets = summarize(peer)
        const from = lowerBound(full, buckets[k].start)
        const to = k + 1 < buckets.length ? lowerBound(full, buckets[k + 1].start) : full.length
        assert.ok(from <= gap && gap < to)
        assert.deepEqual(idsOf(sent), idsOf(full.slice(from, to)), `gap at ${gap}`)
        assert.ok(sent.length <= CATCHUP_MIN_BUCKET_ENTRIES + 1)
      }
    })

    it('resends a bucket whose count differs even when its fingerprint matches', () => {
      // XOR fingerprints can cancel out (ids a, b, c with a^b^c = 0); the count still tells
      const buckets = summarize(full)
      const forged = buckets.map((b, k) => k === 1 ? { ...b, count: b.count + 2 } : b)
      assert.deepEqual(idsOf(unwrap(entriesMissingFrom(full, forged))), idsOf(full.slice(CATCHUP_MIN_BUCKET_ENTRIES, 2 * CATCHUP_MIN_BUCKET_ENTRIES)))
    })

    it('brings a lagging log level with the other: same order and same state', () => {
      const lagging = logOf(without(full, 3, 300, 301, 650).slice(0, 820))
      const sent = missing(full, lagging.entries)
      lagging.insertMany(sent)
      const complete = logOf(full)
      assert.deepEqual(idsOf(lagging.entries), idsOf(complete.entries))
      assert.equal(canonicalState(lagging.state), canonicalState(complete.state))
    })
  })

  describe('malformed summaries', () => {
    const buckets = summarize(full)

    function assertBad (summary: Bucket[], what: string): void {
      const result = entriesMissingFrom(full, summary)
      assert.equal(result.ok, false, what)
      assert.equal(result.ok ? undefined : result.reason, 'bad-summary', what)
    }

    it('refuses buckets out of order with bad-summary', () => {
      assertBad([buckets[1], buckets[0], ...buckets.slice(2)], 'swapped buckets')
      assertBad([buckets[0], buckets[0]], 'repeated bucket')
    })

    it('refuses a bucket start or fingerprint of the wrong length with bad-summary', () => {
      // a 44-byte order key is not enough: a bucket starts at a full entry key
      assertBad([{ ...buckets[0], start: buckets[0].start.slice(0, ORDER_KEY_BYTES) }], 'order-key start')
      assertBad([{ ...buckets[0], start: new Uint8Array(0) }], 'empty start')
      assertBad([buckets[0], { ...buckets[1], start: new Uint8Array(ENTRY_KEY_BYTES + 1) }], 'long start')
      assertBad([{ ...buckets[0], fingerprint: new Uint8Array(ID_BYTES - 1) }], 'short fingerprint')
    })

    it('refuses more than CATCHUP_MAX_BUCKETS buckets with bad-summary, and accepts exactly that many', () => {
      const many = Array.from({ length: CATCHUP_MAX_BUCKETS + 1 }, (_, i): Bucket => {
        const start = new Uint8Array(ENTRY_KEY_BYTES)
        new DataView(start.buffer).setUint32(0, i)
        return { start, count: 1, fingerprint: new Uint8Array(ID_BYTES) }
      })
      assertBad(many, 'too many buckets')
      assert.ok(entriesMissingFrom(full, many.slice(0, CATCHUP_MAX_BUCKETS)).ok)
    })
  })

  describe('convergence (property)', () => {
    it('leaves two logs equal after exchanging missing entries both ways, for any split of the entries', () => {
      const indexes = fc.uniqueArray(fc.integer({ min: 0, max: POOL_SIZE - 1 }), { maxLength: 12 })
      const splitArb = fc.record({
        size: fc.oneof(fc.integer({ min: 0, max: POOL_SIZE }), fc.constant(POOL_SIZE)),
        onlyA: indexes,
        onlyB: indexes,
        neither: indexes,
        aEnd: fc.option(fc.integer({ min: 0, max: POOL_SIZE }), { nil: undefined }),
        bStart: fc.option(fc.integer({ min: 0, max: POOL_SIZE }), { nil: undefined })
      })
      fc.assert(fc.property(splitArb, ({ size, onlyA, onlyB, neither, aEnd, bStart }) => {
        const entries = full.slice(0, size)
        const a: LogEntry[] = []
        const b: LogEntry[] = []
        entries.forEach((e, i) => {
          if (neither.includes(i)) return
          // A may lack a tail, B a head; onlyA / onlyB take an entry from the other side
          if (!onlyB.includes(i) && (aEnd == null || i < aEnd)) a.push(e)
          if (!onlyA.includes(i) && (bStart == null || i >= bStart)) b.push(e)
        })
        const union = sortedUnique([...a, ...b])
        const logA = logOf(a)
        const logB = logOf(b)

        logB.insertMany(missing(logA.entries, logB.entries))
        assert.ok(a.every(e => logB.has(e.idHex)), 'B lacks an entry of A after one exchange')
        logA.insertMany(missing(logB.entries, logA.entries))

        assert.deepEqual(idsOf(logA.entries), idsOf(union))
        assert.deepEqual(idsOf(logB.entries), idsOf(union))
        assert.equal(canonicalState(logA.state), canonicalState(logB.state))
        assert.deepEqual(missing(logA.entries, logB.entries), [])
      }), { numRuns: 60 })
    })
  })
})

function unwrap<T> (result: { ok: true, value: T } | { ok: false, reason: string, detail: string }): T {
  assert.ok(result.ok, result.ok ? '' : result.detail)
  return result.value
}
