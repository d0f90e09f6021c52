import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  applyEntry, compareBytes, createGenesis, initialState, OrderedLog, toHex, type FederationState, type LogEntry, type Stamp
} from '../src/index.js'
import { canonicalState, digest, identity, idsOf, keyHex, sortedUnique, wave } from './fixtures.js'

const queen = identity('log-queen')
const queen2 = identity('log-queen-2')
const drone = identity('log-drone')
const GENESIS_MS = 1_000

const { entry: genesis, federationId } = createGenesis(queen, {
  name: 'lab',
  queens: [queen.publicKey, queen2.publicKey],
  stamp: { wallMs: GENESIS_MS, counter: 0 },
  nonce: digest('log-federation').subarray(0, 16)
})

function at (wallMs: number, counter = 0): Stamp {
  return { wallMs, counter }
}

/** The state the entries fold to in log order: the reducer alone, no OrderedLog. */
function foldSorted (entries: readonly LogEntry[]): FederationState {
  const state = initialState(federationId)
  for (const e of sortedUnique(entries)) applyEntry(state, e)
  return state
}

function logOf (entries: readonly LogEntry[], init: { checkpointInterval?: number } = {}): OrderedLog {
  const log = new OrderedLog(federationId, init)
  for (const e of entries) log.insert(e)
  return log
}

function reasonOf (log: OrderedLog, entry: LogEntry): string {
  const outcome = log.outcomeOf(entry.idHex)
  assert.ok(outcome != null, 'the log does not hold the entry')
  return outcome.accepted ? 'accepted' : outcome.reason
}

function permutations<T> (items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()]
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map(rest => [item, ...rest]))
}

/** Runs the check on a log fed every insertion order, one by one and in one batch. */
function forEveryOrder (entries: readonly LogEntry[], check: (log: OrderedLog, how: string) => void): void {
  for (const order of permutations(entries)) {
    const how = idsOf(order).map(id => id.slice(0, 6)).join(',')
    check(logOf(order, { checkpointInterval: 2 }), `insert ${how}`)
    const batched = new OrderedLog(federationId, { checkpointInterval: 2 })
    batched.insertMany(order)
    check(batched, `insertMany ${how}`)
  }
}

describe('log', () => {
  describe('genesis', () => {
    it('founds the federation: name, roots and queens come from the genesis entry', () => {
      const log = logOf([genesis])
      assert.equal(reasonOf(log, genesis), 'accepted')
      assert.equal(log.state.federationId, toHex(federationId))
      assert.equal(log.state.genesis?.name, 'lab')
      assert.equal(log.state.genesis?.entryId, genesis.idHex)
      assert.deepEqual(log.state.genesis?.roots, [keyHex(queen)])
      assert.deepEqual([...log.state.queens.keys()].sort(), [keyHex(queen), keyHex(queen2)].sort())
    })

    it('refuses the genesis of another federation with foreign-genesis', () => {
      const other = createGenesis(queen2, { name: 'lab', stamp: at(GENESIS_MS - 1), nonce: digest('another-federation').subarray(0, 16) })
      const log = logOf([genesis, other.entry])
      assert.equal(reasonOf(log, other.entry), 'foreign-genesis')
      assert.equal(reasonOf(log, genesis), 'accepted')
      assert.equal(log.state.genesis?.entryId, genesis.idHex)
      assert.deepEqual([...log.state.queens.keys()].sort(), [keyHex(queen), keyHex(queen2)].sort())
    })

    it('refuses a wave ordered before the genesis with no-genesis', () => {
      const early = wave(queen, federationId, at(GENESIS_MS - 1), { channel: 'site-config', version: 1 })
      const log = logOf([early, genesis])
      assert.equal(reasonOf(log, early), 'no-genesis')
      assert.equal(log.state.channels.size, 0)
    })
  })

  describe('waves', () => {
    it('records a queen\'s wave as the channel\'s state', () => {
      const w = wave(queen2, federationId, at(GENESIS_MS + 5, 2), { channel: 'site-config', version: 3, name: 'a.txt', size: 3, expiresMs: 99_000 })
      const log = logOf([genesis, w])
      assert.equal(reasonOf(log, w), 'accepted')
      assert.deepEqual(log.state.channels.get('site-config'), {
        channel: 'site-config',
        version: 3,
        entryId: w.idHex,
        announcedBy: queen2.nodeId,
        stamp: { wallMs: GENESIS_MS + 5, counter: 2 },
        content: { module: 'file', size: 3, sha256: toHex(digest('a.txt')), name: 'a.txt', manifestSize: 0, source: '', ref: '' },
        expiresMs: 99_000,
        targets: { tags: [], nodes: [] },
        princessFirst: false
      })
    })

    it('refuses a lower version than the channel\'s with rollback, whatever the insertion order', () => {
      const v2 = wave(queen, federationId, at(GENESIS_MS + 1), { channel: 'site-config', version: 2 })
      const v1 = wave(queen2, federationId, at(GENESIS_MS + 2), { channel: 'site-config', version: 1 })
      forEveryOrder([genesis, v2, v1], (log, how) => {
        assert.equal(reasonOf(log, v2), 'accepted', how)
        assert.equal(reasonOf(log, v1), 'rollback', how)
        assert.equal(log.state.channels.get('site-config')?.version, 2, how)
      })
    })

    it('accepts a lower version stamped earlier even when it arrives late', () => {
      const v1 = wave(queen, federationId, at(GENESIS_MS + 1), { channel: 'site-config', version: 1 })
      const v2 = wave(queen, federationId, at(GENESIS_MS + 2), { channel: 'site-config', version: 2 })
      forEveryOrder([genesis, v1, v2], (log, how) => {
        assert.equal(reasonOf(log, v1), 'accepted', how)
        assert.equal(reasonOf(log, v2), 'accepted', how)
        assert.equal(log.state.channels.get('site-config')?.entryId, v2.idHex, how)
      })
    })

    it('lets the first of two waves for one channel and version win and refuses the other with version-conflict, whatever the insertion order', () => {
      const first = wave(queen2, federationId, at(GENESIS_MS + 1), { channel: 'site-config', version: 4, name: 'first.txt' })
      const second = wave(queen, federationId, at(GENESIS_MS + 1, 1), { channel: 'site-config', version: 4, name: 'second.txt' })
      forEveryOrder([genesis, first, second], (log, how) => {
        assert.equal(reasonOf(log, first), 'accepted', how)
        assert.equal(reasonOf(log, second), 'version-conflict', how)
        assert.equal(log.state.channels.get('site-config')?.entryId, first.idHex, how)
      })
    })

    it('breaks a tie between equal stamps of two queens by signer key', () => {
      const a = wave(queen, federationId, at(GENESIS_MS + 1), { channel: 'site-config', version: 1, name: 'from-queen.txt' })
      const b = wave(queen2, federationId, at(GENESIS_MS + 1), { channel: 'site-config', version: 1, name: 'from-queen-2.txt' })
      const [winner, loser] = compareBytes(queen.publicKey, queen2.publicKey) < 0 ? [a, b] : [b, a]
      forEveryOrder([genesis, a, b], (log, how) => {
        assert.deepEqual(idsOf(log.entries), [genesis.idHex, winner.idHex, loser.idHex], how)
        assert.equal(reasonOf(log, winner), 'accepted', how)
        assert.equal(reasonOf(log, loser), 'version-conflict', how)
      })
    })

    it('refuses a wave from a node that is not a queen with not-a-queen', () => {
      const w = wave(drone, federationId, at(GENESIS_MS + 1), { channel: 'site-config', version: 1 })
      const log = logOf([genesis, w])
      assert.equal(reasonOf(log, w), 'not-a-queen')
      assert.match(log.state.refused.get(w.idHex)?.detail ?? '', new RegExp(drone.nodeId))
      assert.equal(log.state.channels.size, 0)
    })

    it('refuses a wave naming another federation with wrong-federation', () => {
      const w = wave(queen, digest('another federation'), at(GENESIS_MS + 1), { channel: 'site-config', version: 1 })
      const log = logOf([genesis, w])
      assert.equal(reasonOf(log, w), 'wrong-federation')
      assert.equal(log.state.channels.size, 0)
    })

    it('keeps channels apart: a version on one channel does not roll back another', () => {
      const a = wave(queen, federationId, at(GENESIS_MS + 1), { channel: 'alpha', version: 9 })
      const b = wave(queen, federationId, at(GENESIS_MS + 2), { channel: 'beta', version: 1 })
      const log = logOf([genesis, a, b])
      assert.equal(reasonOf(log, b), 'accepted')
      assert.deepEqual([...log.state.channels.keys()].sort(), ['alpha', 'beta'])
    })
  })

  describe('OrderedLog', () => {
    const waves = Array.from({ length: 10 }, (_, i) => wave(queen, federationId, at(GENESIS_MS + 10 + i), { channel: 'site-config', version: i + 1 }))

    it('keeps entries in key order and counts every folded entry', () => {
      const log = logOf([...waves].reverse().concat(genesis))
      assert.deepEqual(idsOf(log.entries), idsOf([genesis, ...waves]))
      assert.equal(log.size, 11)
      assert.equal(log.state.entries, 11)
      assert.equal(log.last()?.idHex, waves[9].idHex)
      assert.equal(log.get(waves[3].idHex), waves[3])
      assert.equal(log.has(waves[3].idHex), true)
      assert.equal(log.has('00'.repeat(32)), false)
    })

    it('reports where an entry landed and whether it was late', () => {
      const log = logOf([genesis, waves[0], waves[2]])
      assert.deepEqual(log.insert(waves[3]), { added: true, late: false, index: 3 })
      assert.deepEqual(log.insert(waves[1]), { added: true, late: true, index: 2 })
    })

    it('ignores duplicates: insert returns added false and insertMany returns only new entries', () => {
      const log = logOf([genesis, waves[0]])
      const before = canonicalState(log.state)
      assert.deepEqual(log.insert(waves[0]), { added: false, late: false, index: -1 })
      assert.deepEqual(log.insert(genesis), { added: false, late: false, index: -1 })
      assert.equal(log.size, 2)
      assert.equal(canonicalState(log.state), before)
      assert.deepEqual(log.insertMany([waves[0], genesis]), [])
      const fresh = log.insertMany([waves[2], waves[0], waves[1], waves[2]])
      assert.deepEqual(idsOf(fresh), idsOf([waves[1], waves[2]]))
      assert.equal(log.size, 4)
      assert.equal(log.state.entries, 4)
    })

    it('re-judges the entries after a late one: an early high version makes later lower ones rollbacks', () => {
      const log = logOf([genesis, ...waves.slice(0, 9)], { checkpointInterval: 3 })
      assert.equal(log.state.refused.size, 0)
      // between version 1 and version 2
      const early = wave(queen2, federationId, at(GENESIS_MS + 10, 1), { channel: 'site-config', version: 7, name: 'early.txt' })
      assert.deepEqual(log.insert(early), { added: true, late: true, index: 2 })
      assert.deepEqual([early, ...waves.slice(0, 9)].map(e => reasonOf(log, e)), [
        'accepted', 'accepted', 'rollback', 'rollback', 'rollback', 'rollback', 'rollback', 'version-conflict', 'accepted', 'accepted'
      ])
      assert.equal(log.state.channels.get('site-config')?.version, 9)
      assert.equal(canonicalState(log.state), canonicalState(foldSorted([genesis, ...waves.slice(0, 9), early])))
    })

    it('gives outcomeOf for accepted, refused and unknown entries', () => {
      const bad = wave(drone, federationId, at(GENESIS_MS + 1), { channel: 'site-config', version: 1 })
      const log = logOf([genesis, waves[0], bad])
      assert.deepEqual(log.outcomeOf(waves[0].idHex), { accepted: true })
      const outcome = log.outcomeOf(bad.idHex)
      assert.equal(outcome?.accepted, false)
      assert.equal(outcome?.accepted === false ? outcome.reason : undefined, 'not-a-queen')
      assert.equal(typeof (outcome?.accepted === false ? outcome.detail : undefined), 'string')
      assert.equal(log.outcomeOf(waves[5].idHex), undefined)
    })
  })

  describe('determinism (property)', () => {
    // A foreign genesis competes with ours; a wave may name another federation.
    const foreignGenesis = (stamp: Stamp): LogEntry =>
      createGenesis(queen2, { name: 'rival', stamp, nonce: digest('rival').subarray(0, 16) }).entry
    const otherFederation = digest('elsewhere')
    const signers = [queen, queen2, drone]

    type Op =
      | { kind: 'wave', signer: number, wallMs: number, counter: number, channel: string, version: number, tag: number, foreign: boolean }
      | { kind: 'genesis', wallMs: number, counter: number }

    // Stamps from a narrow window around genesis, so equal stamps across
    // signers, waves before genesis and same-version races are common.
    const stampWallArb = fc.integer({ min: GENESIS_MS - 2, max: GENESIS_MS + 8 })
    const waveArb = fc.record({
      kind: fc.constant('wave' as const),
      signer: fc.integer({ min: 0, max: signers.length - 1 }),
      wallMs: stampWallArb,
      counter: fc.integer({ min: 0, max: 2 }),
      channel: fc.constantFrom('alpha', 'beta', 'gamma'),
      version: fc.integer({ min: 1, max: 4 }),
      tag: fc.integer({ min: 0, max: 1 }),
      foreign: fc.integer({ min: 0, max: 9 }).map(n => n === 0)
    })
    const genesisArb = fc.record({ kind: fc.constant('genesis' as const), wallMs: stampWallArb, counter: fc.integer({ min: 0, max: 2 }) })
    const opArb: fc.Arbitrary<Op> = fc.oneof({ weight: 12, arbitrary: waveArb }, { weight: 1, arbitrary: genesisArb })

    function build (op: Op): LogEntry {
      if (op.kind === 'genesis') return foreignGenesis(at(op.wallMs, op.counter))
      return wave(signers[op.signer], op.foreign ? otherFederation : federationId, at(op.wallMs, op.counter), {
        channel: op.channel, version: op.version, name: `${op.channel}-${op.version}-${op.tag}.txt`
      })
    }

    const scenarioArb = fc.array(opArb, { minLength: 1, maxLength: 30 }).chain(ops => {
      const n = ops.length + 1 // our genesis is always among the entries
      return fc.record({
        ops: fc.constant(ops),
        order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
        dups: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.nat()), { maxLength: 10 }),
        batches: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        mode: fc.constantFrom('insert', 'insertMany', 'mixed')
      })
    })

    it('gives the same order and state as sorted insertion, for any insertion order, duplicates and batching', () => {
      fc.assert(fc.property(scenarioArb, ({ ops, order, dups, batches, mode }) => {
        const entries = [genesis, ...ops.map(build)]
        const sequence = order.map(i => entries[i])
        for (const [i, pos] of dups) sequence.splice(pos % (sequence.length + 1), 0, entries[i])

        const expected = sortedUnique(entries)
        const expectedState = canonicalState(foldSorted(entries))
        const sortedLog = logOf(expected)
        assert.equal(canonicalState(sortedLog.state), expectedState)

        const log = new OrderedLog(federationId, { checkpointInterval: 3 })
        const seen = new Set<string>()
        let added = 0
        for (let start = 0, b = 0; start < sequence.length; b++) {
          const chunk = sequence.slice(start, start + batches[b % batches.length])
          start += chunk.length
          if (mode === 'insert' || (mode === 'mixed' && b % 2 === 1)) {
            for (const e of chunk) {
              const r = log.insert(e)
              assert.equal(r.added, !seen.has(e.idHex))
              if (r.added) added++
              seen.add(e.idHex)
            }
          } else {
            const fresh = log.insertMany(chunk)
            for (const e of fresh) assert.equal(seen.has(e.idHex), false)
            for (const e of chunk) seen.add(e.idHex)
            added += fresh.length
          }
        }

        assert.equal(added, expected.length)
        assert.equal(log.size, expected.length)
        assert.deepEqual(idsOf(log.entries), idsOf(expected))
        assert.deepEqual(idsOf(log.entries), idsOf(sortedLog.entries))
        assert.equal(canonicalState(log.state), expectedState)
        for (const e of expected) assert.deepEqual(log.outcomeOf(e.idHex), sortedLog.outcomeOf(e.idHex))
      }), { numRuns: 150 })
    })

    it('gives the same state whatever the checkpoint interval', () => {
      fc.assert(fc.property(scenarioArb, fc.integer({ min: 1, max: 6 }), ({ ops, order }, interval) => {
        const entries = [genesis, ...ops.map(build)]
        const shuffled = order.map(i => entries[i])
        const log = logOf(shuffled, { checkpointInterval: interval })
        assert.equal(canonicalState(log.state), canonicalState(foldSorted(entries)))
      }), { numRuns: 50 })
    })
  })
})
