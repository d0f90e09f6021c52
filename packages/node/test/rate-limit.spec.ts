import assert from 'node:assert/strict'
import fc from 'fast-check'
import { rateLimiter, type LimiterClock } from '../src/services/rate-limit.js'

/**
 * Virtual time: `sleep` parks a timer, and `run` fires timers in time
 * order, letting every promise settle in between, until none is left. No
 * test here reads the wall clock.
 */
class FakeClock implements LimiterClock {
  private t = 0
  private seq = 0
  private readonly timers: Array<{ at: number, seq: number, fire: () => void }> = []

  now = (): number => this.t

  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    await new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) { reject(signal.reason); return }
      const timer = { at: this.t + ms, seq: this.seq++, fire: resolve }
      this.timers.push(timer)
      signal?.addEventListener('abort', () => {
        const i = this.timers.indexOf(timer)
        if (i >= 0) this.timers.splice(i, 1)
        reject(signal.reason)
      }, { once: true })
    })
  }

  async run (): Promise<void> {
    await settle()
    while (this.timers.length > 0) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
      const next = this.timers.shift()
      if (next == null) break
      this.t = Math.max(this.t, next.at)
      next.fire()
      await settle()
    }
  }
}

/** Lets every pending promise chain run (one turn of the event loop; no timing involved). */
async function settle (): Promise<void> {
  await new Promise(resolve => setImmediate(resolve))
}

const KIB = 1024

describe('rate limiter', () => {
  it('lets at most rate × t + burst + one take through in any interval, whatever the callers do', async () => {
    const caller = fc.array(fc.record({ pauseMs: fc.integer({ min: 0, max: 500 }), bytes: fc.integer({ min: 1, max: 512 * KIB }) }), { minLength: 1, maxLength: 12 })
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 1024 * KIB }), fc.array(caller, { minLength: 1, maxLength: 6 }),
      async (kibps, burstBytes, callers) => {
        const clock = new FakeClock()
        const limiter = rateLimiter({ kibps, burstBytes, clock })
        const passed: Array<{ at: number, bytes: number }> = []
        const done = Promise.all(callers.map(async steps => {
          for (const s of steps) {
            await clock.sleep(s.pauseMs)
            await limiter.take(s.bytes)
            passed.push({ at: clock.now(), bytes: s.bytes })
          }
        }))
        await clock.run()
        await done
        const largest = Math.max(...passed.map(p => p.bytes))
        passed.sort((a, b) => a.at - b.at)
        for (let i = 0; i < passed.length; i++) {
          let bytes = 0
          for (let j = i; j < passed.length; j++) {
            bytes += passed[j].bytes
            const allowed = kibps * KIB * (passed[j].at - passed[i].at) / 1000 + burstBytes + largest
            assert.ok(bytes <= allowed + 1e-6, `${bytes} bytes passed in ${passed[j].at - passed[i].at} ms at ${kibps} KiB/s (burst ${burstBytes})`)
          }
        }
      }), { numRuns: 200 })
  })

  it('keeps a busy link at its rate: back-to-back takes pass as fast as the rate allows', async () => {
    const clock = new FakeClock()
    const chunk = 256 * KIB
    const limiter = rateLimiter({ kibps: 10 * 1024, burstBytes: chunk, clock })
    let last = 0
    const done = (async () => {
      for (let i = 0; i < 100; i++) {
        await limiter.take(chunk)
        last = clock.now()
      }
    })()
    await clock.run()
    await done
    // 100 chunks at 10 MiB/s, the first one free (the burst): 99 chunks' time, then the last goes
    assert.equal(Math.round(last), Math.round((99 * chunk - chunk) / (10 * 1024 * KIB) * 1000))
  })

  it('shares the rate between concurrent callers in the order they asked', async () => {
    const clock = new FakeClock()
    const limiter = rateLimiter({ kibps: 1, burstBytes: 0, clock })
    const order: string[] = []
    const done = Promise.all(['a', 'b', 'c'].map(async (name) => {
      await limiter.take(KIB)
      order.push(name)
    }))
    await clock.run()
    await done
    assert.deepEqual(order, ['a', 'b', 'c'])
    assert.equal(clock.now(), 2000)
  })

  it('gives a waiting caller\'s time back when it gives up', async () => {
    const clock = new FakeClock()
    const limiter = rateLimiter({ kibps: 1, burstBytes: 0, clock })
    await limiter.take(KIB) // passes at once, the link is busy for 1 s
    const controller = new AbortController()
    const waiting = limiter.take(10 * KIB, controller.signal)
    controller.abort(new Error('stopping'))
    await assert.rejects(waiting, /stopping/)
    const next = limiter.take(KIB)
    await clock.run()
    await next
    assert.equal(clock.now(), 1000, 'the abandoned take still held the link')
  })

  it('never waits when unlimited', async () => {
    const clock: LimiterClock = { now: () => 0, sleep: async () => { throw new Error('an unlimited limiter slept') } }
    const limiter = rateLimiter({ kibps: 0, clock })
    assert.equal(limiter.bytesPerSecond, 0)
    await limiter.take(Number.MAX_SAFE_INTEGER)
  })

  it('refuses a rate that is not a count of KiB/s', () => {
    assert.throws(() => rateLimiter({ kibps: -1 }), RangeError)
    assert.throws(() => rateLimiter({ kibps: Number.NaN }), RangeError)
  })
})
