import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { generateIdentity, sha256, toHex } from '@waggle/protocol'
import { fsChunkStore, type ChunkStore } from '@waggle/sync-modules'
import { splitShares } from '../src/services/chunk-shares.js'
import { ChunkService } from '../src/services/chunks.js'
import { createHost, type WaggleLibp2p } from '../src/services/host.js'
import { silentLogging } from '../src/logger.js'

/** Bound on one fetch that must finish: a member left out after its silence (4 s), then a chunk from the origin. */
const FETCH_BOUND_MS = 30_000

interface Peer { id: string, libp2p: WaggleLibp2p, store: ChunkStore, chunks: ChunkService }

describe('chunk fetches', function () {
  let dir: string
  const peers: Peer[] = []

  async function peer (name: string, identity = generateIdentity()): Promise<Peer> {
    const libp2p = await createHost({ identity, listen: ['/ip4/127.0.0.1/tcp/0'], announce: [] })
    const store = fsChunkStore(join(dir, name))
    const chunks = new ChunkService({ libp2p, store, log: silentLogging().forComponent(name) })
    await libp2p.start()
    await chunks.start()
    const p = { id: identity.nodeId, libp2p, store, chunks }
    peers.push(p)
    return p
  }

  async function connect (from: Peer, to: Peer): Promise<void> {
    await from.libp2p.dial(multiaddr(`${to.libp2p.getMultiaddrs()[0].toString()}`), { signal: AbortSignal.timeout(10_000) })
  }

  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'waggle-chunks-'))
  })

  after(async function () {
    for (const p of peers) {
      await p.chunks.stop()
      await p.libp2p.stop()
    }
    rmSync(dir, { recursive: true, force: true })
  })

  it('gets a chunk from the origin when every member it was shared to is cut off from the origin', async function () {
    // the announcer reaches one node only (a queen on a leaf of the mesh); that node's
    // peers are its members, and the one chunk falls to one of them, which cannot fetch it
    const data = randomBytes(4096)
    const hash = sha256(data)
    const leaves = [await peer('leaf-a'), await peer('leaf-b')]
    // shares are even splits over the members in id order (one chunk: the first member's), so pick
    // a hub identity that gets none (bounded: two identities in three qualify)
    let hubIdentity = generateIdentity()
    for (let tries = 0; (splitShares([toHex(hash)], [hubIdentity.nodeId, ...leaves.map(l => l.id)]).get(hubIdentity.nodeId) ?? []).length > 0; tries++) {
      assert.ok(tries < 1000, 'no hub identity without a share')
      hubIdentity = generateIdentity()
    }
    const origin = await peer('origin')
    const hub = await peer('hub', hubIdentity)
    await connect(hub, origin)
    for (const l of leaves) await connect(l, hub)
    await origin.store.put(hash, data)

    const fetches = [hub, ...leaves].map(async p => await p.chunks.fetch([hash], { signal: AbortSignal.timeout(FETCH_BOUND_MS), origin: origin.id }))
    const [viaHub] = await Promise.all(fetches)
    assert.equal(viaHub.bytes, data.byteLength)
    assert.equal(viaHub.fromPeers, 0, 'the hub got the chunk from a peer, not the origin')
    for (const p of [hub, ...leaves]) assert.deepEqual(await p.store.get(hash), new Uint8Array(data))
  })
})
