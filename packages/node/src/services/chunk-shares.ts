/**
 * How the members of a swarm fetch (a node and its peers other than the
 * origin) split a version's chunks between them, so that each fetches only
 * its share from the origin and the others ask it for those chunks. Every
 * member computes the split alone and must come to the same one: it
 * depends only on the chunk hashes (hex) and the members' node ids, never
 * on the order either is listed in.
 */

/**
 * Splits chunks between members by balanced rendezvous hashing: in the
 * chunks' sorted order, each goes to the member that scores highest with
 * it among those whose share is not full, every share holding an even
 * split (the first members in id order one more when it does not divide).
 * Plain rendezvous shares vary by ±20% with nine members; the member with
 * the largest would get it from the origin last and upload it longest, and
 * members done early leave the origin's link to the rest, which then get
 * chunks faster than they can pass them on. Each share comes in the order
 * its member fetches it ({@link shareOrder}).
 *
 * @returns member → its chunks
 */
export function splitShares (chunks: Iterable<string>, members: Iterable<string>): Map<string, string[]> {
  const sortedChunks = [...new Set(chunks)].sort()
  const sortedMembers = [...new Set(members)].sort()
  const shares = new Map<string, string[]>(sortedMembers.map(m => [m, []]))
  if (sortedMembers.length === 0) return shares
  const keys = sortedMembers.map(nodeKey)
  const even = Math.floor(sortedChunks.length / sortedMembers.length)
  const caps = sortedMembers.map((_, i) => even + (i < sortedChunks.length % sortedMembers.length ? 1 : 0))
  const loads = sortedMembers.map(() => 0)
  for (const h of sortedChunks) {
    const c = chunkKey(h)
    let best = -1
    let bestScore = -1
    for (let i = 0; i < sortedMembers.length; i++) {
      if (loads[i] >= caps[i]) continue
      const s = rendezvous(c, keys[i])
      if (s > bestScore) { best = i; bestScore = s }
    }
    loads[best]++
    shares.get(sortedMembers[best])?.push(h)
  }
  for (const [m, list] of shares) shares.set(m, shareOrder(m, list))
  return shares
}

/**
 * The member that scores highest with a chunk (plain rendezvous): when a
 * member leaves, only the chunks it held move, and every node that sees the
 * same members leave moves them alike.
 */
export function rendezvousOwner (chunk: string, members: Iterable<string>): string | undefined {
  const c = chunkKey(chunk)
  let best: string | undefined
  let bestScore = -1
  for (const m of members) {
    const s = rendezvous(c, nodeKey(m))
    if (s > bestScore || (s === bestScore && best != null && m < best)) { best = m; bestScore = s }
  }
  return best
}

/** A member's chunks in the order it fetches them from the origin, best score first: an order its peers compute alike. */
export function shareOrder (member: string, chunks: Iterable<string>): string[] {
  const key = nodeKey(member)
  return [...chunks]
    .map((h): [string, number] => [h, rendezvous(chunkKey(h), key)])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([h]) => h)
}

/** A node's rendezvous key: FNV-1a of its id, mixed. */
function nodeKey (id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return fmix32(h)
}

/** A chunk's rendezvous key: the first 32 bits of its SHA-256, uniform already. */
function chunkKey (hex: string): number {
  return Number.parseInt(hex.slice(0, 8), 16) | 0
}

/** A chunk's score with a node. */
function rendezvous (chunk: number, node: number): number {
  return fmix32(chunk ^ node)
}

/** MurmurHash3's 32-bit finaliser: every input bit moves every output bit. */
function fmix32 (x: number): number {
  let h = x
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
