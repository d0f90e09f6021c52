import { createHash } from 'node:crypto'

/**
 * Which supernode health-checks which member, and in which order standbys
 * step in: rendezvous (highest random weight) hashing over public keys, so
 * every node that knows the same live supernodes computes the same answer
 * alone, and a supernode leaving moves only its own members.
 *
 * Keys are 32-byte Ed25519 public keys in lower-case hex (the reducer's
 * map keys). The score of a pair is the first 48 bits of
 * SHA-256(a || b), read big-endian; the highest score wins and a tie goes
 * to the lower key in byte order (docs/PROTOCOL.md §11.4).
 */

/** The rendezvous score of a pair of keys (hex): 48 bits of SHA-256(a || b). */
export function rendezvousScore (aHex: string, bHex: string): number {
  const digest = createHash('sha256').update(Buffer.from(aHex, 'hex')).update(Buffer.from(bHex, 'hex')).digest()
  return digest.readUIntBE(0, 6)
}

function better (score: number, key: string, bestScore: number, bestKey: string | undefined): boolean {
  return bestKey == null || score > bestScore || (score === bestScore && key < bestKey)
}

/** A member's network (the log's), by key hex; undefined for a key that is no member. */
export type NetworkOf = (keyHex: string) => string | undefined

/**
 * The supernode a member is assigned to among the live ones: the one that
 * scores highest with it (score of supernode || member), among the live
 * supernodes of the member's own network when there are any and
 * `networkOf` is given (a firewalled network's hosts may be reachable from
 * inside it only). Undefined when no supernode is live.
 */
export function assignedSupernode (memberHex: string, liveSupernodes: Iterable<string>, networkOf?: NetworkOf): string | undefined {
  let best: string | undefined
  let bestScore = -1
  for (const s of candidates(memberHex, liveSupernodes, networkOf)) {
    const score = rendezvousScore(s, memberHex)
    if (better(score, s, bestScore, best)) { best = s; bestScore = score }
  }
  return best
}

/** The live supernodes a member may be assigned to: those of its network if any are live, else all. */
function candidates (memberHex: string, liveSupernodes: Iterable<string>, networkOf?: NetworkOf): Iterable<string> {
  if (networkOf == null) return liveSupernodes
  const network = networkOf(memberHex)
  if (network == null) return liveSupernodes
  // read once: the iterable may be a one-shot iterator
  const all = [...liveSupernodes]
  const local = all.filter(s => networkOf(s) === network)
  return local.length > 0 ? local : all
}

/**
 * Every member's supernode: supernode → its members (sorted). A live
 * supernode is never assigned to another: it answers for itself in its own
 * summary, so it is its own member here. With `networkOf`, a member goes to
 * a supernode of its own network when one is live (see assignedSupernode).
 */
export function assignMembers (members: Iterable<string>, liveSupernodes: Iterable<string>, networkOf?: NetworkOf): Map<string, string[]> {
  const live = [...new Set(liveSupernodes)].sort()
  const out = new Map<string, string[]>(live.map(s => [s, []]))
  if (live.length === 0) return out
  const liveSet = new Set(live)
  for (const m of [...new Set(members)].sort()) {
    const s = liveSet.has(m) ? m : assignedSupernode(m, live, networkOf) as string
    out.get(s)?.push(m)
  }
  return out
}

/**
 * The order in which standbys replace a failed supernode: by their score
 * with it (failed || standby), highest first. Every standby computes the
 * same ranking; the one ranked k waits k steps after the failure is seen
 * before it acts, so the first in rank normally wins without a race, and
 * the reducer settles any race that happens anyway.
 */
export function rankStandbys (failedHex: string, standbys: Iterable<string>): string[] {
  return [...new Set(standbys)]
    .map((k): [string, number] => [k, rendezvousScore(failedHex, k)])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k]) => k)
}
