import assert from 'node:assert/strict'
import { HeapTrimmer, lastResortCollector } from '../src/services/heap-trimmer.js'
import { silentLogging } from '../src/logger.js'

const log = silentLogging().forComponent('memory')

/** A trimmer whose collection only counts, driven by explicit check times (no timers). */
function counting (quietMs = 2_000): { trimmer: HeapTrimmer, collections: () => number } {
  let n = 0
  const trimmer = new HeapTrimmer({ log, collect: () => { n++ } }, { quietMs })
  return { trimmer, collections: () => n }
}

describe('HeapTrimmer', () => {
  it('trims once after start-up, when nothing has moved for the quiet time', () => {
    const { trimmer, collections } = counting()
    let entries = 10
    trimmer.watch({ name: 'entries', total: () => entries, threshold: 1_000 })
    assert.equal(trimmer.check(1_000), false, 'the first look sees the totals move (from nothing)')
    assert.equal(trimmer.check(2_000), false, 'quiet for 1 s only')
    assert.equal(trimmer.check(3_000), true, 'quiet for 2 s: the start-up trim')
    assert.equal(collections(), 1)
    entries += 5
    for (let t = 4_000; t < 20_000; t += 1_000) assert.equal(trimmer.check(t), false, 'a few entries owe no trim')
    assert.equal(collections(), 1)
    assert.equal(trimmer.trims, 1)
  })

  it('trims after a burst past the threshold, and only once the burst is over', () => {
    const { trimmer, collections } = counting()
    let entries = 0
    trimmer.watch({ name: 'entries', total: () => entries, threshold: 1_000 })
    trimmer.check(0)
    assert.equal(trimmer.check(5_000), true)
    // a catch-up: entries keep arriving for a while
    for (let t = 6_000; t <= 12_000; t += 1_000) {
      entries += 400
      assert.equal(trimmer.check(t), false, `still busy at ${t}`)
    }
    assert.equal(trimmer.check(13_000), false, 'quiet for 1 s')
    assert.equal(trimmer.check(14_000), true, 'quiet for 2 s after 2,800 entries')
    assert.equal(trimmer.check(30_000), false, 'nothing new since')
    assert.equal(collections(), 2)
  })

  it('counts work on any workload, each against its own threshold', () => {
    const { trimmer, collections } = counting(0)
    let entries = 0
    let bytes = 0
    trimmer.watch({ name: 'entries', total: () => entries, threshold: 1_000 })
    trimmer.watch({ name: 'bytes', total: () => bytes, threshold: 64 })
    assert.equal(trimmer.check(0), true, 'start-up')
    entries += 999
    assert.equal(trimmer.check(1), false, 'under both thresholds')
    bytes += 64
    assert.equal(trimmer.check(2), true, 'the byte threshold reached')
    entries += 999
    assert.equal(trimmer.check(3), false, 'a trim resets every workload: 999 entries since it')
    entries += 1
    assert.equal(trimmer.check(4), true, '1,000 entries since the last trim')
    assert.equal(collections(), 3)
  })

  it('waits while something holds memory a collection cannot free yet', () => {
    let n = 0
    let busy = true
    const trimmer = new HeapTrimmer({ log, collect: () => { n++ }, busy: () => busy }, { quietMs: 2_000 })
    trimmer.check(0)
    for (let t = 1_000; t <= 10_000; t += 1_000) assert.equal(trimmer.check(t), false, `busy at ${t}`)
    busy = false
    assert.equal(trimmer.check(11_000), false, 'quiet for 1 s since it was busy')
    assert.equal(trimmer.check(12_000), true)
    assert.equal(n, 1)
  })

  it('a collection that throws is logged, and the daemon goes on', () => {
    const trimmer = new HeapTrimmer({ log, collect: () => { throw new Error('no') } }, { quietMs: 0 })
    assert.equal(trimmer.check(0), true)
    assert.equal(trimmer.trims, 0)
  })

  it('the last-resort collector runs a real collection: garbage left behind is freed', () => {
    const collect = lastResortCollector()
    assert.ok(collect != null, 'Node offers gc once --expose-gc is set at run time')
    collect()
    const base = process.memoryUsage().heapUsed
    let junk: unknown[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({ i, s: `item ${i}` }))
    assert.ok(process.memoryUsage().heapUsed > base + 8 * 1024 * 1024, 'the junk takes heap')
    assert.equal(junk.length, 200_000)
    junk = undefined
    collect()
    assert.ok(process.memoryUsage().heapUsed < base + 4 * 1024 * 1024, `heap back near ${base} after the collection, got ${process.memoryUsage().heapUsed}`)
  })
})
