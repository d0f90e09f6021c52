import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lpStream } from '@libp2p/utils'
import { CHUNKS_PROTOCOL, LocalFleet, waitFor, type WaveStatusResult } from '@waggle/node'
import {
  ChunkRequest, ChunkResponse, createEntry, decodeKeyFile, fromHex, generateIdentity, HybridLogicalClock, sha256, TreeManifest, type Identity
} from '@waggle/protocol'
import { RoguePeer } from './helpers/rogue-peer.js'

/**
 * Waves that land: real daemons fetch a directory from each other, verify
 * it, switch to it atomically and report; bad peers and unsafe trees are
 * refused without harm.
 */
describe('content: waves that land', function () {
  const SIZE = 5
  const LATE = SIZE - 1
  let root: string
  let fleet: LocalFleet
  let federationId: Uint8Array
  let queen: Identity
  const rogues: RoguePeer[] = []
  /** The hostile peers' keys: members (hosts) by the genesis, since only members may connect at all. */
  const rogueKeys = { corrupt: generateIdentity(), escape: generateIdentity() }

  const src = (name: string): string => join(root, 'src', name)

  function makeTree (name: string, datasetBytes: number): string {
    const dir = src(name)
    mkdirSync(join(dir, 'conf.d'), { recursive: true })
    writeFileSync(join(dir, 'site.toml'), `name = "${name}"\n`)
    writeFileSync(join(dir, 'conf.d', 'motd'), `hello from ${name}\n`)
    writeFileSync(join(dir, 'dataset.bin'), randomBytes(datasetBytes))
    return dir
  }

  function assertSameTree (node: number, source: string): void {
    const current = join(fleet.nodes[node].dir.channels, 'site', 'current')
    for (const rel of ['site.toml', join('conf.d', 'motd'), 'dataset.bin']) {
      assert.ok(readFileSync(join(current, rel)).equals(readFileSync(join(source, rel))), `${fleet.nodes[node].name}: ${rel} differs${fleet.nodes[node].stderr.slice(-3000)}`)
    }
  }

  async function appliedEverywhere (nodes: number[], version: number): Promise<WaveStatusResult> {
    return await waitFor(`v${version} applied on every node`, async () => {
      const s = await fleet.call(0, 'wave.status', { channel: 'site', version })
      const failed = s.nodes.filter(n => n.state === 'failed')
      if (failed.length > 0) throw new Error(`failed: ${failed.map(n => `${n.nodeId}: ${n.reason}`).join('; ')}`)
      const applied = await Promise.all(nodes.map(async i => (await fleet.call(i, 'status', {})).applied.site))
      // and the queen has each node's applied report (reports arrive by gossip, a moment later)
      const reported = nodes.every(i => s.nodes.find(n => n.nodeId === fleet.nodes[i].nodeId)?.state === 'applied')
      return applied.every(v => v === version) && reported ? s : undefined
    }, { timeoutMs: 90_000, everyMs: 200 })
  }

  before(async function () {
    root = join(tmpdir(), `waggle-content-it-${randomBytes(4).toString('hex')}`)
    fleet = await LocalFleet.create({ size: SIZE, root, name: 'content', extraMembers: Object.values(rogueKeys).map(k => k.publicKey) })
    mkdirSync(join(root, 'src'), { recursive: true })
    federationId = fromHex(fleet.federationId)
    queen = decodeKeyFile(readFileSync(fleet.queen.dir.key, 'utf8'))
    for (let i = 0; i < LATE; i++) await fleet.start(i)
    await fleet.waitForPeers({ nodes: [0, 1, 2, 3] })
  })

  after(async function () {
    for (const r of rogues) await r.stop().catch(() => {})
    await fleet?.stopAll()
    rmSync(root, { recursive: true, force: true })
  })

  it('fetches, verifies and applies a directory on every node, which reports it', async function () {
    const v1 = makeTree('v1', 2 * 1024 * 1024 + 12345)
    const wave = await fleet.call(0, 'wave.publish', { channel: 'site', path: v1 })
    assert.equal(wave.version, 1)
    const status = await appliedEverywhere([0, 1, 2, 3], 1)
    for (const i of [0, 1, 2, 3]) assertSameTree(i, v1)
    assert.equal(status.counts.applied, 4, JSON.stringify(status.nodes))
    // the current link names the version: the switch was a rename of a link
    assert.equal(readlinkSync(join(fleet.nodes[1].dir.channels, 'site', 'current')), join('versions', '1'))
  })

  it('switches every node to a newer version, keeping the previous one', async function () {
    const v2 = makeTree('v2', 1024 * 1024)
    await fleet.call(0, 'wave.publish', { channel: 'site', path: v2 })
    await appliedEverywhere([0, 1, 2, 3], 2)
    for (const i of [0, 1, 2, 3]) {
      assertSameTree(i, v2)
      assert.equal(readlinkSync(join(fleet.nodes[i].dir.channels, 'site', 'current')), join('versions', '2'))
      assert.ok(existsSync(join(fleet.nodes[i].dir.channels, 'site', 'versions', '1')), 'the previous version was removed')
    }
  })

  it('gives a node started late the channel\'s latest version', async function () {
    await fleet.start(LATE)
    await appliedEverywhere([LATE], 2)
    assertSameTree(LATE, src('v2'))
    assert.equal(existsSync(join(fleet.nodes[LATE].dir.channels, 'site', 'versions', '1')), false, 'the late node applied every intermediate version')
  })

  it('drops a peer that serves corrupt chunks and completes from honest ones', async function () {
    const rogue = await RoguePeer.start({ federationId, identity: rogueKeys.corrupt })
    rogues.push(rogue)
    let served = 0
    const askedBy = new Map<string, number>()
    await rogue.libp2p.handle(CHUNKS_PROTOCOL, (stream, connection) => {
      void (async () => {
        const lps = lpStream(stream)
        const req = ChunkRequest.decode((await lps.read()).subarray())
        const asker = connection.remotePeer.toString()
        askedBy.set(asker, (askedBy.get(asker) ?? 0) + 1)
        for (const hash of req.hashes) {
          served++
          await lps.write(ChunkResponse.encode({ version: 1, hash, data: new Uint8Array(randomBytes(1024)), missing: false }))
        }
        await stream.close()
      })().catch(() => {})
    })
    for (const i of [1, 2, 3]) await rogue.connect(fleet.nodes[i].multiaddr)
    const v3 = makeTree('v3', 3 * 1024 * 1024)
    await fleet.call(0, 'wave.publish', { channel: 'site', path: v3 })
    await appliedEverywhere([0, 1, 2, 3, LATE], 3)
    for (const i of [1, 2, 3]) assertSameTree(i, v3)
    assert.ok(served > 0, 'no node asked the rogue for a chunk: the test proved nothing')
    const dropped = await Promise.all([1, 2, 3].map(async i => (await fleet.call(i, 'status', {})).dropped['chunks.bad-chunk'] ?? 0))
    assert.ok(dropped.some(d => d > 0), `no node counted a bad chunk: ${JSON.stringify(dropped)}`)
    // a node that caught the rogue lying leaves it out of the next wave too
    const caught = [1, 2, 3].filter((_i, k) => dropped[k] > 0).map(i => fleet.nodes[i].nodeId)
    const before = new Map(caught.map(id => [id, askedBy.get(id) ?? 0]))
    await fleet.call(0, 'wave.publish', { channel: 'site', path: makeTree('v4', 1024 * 1024) })
    await appliedEverywhere([0, 1, 2, 3, LATE], 4)
    for (const id of caught) assert.equal(askedBy.get(id) ?? 0, before.get(id), `${id} asked the rogue again in the next wave`)
  })

  it('refuses a tree that would write outside its directory, before writing anything, and reports why', async function () {
    // a queen-signed wave whose manifest reaches out of the tree; the rogue serves the manifest
    const manifest = TreeManifest.encode({
      version: 1,
      chunkSize: 1024,
      entries: [{ path: '../escaped.txt', kind: 0, mode: 0o644, size: 3, chunks: [sha256(Buffer.from('bad'))], target: '' }]
    })
    const root2 = sha256(manifest)
    const rogue = await RoguePeer.start({ federationId, identity: rogueKeys.escape })
    rogues.push(rogue)
    await rogue.libp2p.handle(CHUNKS_PROTOCOL, (stream) => {
      void (async () => {
        const lps = lpStream(stream)
        const req = ChunkRequest.decode((await lps.read()).subarray())
        for (const hash of req.hashes) {
          const mine = Buffer.from(hash).equals(Buffer.from(root2))
          await lps.write(ChunkResponse.encode({ version: 1, hash, data: mine ? manifest : new Uint8Array(0), missing: !mine }))
        }
        await stream.close()
      })().catch(() => {})
    })
    for (const i of [1, 2]) await rogue.connect(fleet.nodes[i].multiaddr)
    const status = await fleet.call(0, 'status', {})
    const entry = createEntry(queen, federationId, new HybridLogicalClock().now(), {
      type: 'wave.announce',
      wave: { channel: 'unsafe', version: 1, expiresMs: 0, content: { module: 'swarm', size: 3, sha256: root2, name: 'evil', manifestSize: manifest.byteLength } }
    })
    await rogue.gossip(entry.envelope)
    const failed = await waitFor('nodes 1 and 2 to report the unsafe wave failed', async () => {
      const s = await fleet.call(0, 'wave.status', { channel: 'unsafe' }).catch(() => undefined)
      const f = s?.nodes.filter(n => n.state === 'failed' && [fleet.nodes[1].nodeId, fleet.nodes[2].nodeId].includes(n.nodeId))
      return f != null && f.length === 2 ? f : undefined
    }, { timeoutMs: 60_000, everyMs: 200 })
    for (const f of failed) assert.match(f.reason, /refused before anything was written/)
    for (const i of [1, 2]) {
      assert.equal(existsSync(join(fleet.nodes[i].dir.channels, 'escaped.txt')), false)
      assert.equal(existsSync(join(fleet.nodes[i].dir.channels, 'unsafe', 'current')), false)
    }
    assert.ok(status.peers >= 1)
  })

  it('applies content every node downloads from an http source, verified against the announcement', async function () {
    const body = randomBytes(300 * 1024)
    const server = createServer((req, res) => {
      res.setHeader('content-length', String(body.byteLength))
      res.end(body)
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const wave = await fleet.call(0, 'wave.publish', { channel: 'mirror', path: `http://127.0.0.1:${port}/image.bin`, module: 'http' })
      for (const i of [0, 1, 2, 3, LATE]) {
        await waitFor(`${fleet.nodes[i].name} to apply the http wave`, async () => (await fleet.call(i, 'status', {})).applied.mirror === wave.version ? true : undefined, { timeoutMs: 60_000, everyMs: 200 })
        assert.ok(readFileSync(join(fleet.nodes[i].dir.channels, 'mirror', 'current', 'image.bin')).equals(body))
      }
    } finally {
      server.close()
    }
  })

  it('applies a git commit on every node, pinned at publish time', async function () {
    const repo = join(root, 'repo')
    mkdirSync(repo, { recursive: true })
    const git = (...args: string[]): string => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' }).trim()
    git('init', '-q', '-b', 'main')
    writeFileSync(join(repo, 'playbook.yml'), '- hosts: all\n')
    git('add', '.')
    git('commit', '-q', '-m', 'first')
    const commit = git('rev-parse', 'HEAD')
    const wave = await fleet.call(0, 'wave.publish', { channel: 'playbooks', path: repo, module: 'git', ref: 'main' })
    // a later commit on the branch does not change what the wave applies
    writeFileSync(join(repo, 'playbook.yml'), '- hosts: none\n')
    git('commit', '-q', '-am', 'second')
    for (const i of [1, 2]) {
      await waitFor(`${fleet.nodes[i].name} to apply the git wave`, async () => (await fleet.call(i, 'status', {})).applied.playbooks === wave.version ? true : undefined, { timeoutMs: 60_000, everyMs: 200 })
      const current = join(fleet.nodes[i].dir.channels, 'playbooks', 'current')
      assert.equal(readFileSync(join(current, 'playbook.yml'), 'utf8'), '- hosts: all\n')
      assert.equal(execFileSync('git', ['-C', current, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(), commit)
    }
  })
})
