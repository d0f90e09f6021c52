import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { rendezvousOwner, shareOrder, splitShares } from '../src/services/chunk-shares.js'

const hex = (n: number, salt = ''): string => createHash('sha256').update(`${salt}${n}`).digest('hex')
const nodeId = (n: number): string => `12D3KooW${createHash('sha256').update(`node ${n}`).digest('base64url').slice(0, 44)}`

/** Chunk hashes and node ids: sizes as waves have them, contents at random. */
const chunksArb = fc.tuple(fc.integer({ min: 1, max: 600 }), fc.string()).map(([n, salt]) => Array.from({ length: n }, (_, i) => hex(i, salt)))
const membersArb = fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 30 }).map(ns => ns.map(nodeId))

function shuffled<T> (xs: readonly T[], seed: number): T[] {
  const out = [...xs]
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

describe('chunk shares', () => {
  it('gives every chunk to exactly one member, and every member an even split within one chunk', () => {
    fc.assert(fc.property(chunksArb, membersArb, (chunks, members) => {
      const shares = splitShares(chunks, members)
      const all = [...shares.values()].flat()
      assert.equal(all.length, chunks.length)
      assert.deepEqual(new Set(all), new Set(chunks))
      const sizes = [...shares.values()].map(s => s.length)
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `shares of ${sizes.join(' ')}`)
    }))
  })

  it('is the same on every node, whatever order it lists the chunks and its peers in', () => {
    fc.assert(fc.property(chunksArb, membersArb, fc.integer(), (chunks, members, seed) => {
      const a = splitShares(chunks, members)
      const b = splitShares(shuffled(chunks, seed), shuffled(members, seed + 1))
      assert.deepEqual([...a.entries()].sort(), [...b.entries()].sort())
    }))
  })

  it('orders each share the same way wherever it is computed, best score first', () => {
    fc.assert(fc.property(chunksArb, membersArb, fc.integer(), (chunks, members, seed) => {
      for (const [m, share] of splitShares(chunks, members)) assert.deepEqual(shareOrder(m, shuffled(share, seed)), share)
    }))
  })

  it('moves only a leaving member\'s chunks when it leaves', () => {
    fc.assert(fc.property(chunksArb, membersArb.filter(ms => ms.length >= 2), fc.nat(), (chunks, members, pick) => {
      const leaving = members[pick % members.length]
      const rest = members.filter(m => m !== leaving)
      for (const h of chunks) {
        const before = rendezvousOwner(h, members)
        const after = rendezvousOwner(h, rest)
        if (before !== leaving) assert.equal(after, before)
        else assert.ok(after != null && rest.includes(after))
      }
    }))
  })

  it('gives most chunks to their first choice, so that nodes whose lists differ a little mostly agree', () => {
    const chunks = Array.from({ length: 256 }, (_, i) => hex(i, 'v'))
    const members = Array.from({ length: 9 }, (_, i) => nodeId(i))
    let first = 0
    for (const [m, share] of splitShares(chunks, members)) for (const h of share) if (rendezvousOwner(h, members) === m) first++
    assert.ok(first >= 256 * 0.6, `${first} of 256 chunks went to their first choice`)
  })
})
