import assert from 'node:assert/strict'
import fc from 'fast-check'
import { checkStamp, compareStamps, DEFAULT_MAX_CLOCK_OFFSET_MS, HLC_MAX_COUNTER, HybridLogicalClock, type Stamp } from '../src/index.js'

/** A wall clock the test moves by hand. */
function manualClock (startMs: number): { now: () => number, set: (ms: number) => void } {
  let ms = startMs
  return { now: () => ms, set: (next) => { ms = next } }
}

function assertAfter (later: Stamp, earlier: Stamp, what: string): void {
  assert.ok(compareStamps(later, earlier) > 0, `${what}: ${JSON.stringify(later)} is not after ${JSON.stringify(earlier)}`)
}

describe('hlc', () => {
  describe('compareStamps', () => {
    it('orders by wall time, then by counter', () => {
      assert.ok(compareStamps({ wallMs: 1, counter: 9 }, { wallMs: 2, counter: 0 }) < 0)
      assert.ok(compareStamps({ wallMs: 2, counter: 1 }, { wallMs: 2, counter: 0 }) > 0)
      assert.equal(compareStamps({ wallMs: 2, counter: 1 }, { wallMs: 2, counter: 1 }), 0)
      assert.ok(compareStamps({ wallMs: 2, counter: 0 }, { wallMs: 1, counter: HLC_MAX_COUNTER }) > 0)
    })
  })

  describe('now', () => {
    it('issues strictly increasing stamps while the wall clock stands still', () => {
      const clock = new HybridLogicalClock({ now: () => 1_000 })
      let prev = clock.now()
      for (let i = 0; i < 100; i++) {
        const next = clock.now()
        assertAfter(next, prev, `stamp ${i}`)
        prev = next
      }
      assert.deepEqual(prev, { wallMs: 1_000, counter: 100 })
    })

    it('follows the wall clock when it moves forward', () => {
      const wall = manualClock(1_000)
      const clock = new HybridLogicalClock({ now: wall.now })
      clock.now()
      clock.now()
      wall.set(1_500)
      assert.deepEqual(clock.now(), { wallMs: 1_500, counter: 0 })
    })

    it('keeps stamps increasing when the wall clock steps back', () => {
      const wall = manualClock(10_000)
      const clock = new HybridLogicalClock({ now: wall.now })
      const stamps = [clock.now()]
      for (const ms of [10_000, 4_000, 3_999, 0, 9_999, 10_000, 10_001]) {
        wall.set(ms)
        stamps.push(clock.now())
      }
      for (let i = 1; i < stamps.length; i++) assertAfter(stamps[i], stamps[i - 1], `stamp ${i}`)
      // never behind the newest wall time it has seen
      for (const s of stamps) assert.ok(s.wallMs >= 10_000)
      assert.deepEqual(stamps.at(-1), { wallMs: 10_001, counter: 0 })
    })

    it('continues after the last stamp a restarted node hands it, even with a wall clock behind', () => {
      const last = { wallMs: 50_000, counter: 7 }
      const clock = new HybridLogicalClock({ now: () => 20_000, last })
      assert.deepEqual(clock.peek(), last)
      assertAfter(clock.now(), last, 'first stamp after restart')
    })

    it('moves wallMs ahead by 1 and resets the counter when the counter overflows', () => {
      const clock = new HybridLogicalClock({ now: () => 1_000, last: { wallMs: 1_000, counter: HLC_MAX_COUNTER - 1 } })
      const atLimit = clock.now()
      assert.deepEqual(atLimit, { wallMs: 1_000, counter: HLC_MAX_COUNTER })
      const overflowed = clock.now()
      assert.deepEqual(overflowed, { wallMs: 1_001, counter: 0 })
      assertAfter(overflowed, atLimit, 'after overflow')
      const next = clock.now()
      assert.deepEqual(next, { wallMs: 1_001, counter: 1 })
      assertAfter(next, overflowed, 'after overflow, again')
    })
  })

  describe('update', () => {
    it('makes the next local stamp sort after a remote stamp that is ahead within the bound', () => {
      const clock = new HybridLogicalClock({ now: () => 1_000, maxOffsetMs: 60_000 })
      clock.now()
      const remote = { wallMs: 31_000, counter: 5 }
      const merged = clock.update(remote)
      assert.ok(merged.ok)
      assertAfter(merged.value, remote, 'merged stamp')
      assert.deepEqual(clock.peek(), merged.value)
      const next = clock.now()
      assertAfter(next, remote, 'next local stamp')
      assertAfter(next, merged.value, 'next local stamp')
    })

    it('accepts a remote stamp exactly maxOffsetMs ahead', () => {
      const clock = new HybridLogicalClock({ now: () => 5_000, maxOffsetMs: 1_000 })
      const merged = clock.update({ wallMs: 6_000, counter: 0 })
      assert.ok(merged.ok)
      assert.deepEqual(merged.value, { wallMs: 6_000, counter: 1 })
    })

    it('refuses a remote stamp more than maxOffsetMs ahead with clock-skew and leaves the clock unchanged', () => {
      const clock = new HybridLogicalClock({ now: () => 5_000, maxOffsetMs: 1_000 })
      clock.now()
      const before = clock.peek()
      const result = clock.update({ wallMs: 6_001, counter: 0 })
      assert.equal(result.ok, false)
      assert.equal(result.ok ? undefined : result.reason, 'clock-skew')
      assert.match(result.ok ? '' : result.detail, /1001 ms ahead/)
      assert.deepEqual(clock.peek(), before)
      assert.deepEqual(clock.now(), { wallMs: 5_000, counter: 1 })
    })

    it('bounds remote stamps by DEFAULT_MAX_CLOCK_OFFSET_MS when no bound is given', () => {
      const clock = new HybridLogicalClock({ now: () => 0 })
      assert.equal(clock.maxOffsetMs, DEFAULT_MAX_CLOCK_OFFSET_MS)
      assert.ok(clock.update({ wallMs: DEFAULT_MAX_CLOCK_OFFSET_MS, counter: 0 }).ok)
      assert.equal(clock.update({ wallMs: DEFAULT_MAX_CLOCK_OFFSET_MS + 1, counter: 0 }).ok, false)
    })

    it('sorts after both stamps when the remote stamp has the same wall time and a higher counter', () => {
      const clock = new HybridLogicalClock({ now: () => 1_000, last: { wallMs: 1_000, counter: 3 } })
      const merged = clock.update({ wallMs: 1_000, counter: 9 })
      assert.ok(merged.ok)
      assert.deepEqual(merged.value, { wallMs: 1_000, counter: 10 })
    })

    it('moves wallMs ahead by 1 when the remote counter is at its limit', () => {
      const clock = new HybridLogicalClock({ now: () => 1_000, last: { wallMs: 1_000, counter: 3 } })
      const merged = clock.update({ wallMs: 1_000, counter: HLC_MAX_COUNTER })
      assert.ok(merged.ok)
      assert.deepEqual(merged.value, { wallMs: 1_001, counter: 0 })
    })
  })

  describe('checkStamp', () => {
    it('accepts stamps behind or up to the bound ahead of now, and refuses the rest with clock-skew', () => {
      assert.ok(checkStamp({ wallMs: 0, counter: 0 }, 10_000, 100).ok)
      assert.ok(checkStamp({ wallMs: 10_100, counter: HLC_MAX_COUNTER }, 10_000, 100).ok)
      const skewed = checkStamp({ wallMs: 10_101, counter: 0 }, 10_000, 100)
      assert.equal(skewed.ok ? undefined : skewed.reason, 'clock-skew')
    })
  })

  describe('property', () => {
    type Op = { kind: 'now', wall: number } | { kind: 'update', wall: number, remote: Stamp }

    // Small ranges so walls, remote stamps and counters collide often; the
    // counter's limit is in reach so overflow is exercised too.
    const wallArb = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 1_000_000 }))
    const counterArb = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(HLC_MAX_COUNTER - 1, HLC_MAX_COUNTER), fc.integer({ min: 0, max: HLC_MAX_COUNTER }))
    const stampArb = fc.record({ wallMs: wallArb, counter: counterArb })
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('now' as const), wall: wallArb }),
      fc.record({ kind: fc.constant('update' as const), wall: wallArb, remote: stampArb })
    )

    it('issues every stamp strictly after all stamps issued or merged before it, for any wall clock', () => {
      fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 0, max: 30 }), fc.option(stampArb, { nil: undefined }), (ops, maxOffsetMs, last) => {
        const wall = manualClock(0)
        const clock = new HybridLogicalClock({ now: wall.now, maxOffsetMs, last })
        let high: Stamp = last ?? { wallMs: 0, counter: 0 }
        for (const [i, op] of ops.entries()) {
          wall.set(op.wall)
          if (op.kind === 'now') {
            const s = clock.now()
            assertAfter(s, high, `now() at op ${i}`)
            assert.ok(s.wallMs >= op.wall, `now() at op ${i} is behind the wall clock`)
            if (op.wall > high.wallMs) assert.deepEqual(s, { wallMs: op.wall, counter: 0 })
            high = s
          } else {
            const before = clock.peek()
            const r = clock.update(op.remote)
            const skewed = op.remote.wallMs - op.wall > maxOffsetMs
            assert.equal(r.ok, !skewed, `update() at op ${i}`)
            if (!r.ok) {
              assert.equal(r.reason, 'clock-skew')
              assert.deepEqual(clock.peek(), before)
              continue
            }
            assertAfter(r.value, high, `update() at op ${i}`)
            assertAfter(r.value, op.remote, `update() at op ${i}`)
            assert.ok(r.value.wallMs >= op.wall)
            high = r.value
          }
          assert.deepEqual(clock.peek(), high)
          assert.ok(high.counter <= HLC_MAX_COUNTER)
        }
      }), { numRuns: 200 })
    })
  })
})
