import assert from 'node:assert/strict'
import fc from 'fast-check'
import { requestLimiter } from '../src/services/request-limiter.js'

describe('request limiter', () => {
  it('takes a minute\'s worth from a source at once, then drops the rest until its bucket refills', () => {
    let t = 0
    const limiter = requestLimiter({ perSourcePerMinute: 3, perMinute: 0, now: () => t })
    const verdicts = Array.from({ length: 5 }, () => limiter.take('10.0.0.1'))
    assert.deepEqual(verdicts.map(v => v.ok), [true, true, true, false, false])
    assert.deepEqual(verdicts[3], { ok: false, reason: 'per-source' })
    // another source has its own bucket
    assert.equal(limiter.take('10.0.0.2').ok, true)
    // one request's worth of time later (20 s at 3 a minute), one more gets through
    t += 20_000
    assert.equal(limiter.take('10.0.0.1').ok, true)
    assert.equal(limiter.take('10.0.0.1').ok, false)
  })

  it('drops requests from every source once the global bucket is empty, and says which bucket was', () => {
    let t = 0
    const limiter = requestLimiter({ perSourcePerMinute: 10, perMinute: 4, now: () => t })
    const taken = ['a', 'b', 'c', 'd', 'e', 'f'].map(ip => limiter.take(ip))
    assert.deepEqual(taken.map(v => v.ok), [true, true, true, true, false, false])
    assert.deepEqual(taken[4], { ok: false, reason: 'global' })
    t += 15_000
    assert.equal(limiter.take('e').ok, true)
  })

  it('does not spend a source\'s token on a request the global bucket drops', () => {
    let t = 0
    const limiter = requestLimiter({ perSourcePerMinute: 2, perMinute: 1, now: () => t })
    assert.equal(limiter.take('a').ok, true)
    assert.equal(limiter.take('b').ok, false)
    t += 60_000
    // b's two tokens are still there
    assert.equal(limiter.take('b').ok, true)
    t += 60_000
    assert.equal(limiter.take('b').ok, true)
  })

  it('limits nothing when both rates are 0, and refuses a negative rate', () => {
    const limiter = requestLimiter({ perSourcePerMinute: 0, perMinute: 0, now: () => 0 })
    for (let i = 0; i < 1000; i++) assert.equal(limiter.take('x').ok, true)
    assert.throws(() => requestLimiter({ perSourcePerMinute: -1, perMinute: 0 }), /requests per minute/)
  })

  it('forgets the least recently seen sources past its bound, as if their buckets were full', () => {
    let t = 0
    const limiter = requestLimiter({ perSourcePerMinute: 1, perMinute: 0, maxSources: 3, now: () => t })
    for (const ip of ['a', 'b', 'c', 'd', 'e']) assert.equal(limiter.take(ip).ok, true)
    assert.ok(limiter.tracked <= 3, `${limiter.tracked} sources tracked`)
    t += 1
    // e was seen last and is still limited
    assert.equal(limiter.take('e').ok, false)
  })

  it('lets through at most rate × (minutes + 1) per source and in all, whatever the arrivals (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 1, max: 50 }),
      fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 5_000 }), source: fc.integer({ min: 0, max: 4 }) }), { maxLength: 300 }),
      (perSource, perMinute, arrivals) => {
        let t = 0
        const limiter = requestLimiter({ perSourcePerMinute: perSource, perMinute, now: () => t })
        const taken = new Map<number, number>()
        let all = 0
        for (const a of arrivals) {
          t += a.gapMs
          if (limiter.take(String(a.source)).ok) {
            taken.set(a.source, (taken.get(a.source) ?? 0) + 1)
            all++
          }
        }
        const minutes = t / 60_000
        for (const n of taken.values()) assert.ok(n <= perSource * (minutes + 1) + 1e-9, `${n} from one source in ${minutes} min at ${perSource}/min`)
        assert.ok(all <= perMinute * (minutes + 1) + 1e-9, `${all} in all in ${minutes} min at ${perMinute}/min`)
      }
    ), { numRuns: 200 })
  })
})
